"""Hostile values and the plumbing of the fuzz requests: paths filled from the world, the query string recorded
while a page runs (what templates and helpers look up), the pages read again after a write."""

import itertools
import re
from datetime import date
from fnmatch import fnmatch
from urllib.parse import quote

from flask import has_request_context, request
from hypothesis import strategies as st
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from tests.conftest import login

HUGE = "9" * 25
HOSTILE_TEXT = ["", " ", "²", "٣", "١٢", "0", "-1", HUGE, str(2**31), str(2**63), "1e308", "NaN", "nan", "inf",
                "-Infinity", "1e999", "0000-00-00", "0001-01-01", "9999-12-31", "2021-02-30", "0001-01-01T00:00",
                "9999-12-31T23:59", "x" * 5000, "a\x00b", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "%",
                "%00", "../../etc", "\r\nSet-Cookie: x=1", "=HYPERLINK(\"http://evil.example\")", "Europe/Brussels",
                "Mars/Olympus", "TH", "th", "ALL", "XX", "2021", "2021-03-29", "TH:²", "TH:" + HUGE,
                "Europe/Brussels@25:00-26:00", "10:00", "24:61", "y", "on", "csv", "md", "xlsx", "html", "ASEAN",
                "Revenue", "accredited", "😀" * 50, "\ufeff", "\u202e", "²-1", "1-" + HUGE, "confirm", "ignore"]
FILES = [b"", b"PK\x03\x04" + b"\x00" * 40, b"name,email,administration,role\n=1+1,a@b.cd,TH,observer\n",
         b"\xff\xfe\x00\x00", "naïve,\x00\n".encode(), b"x" * 5000,
         b"Name (Original Name),User Email,Duration (Minutes)\nSomchai Jaidee,x@y.z," + b"9" * 400 + b"\n"]
FILE_NAMES = ["roster.csv", "roster.xlsx", "report.csv", "x", "../../x.csv", "a\x00.csv"]

hostile = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(date.isoformat),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)

_ARG = re.compile(r"<(?:([^:>]+):)?(\w+)>")


def arguments(rule) -> list[str]:
    return [m.group(2) for m in _ARG.finditer(rule.rule)]


def path_of(rule, values: dict) -> str:
    return _ARG.sub(lambda m: quote(values[m.group(2)], safe=""), rule.rule)


def first_values(world, rule) -> dict:
    return {n: (world.path_values(rule.endpoint, n) or ["x"])[0] for n in arguments(rule)}


def path_strategy(world, rule):
    """Each path argument real (from the world) or hostile."""
    names = arguments(rule)
    real = {n: world.path_values(rule.endpoint, n) for n in names}
    return st.fixed_dictionaries({n: st.sampled_from(real[n]) if real[n] else hostile for n in names}) \
        | st.fixed_dictionaries({n: st.one_of(st.sampled_from(real[n] or ["x"]), hostile) for n in names})


def args_strategy(world, names):
    """Some of the parameters, each hostile or naming something real."""
    def value(name):
        real = world.query_values(name)
        return st.one_of(st.sampled_from(real), hostile) if real else hostile

    return st.lists(st.sampled_from(names or ("x",)), unique=True, max_size=6).flatmap(
        lambda keys: st.fixed_dictionaries({k: value(k) for k in keys}))


def covered(name: str, declared) -> bool:
    """A name read (or a pattern such as row-*) is among the declared ones."""
    return any(name == d or fnmatch(d, name) for d in declared)


_clients = itertools.count(1)


def client_as(app, role):
    """A client logged in as the role, from an address of its own: the failed logins the fuzz sends count per
    client address too (20 per 15 minutes), and a new client follows each post to /login."""
    client = app.test_client()
    number = next(_clients)
    client.environ_base["REMOTE_ADDR"] = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    if role != "anonymous":
        login(client, f"{role}@fuzz.example")
    return client


def assert_no_5xx(response, what):
    assert response.status_code < 500, f"{what} answered {response.status_code}"


def recrawl(clients: dict, world):
    """After an accepted write: the pages that show it, as the role that wrote and as an anonymous visitor."""
    for role, client in clients.items():
        for path in world.recrawl_paths(role):
            assert_no_5xx(client.get(path), f"recrawl GET {path} as {role}")


class RecordingArgs(ImmutableMultiDict):
    """A request's query string that remembers every name looked up in it (by a view, a helper or a template),
    by the endpoint that served the request (a hostile path may reach another rule than the one drawn)."""

    seen: dict

    def _saw(self, key):
        self.seen.setdefault(request.endpoint if has_request_context() else None, set()).add(key)

    def __getitem__(self, key):
        self._saw(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # noqa: A002 (werkzeug's name)
        self._saw(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        self._saw(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        self._saw(key)
        return super().__contains__(key)


def recording_request_class(base, seen: dict):
    """A request class whose query string records into `seen` (endpoint -> names); install it with monkeypatch
    on app.request_class."""

    class RecordingRequest(base):
        @cached_property
        def args(self):
            args = RecordingArgs(super().args)
            args.seen = seen
            return args

    return RecordingRequest
