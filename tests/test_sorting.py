"""Sortable columns of the long lists: a click on a header sorts by it, a second click the other way; the header of the
sorted column says so to screen readers (aria-sort); pages keep the sort; an unknown column is the default order."""

from datetime import UTC, date, datetime, time
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from rocb.experts.services import save_expert
from rocb.extensions import db
from rocb.mail.models import OutboxMessage
from rocb.mail.services import queue_message
from rocb.registry.models import Administration
from rocb.surveys import services as surveys
from rocb.workshops.models import Workshop
from tests.conftest import QueryCounter, login, make_user
from tests.factories import make_workshop
from tests.surveys.conftest import TOPICS, item, make_cycle


class _Table(HTMLParser):
    """The first table of a page: its headers (text, aria-sort, link) and its body's rows (cell texts, first link
    text of each cell)."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self.links = [], [], []
        self._in, self._cell, self._link, self._done = None, None, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag in ("thead", "tbody"):
            self._in = tag
        elif tag == "th" and self._in == "thead":
            self.headers.append({"text": "", "aria-sort": attrs.get("aria-sort"), "href": None})
            self._cell = self.headers[-1]
        elif tag == "tr" and self._in == "tbody":
            self.rows.append([])
            self.links.append([])
        elif tag == "td" and self._in == "tbody" and self.rows:
            self.rows[-1].append("")
            self.links[-1].append(None)
            self._cell = "td"
        elif tag == "a" and self._cell is not None:
            self._link = ""
            if isinstance(self._cell, dict):
                self._cell["href"] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._cell = None
        elif tag == "a" and self._link is not None:
            if self._cell == "td" and self.links[-1][-1] is None:
                self.links[-1][-1] = self._link.strip()
            self._link = None
        elif tag == "table" and self._in:
            self._done = True

    def handle_data(self, data):
        if self._cell == "td":
            self.rows[-1][-1] += data
        elif isinstance(self._cell, dict):
            self._cell["text"] += data
        if self._link is not None:
            self._link += data


def _table(client, path) -> _Table:
    response = client.get(path)
    assert response.status_code == 200, path
    table = _Table()
    table.feed(response.get_data(as_text=True))
    table.rows = [[" ".join(c.split()) for c in row] for row in table.rows]
    return table


def _header(table, label) -> dict:
    return next(h for h in table.headers if " ".join(h["text"].split()).startswith(label))


def _column(client, path, index, links=False) -> list[str]:
    table = _table(client, path)
    return [row[index] for row in (table.links if links else table.rows)]


def _sorted_both_ways(client, base, column, label, index, expected_asc, links=False):
    """Sorted ascending the column's first rows are expected_asc; descending, its reverse (then the empty cells)."""
    sep = "&" if "?" in base else "?"
    for order, expected in (("asc", expected_asc), ("desc", list(reversed(expected_asc)))):
        path = f"{base}{sep}sort={column}&order={order}"
        table = _table(client, path)
        cells = [row[index] for row in (table.links if links else table.rows)]
        assert cells[:len(expected)] == expected, (path, cells)
        assert _header(table, label)["aria-sort"] == ("ascending" if order == "asc" else "descending"), path
        assert [h["aria-sort"] for h in table.headers].count(None) == len(table.headers) - 1, path


# ---------------------------------------------------------------- workshops


@pytest.fixture
def workshops(staff_client):
    for seeded_workshop in db.session.execute(select(Workshop)).scalars():  # the seed's records: this test's only
        db.session.delete(seeded_workshop)
    db.session.commit()
    make_workshop("Regional Workshop on AEO", kind="regional workshop", mode="online", status="confirmed",
                  host="administration:TH", sessions=[(datetime(2024, 11, 25, 9), datetime(2024, 11, 25, 12))])
    make_workshop("National Workshop on Risk Management", kind="national workshop", mode="physical", status="held",
                  host="administration:JP", sessions=[date(2023, 5, 10)])
    make_workshop("Diagnostic Mission on Post-Clearance Audit", kind="diagnostic mission", mode="hybrid",
                  status="planned", host_label="WCO Headquarters (Brussels)", sessions=[date(2025, 2, 3)])
    make_workshop("Meeting of the Heads of RTCs", kind="meeting", mode="online", status="postponed")  # no dates
    return staff_client


AEO, RISK, PCA, HEADS = ("Regional Workshop on AEO", "National Workshop on Risk Management",
                         "Diagnostic Mission on Post-Clearance Audit", "Meeting of the Heads of RTCs")


def test_the_workshop_list_sorts_by_each_column_both_ways(workshops):
    client = workshops
    assert _column(client, "/workshops/", 1) == [PCA, AEO, RISK, HEADS]  # by default the latest first
    _sorted_both_ways(client, "/workshops/", "title", "Title", 1, [PCA, HEADS, RISK, AEO])
    _sorted_both_ways(client, "/workshops/", "kind", "Kind", 1, [PCA, HEADS, RISK, AEO])
    # planned, confirmed, held, postponed: the order a workshop goes through them, not the alphabet's
    _sorted_both_ways(client, "/workshops/", "status", "Status", 1, [PCA, AEO, RISK, HEADS])
    # Dates: the oldest first, the one without dates last whichever the direction.
    assert _column(client, "/workshops/?sort=dates&order=asc", 1) == [RISK, AEO, PCA, HEADS]
    assert _column(client, "/workshops/?sort=dates&order=desc", 1) == [PCA, AEO, RISK, HEADS]
    # Host: as the list names it (the record's label, else the administration), no host last.
    assert _column(client, "/workshops/?sort=host&order=asc", 1) == [RISK, AEO, PCA, HEADS]
    assert _column(client, "/workshops/?sort=host&order=desc", 1) == [PCA, AEO, RISK, HEADS]
    assert _column(client, "/workshops/?sort=host&order=asc", 4)[:3] == ["Japan", "Thailand",
                                                                         "WCO Headquarters (Brussels)"]
    # Mode, then the date: hybrid, online (2024, then none), physical.
    assert _column(client, "/workshops/?sort=mode&order=asc", 1) == [PCA, AEO, HEADS, RISK]


def test_a_header_link_sorts_the_other_way_and_keeps_the_filters(workshops):
    client = workshops
    table = _table(client, "/workshops/?mode=online&page=1")
    title = _header(table, "Title")
    assert title["aria-sort"] is None and "sort=title" in title["href"] and "order=asc" in title["href"]
    assert "mode=online" in title["href"] and "page=" not in title["href"]
    assert _header(table, "Dates")["aria-sort"] == "descending"  # the default order, said
    assert "order=asc" in _header(table, "Dates")["href"]  # a click on the sorted column turns it round
    table = _table(client, "/workshops/?mode=online&sort=title&order=asc")
    assert "order=desc" in _header(table, "Title")["href"]
    assert [row[1] for row in table.rows] == [HEADS, AEO]
    assert "Fund" in [" ".join(h["text"].split()) for h in table.headers if h["href"] is None]  # not sortable


def test_pages_keep_the_sort(workshops):
    html = workshops.get("/workshops/?sort=title&order=desc&per_page=2").get_data(as_text=True)
    assert "sort=title" in html.split('aria-label="Pages"')[1] and "order=desc" in html.split('aria-label="Pages"')[1]
    assert _column(workshops, "/workshops/?sort=title&order=desc&per_page=2&page=2", 1) == [HEADS, PCA]
    # the filter form carries the sort too
    assert 'name="sort" value="title"' in html and 'name="order" value="desc"' in html


@pytest.mark.parametrize("args", ["sort=budget", "sort=Title&order=asc", "sort=title.desc", "sort=²&order=desc",
                                  "sort=&order=up",
                                  "sort=" + "x" * 5000, "order=desc"])
def test_an_unknown_sort_is_the_default_order(workshops, args):
    table = _table(workshops, f"/workshops/?{args}")
    assert [row[1] for row in table.rows] == [PCA, AEO, RISK, HEADS]
    assert _header(table, "Dates")["aria-sort"] == "descending"


def test_page_and_sort_links_leave_out_arguments_named_like_url_for_s_own(workshops):
    for n in range(3):
        make_workshop(f"Sub-Regional Workshop {n}", sessions=[date(2022, 3, n + 1)])
    for name in ("endpoint", "_external", "_anchor", "_method", "_scheme"):
        response = workshops.get(f"/workshops/?per_page=2&sort=title&{name}=javascript")
        assert response.status_code == 200, name
        html = response.get_data(as_text=True)
        assert "page=2" in html and f"{name}=" not in html.split("<thead>")[1]


def test_an_unknown_order_is_the_column_s_first_order(workshops):
    assert _column(workshops, "/workshops/?sort=title&order=sideways", 1) == [PCA, HEADS, RISK, AEO]
    assert _column(workshops, "/workshops/?sort=dates&order=", 1) == [PCA, AEO, RISK, HEADS]  # dates: latest first


def test_sorting_does_not_add_queries(workshops):
    client = workshops
    client.get("/workshops/")
    counts = {}
    for args in ("", "?sort=host&order=desc", "?sort=status&order=asc", "?sort=title&order=desc"):
        with QueryCounter() as q:
            client.get(f"/workshops/{args}")
        counts[args] = q.count
    for n in range(6):
        make_workshop(f"Sub-Regional Workshop {n}", host="administration:WS", sessions=[date(2022, 3, n + 1)])
    client.get("/")  # the data versions, read once after the changes
    with QueryCounter() as more:
        client.get("/workshops/?sort=host&order=desc")
    assert len(set(counts.values())) == 1 and more.count == counts[""], (counts, more.count)


# ---------------------------------------------------------------- the registry


def test_administrations_sort_by_code_name_subregion_and_zone(seeded, client):
    default = _table(client, "/administrations/")
    assert _header(default, "Subregion")["aria-sort"] == "ascending"
    codes = [row[0] for row in default.rows]
    assert len(codes) == 35
    _sorted_both_ways(client, "/administrations/", "code", "Code", 0, sorted(codes))
    names = _column(client, "/administrations/", 1, links=True)
    _sorted_both_ways(client, "/administrations/", "name", "Administration", 1, sorted(names, key=str.lower),
                      links=True)
    zones = _column(client, "/administrations/?sort=timezone&order=asc", 3)
    assert zones == sorted(zones) and zones[0].startswith("Asia/") and zones[-1].startswith("Pacific/")
    assert _column(client, "/administrations/?sort=timezone&order=desc", 3) == sorted(zones, reverse=True)
    assert _column(client, "/administrations/?sort=subregion&order=desc", 2)[0] == "Sub-Continent"


def test_entities_sort_by_each_column_both_ways(seeded, client):
    names = _column(client, "/entities/", 1, links=True)
    _sorted_both_ways(client, "/entities/", "name", "Name", 1, sorted(names, key=str.lower), links=True)
    hosts = _column(client, "/entities/", 2)
    _sorted_both_ways(client, "/entities/", "host", "Host", 2, sorted(hosts))
    kinds = _column(client, "/entities/?sort=kind&order=desc", 0)
    assert kinds == sorted(kinds, reverse=True) and kinds[0] == "RTC"
    cities = [c for c in _column(client, "/entities/?sort=city&order=asc", 3) if c]
    assert cities == sorted(cities) and cities[0] == "Bangkok"
    statuses = _column(client, "/entities/?sort=status&order=asc", 4)
    order = ("prospective", "candidate", "accredited", "suspended", "closed")
    assert statuses == sorted(statuses, key=order.index)
    newest = _column(client, "/entities/?sort=established&order=desc", 5)
    oldest = _column(client, "/entities/?sort=established&order=asc", 5)
    assert newest[0] != "—" and oldest[0] != "—" and newest[0] != oldest[0]
    assert newest[-1] == "—" and oldest[-1] == "—"  # not recorded: last both ways
    assert _column(client, "/entities/?kind=RCL&sort=name&order=desc", 1, links=True)[0].startswith("RCL Korea")


# ---------------------------------------------------------------- staff lists


def test_experts_sort_by_name_kind_affiliation_and_zone(staff_client):
    base = {"working_days": "Mon-Fri", "work_start": time(9), "work_end": time(17), "topic_codes": []}
    save_expert({**base, "name": "Ana Tuilagi", "kind": "facilitator", "timezone": "Pacific/Apia",
                 "administration_code": "WS"})
    save_expert({**base, "name": "Bruno Lefèvre", "kind": "WCO-accredited expert", "timezone": "Europe/Brussels"})
    save_expert({**base, "name": "Chen Wei", "kind": "resource person", "timezone": "Asia/Shanghai",
                 "administration_code": "CN"})
    db.session.commit()
    _sorted_both_ways(staff_client, "/experts/", "name", "Name", 0, ["Ana Tuilagi", "Bruno Lefèvre", "Chen Wei"])
    _sorted_both_ways(staff_client, "/experts/", "kind", "Kind", 0, ["Bruno Lefèvre", "Ana Tuilagi", "Chen Wei"])
    _sorted_both_ways(staff_client, "/experts/", "timezone", "Time zone", 0,
                      ["Chen Wei", "Bruno Lefèvre", "Ana Tuilagi"])
    assert _column(staff_client, "/experts/?sort=affiliation&order=asc", 0) == ["Chen Wei", "Ana Tuilagi",
                                                                                  "Bruno Lefèvre"]
    assert _column(staff_client, "/experts/?sort=affiliation&order=desc", 0) == ["Ana Tuilagi", "Chen Wei",
                                                                                   "Bruno Lefèvre"]


def test_users_sort_by_each_column_both_ways(seeded, client):
    make_user("pm@rocb-ap.org", "staff")
    make_user("focal@customs.go.th", "focal_point", "TH")
    make_user("focal@customs.gov.ws", "focal_point", "WS")
    make_user("admin@rocb-ap.org", "admin")
    login(client, "pm@rocb-ap.org")
    _sorted_both_ways(client, "/users/", "email", "E-mail", 0, ["admin@rocb-ap.org", "focal@customs.go.th",
                                                               "focal@customs.gov.ws", "pm@rocb-ap.org"])
    default = _column(client, "/users/", 0)
    assert default == ["admin@rocb-ap.org", "focal@customs.go.th", "focal@customs.gov.ws", "pm@rocb-ap.org"]
    assert _column(client, "/users/?sort=role&order=desc", 2)[0] == "staff"
    assert _column(client, "/users/?sort=administration&order=asc", 3)[:2] == ["Samoa", "Thailand"]
    assert _column(client, "/users/?sort=administration&order=desc", 3)[:2] == ["Thailand", "Samoa"]
    assert _column(client, "/users/?sort=administration&order=desc", 3)[2:] == ["", ""]


def test_outbox_sorts_by_each_column_both_ways(seeded, staff_client):
    for to, subject in (("b@customs.go.th", "Invitation"), ("a@customs.go.th", "Reminder"),
                        ("c@customs.go.th", "Call for nominations")):
        queue_message(to, subject, "notice", {"greeting": "Dear colleague,", "paragraphs": ["Text."]})
    db.session.commit()
    messages = db.session.execute(select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()
    for n, message in enumerate(messages):
        message.created_at = datetime(2024, 11, 25 + n, tzinfo=UTC)
    messages[2].attempts, messages[2].status = 3, "failed"
    db.session.commit()
    _sorted_both_ways(staff_client, "/outbox/", "queued", "Queued", 1,
                      ["b@customs.go.th", "a@customs.go.th", "c@customs.go.th"])
    assert _column(staff_client, "/outbox/", 1)[0] == "c@customs.go.th"  # newest first by default
    _sorted_both_ways(staff_client, "/outbox/", "to", "To", 1,
                      ["a@customs.go.th", "b@customs.go.th", "c@customs.go.th"])
    _sorted_both_ways(staff_client, "/outbox/", "subject", "Subject", 2,
                      ["Call for nominations", "Invitation", "Reminder"])
    assert _column(staff_client, "/outbox/?sort=tries&order=desc", 4)[0] == "3"
    assert _column(staff_client, "/outbox/?sort=status&order=asc", 3)[0] == "failed"


def test_the_survey_status_table_sorts_by_status_and_dates(seeded, staff_client):
    year = datetime.now(UTC).year
    cycle = make_cycle(year)

    def answer(code, submit):
        admin = db.session.execute(select(Administration).where(Administration.code == code)).scalar_one()
        surveys.save_response(cycle, admin, {"window_start": time(9), "window_end": time(12), "languages": "",
                                             "contact_person": "", "other_needs": "",
                                             "items": {c: item("high", 2) for c in TOPICS}}, None, submit=submit)
        db.session.commit()

    answer("WS", submit=True)
    answer("AF", submit=False)
    path = f"/surveys/{year}/"
    assert _column(staff_client, path, 0)[0].startswith("Afghanistan")
    statuses = _column(staff_client, path + "?sort=status&order=desc", 1)
    assert statuses[:2] == ["submitted", "draft"] and set(statuses[2:]) == {"not started"}
    assert _column(staff_client, path + "?sort=status&order=asc", 1)[-2:] == ["draft", "submitted"]
    assert _column(staff_client, path + "?sort=submitted&order=desc", 0)[0].startswith("Samoa")
    assert [n.split()[0] for n in _column(staff_client, path + "?sort=saved&order=asc", 0)[:2]] == ["Samoa",
                                                                                                   "Afghanistan"]
    assert _column(staff_client, path + "?sort=administration&order=desc", 0)[0].startswith("Viet Nam")
    table = _table(staff_client, path + "?sort=deadline&order=bogus")
    assert _header(table, "Deadline")["aria-sort"] == "ascending"
    assert staff_client.get(path + "?sort=%00&order=" + "x" * 3000).status_code == 200
