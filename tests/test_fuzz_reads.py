"""The check behind tests/test_fuzz.py's tables: a ?parameter a view reads, itself or through a helper or a form
built from the query, is seen, so that a new one without fuzz coverage fails
`test_every_route_and_parameter_is_fuzzed`; a key it cannot know is reported, never silently skipped."""

from functools import partial

from flask import request

from rocb import params
from rocb.pages import page_args
from rocb.proposals.views import proposal_form
from rocb.scheduling.forms import ZonesForm
from tests.fuzzing.reads import POSTED, QUERY, Reads

SORTS = ("sort", "order")


def _fields(app, form_class, prefix=""):
    with app.test_request_context():
        return [field.name for field in form_class(formdata=None, prefix=prefix)]


def _list_view():
    page = page_args()  # ?page= and ?per_page=, read inside the helper
    year = params.int_arg(request.args, "year", 1950, 2100)
    sort, order = (request.args.get(k, "") for k in SORTS)
    if "mine" in request.args:
        return page, year, sort, order
    return ZonesForm(formdata=request.args), proposal_form(request.args)


def _unknowable_view():
    name = request.headers.get("X-Field", "q")
    return request.args.get(name)


def _posting_view():
    ticks = request.form.getlist("present")
    rows = [request.form.get(f"row-{n}") for n in range(3)]
    return ticks, rows, request.values.get("administration")


def test_parameters_read_through_helpers_loops_and_forms_are_seen(app):
    names, unresolved = Reads(QUERY, partial(_fields, app)).of(_list_view)
    assert unresolved == []
    assert {"page", "per_page", "year", "sort", "order", "mine", "zones"} <= names  # helpers, loops, a form
    assert {"topic", "admins", "days", "hours", "from", "to", "reference"} <= names  # a form built by a helper


def test_a_key_that_cannot_be_known_is_reported(app):
    names, unresolved = Reads(QUERY, partial(_fields, app)).of(_unknowable_view)
    assert names == set() and unresolved == ["tests.test_fuzz_reads._unknowable_view: name"]


def test_fields_read_from_a_posted_form_are_seen_with_patterns(app):
    names, unresolved = Reads(POSTED, partial(_fields, app)).of(_posting_view)
    assert (names, unresolved) == ({"present", "row-*", "administration"}, [])
