"""Fuzz: every rule of app.url_map and every form, with hostile values, as anonymous, focal point, staff and admin.
Nothing a visitor can send answers 500 or more; after each accepted write the pages that show it are read again, as
the writer and as an anonymous visitor.

Two tables say what to send, and `test_every_route_and_parameter_is_fuzzed` holds them to the views:
- QUERY_ARGS: endpoint -> the GET parameters it reads. Checked against app.url_map and against what the view
  reads, found in its source and in the helpers and forms it passes the query to (tests/fuzzing/reads.py: a
  `request.args.get("x")`, `page_args()`, `PlannerForm(formdata=request.args)`, `proposal_form(request.args)`),
  and, while the GET fuzz runs, against every name the view or its template looked up in the query string.
- FORMS: POST endpoint -> (form, baseline). form: the form class the view builds (functools.partial for a prefix,
  a tuple when the page has several, None for a bare button); baseline: the fields of a valid post (a value may be
  a function of the world, e.g. an id). Names the view reads from request.form itself must be in the baseline.
A new route, ?parameter, form or field without a row fails that test. The rows the requests run against are in
tests/fuzzing/world.py (add one there when a new page is about a new kind of thing).

Bounded by ROCB_FUZZ_EXAMPLES (default 25) so that the whole file runs in a few minutes on 2 cores, on SQLite and
PostgreSQL.
"""

import io
import os
from datetime import timedelta
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rocb.extensions import utcnow
from tests.fuzzing import requests as fuzz
from tests.fuzzing.reads import POSTED, QUERY, Reads
from tests.fuzzing.world import ROLES, World

EXAMPLES = int(os.environ.get("ROCB_FUZZ_EXAMPLES", "25"))

# ---------------------------------------------------------------- GET: endpoint -> the parameters its view reads

PAGE = ("page", "per_page")
SORT = ("sort", "order")
ZONES = ("zones",)
PLANNER = ("workshop", "admins", "zones", "from", "to", "duration", "reference", "require", "weights", "series",
           "preferred")
PROPOSAL = ("topic", "admins", "asked", "experts", "hard", "days", "hours", "from", "to", "reference")
EXPERTS = ("topic", "zone", "q")
ANALYTICS = ("cycle", "subregion", "package")
WORKSHOP_PREFILL = ("title", "kind", "mode", "status", "reference_zone", "host", "host_label", "venue_city",
                    "platform", "join_link", "topic_codes", "fund_codes", "invited_codes", "organizer_codes",
                    "organizer_entity_ids", "organizer_organization_ids", "facilitator_ids",
                    "reported_administrations_count", "other_participants_note", "is_public", "description")
CALENDAR_FILTERS = ("administration", "entity", "topic", "mode", "status")

QUERY_ARGS = {
    "core.dashboard": (), "core.healthz": (), "static": (),
    "auth.login": ("next",), "auth.display_zone": ("next",), "auth.user_list": (*PAGE, *SORT),
    "registry.administration_list": (*PAGE, *SORT), "registry.administration_detail": (),
    "registry.administration_create": (), "registry.administration_edit": (),
    "registry.entity_list": ("kind", "host", "status", *PAGE, *SORT), "registry.entity_detail": (),
    "registry.entity_create": (), "registry.entity_edit": (),
    "registry.organizations_list": PAGE, "registry.organizations_create": (), "registry.organizations_edit": (),
    "registry.topics_list": PAGE, "registry.topics_create": (), "registry.topics_edit": (),
    "registry.funds_list": PAGE, "registry.funds_create": (), "registry.funds_edit": (),
    "api.administrations": (), "api.entities": (),
    "workshops.workshop_list": ("year", "topic", "mode", "status", "fund", "administration", *PAGE, *SORT),
    "workshops.workshop_detail": (), "workshops.workshop_create": WORKSHOP_PREFILL, "workshops.workshop_edit": (),
    "workshops.session_add": (), "workshops.session_edit": (), "workshops.participant_add": (),
    "workshops.participant_edit": (), "workshops.headcount_add": (), "workshops.headcount_edit": (),
    "workshops.roster_import": (), "workshops.roster_export": (), "workshops.roster_template": (),
    "workshops.administration_participation": PAGE, "workshops.activity_report": ("from", "to", "format"),
    "api.workshops": ("from", "to"), "api.workshop": (),
    "scheduling.workshop_schedule": ZONES, "scheduling.planner": PLANNER,
    "api.workshop_schedule_json": ZONES, "api.planner_json": PLANNER,
    "feeds.public_calendar": (), "feeds.administration_calendar": (), "feeds.entity_calendar": (),
    "feeds.workshop_calendar": (), "feeds.private_calendar": (), "feeds.calendars": (), "feeds.my_calendar": (),
    "feeds.roster_feed_links": (),
    "surveys.cycle_list": PAGE, "surveys.cycle_detail": ("administration", *SORT), "surveys.cycle_edit": (),
    "surveys.cycle_create": (), "surveys.response": ("administration",), "surveys.cycle_reopen": (),
    "surveys.response_reopen": (), "surveys.reminders": (), "surveys.results": (),
    "surveys.administration_history": (), "surveys.export_csv": (), "surveys.export_xlsx": (),
    "surveys.export_all_xlsx": (), "surveys.template": ("administration",), "surveys.import_template": (),
    "api.survey_needs": ("status",),
    "analytics.index": ANALYTICS, "analytics.chart_download": ANALYTICS, "analytics.section": ANALYTICS,
    "api.needs_vs_delivery": ANALYTICS,
    # accounts, experts, holidays, nominations, mail, attendance, proposals
    "api.experts": EXPERTS, "api.workshop_nominations": (), "api.workshop_proposal": PROPOSAL,
    "auth.accept_invitation": (), "auth.account": (), "auth.forgot_password": (), "auth.invite_user": (),
    "auth.reset_password": (), "auth.user_detail": PAGE, "closures.holidays": ("year",), "experts.expert_create": (),
    "experts.expert_detail": (), "experts.expert_edit": (), "experts.expert_list": (*EXPERTS, *PAGE, *SORT),
    "history.workshop_history": PAGE, "mail.outbox": ("status", *PAGE, *SORT), "mail.outbox_message": (),
    "nominations.call_open": (), "nominations.call_page": ("administration",), "nominations.call_review": (),
    "nominations.nomination_edit": (), "nominations.nomination_home": (), "proposals.propose": PROPOSAL,
    "workshops.attendance_grid": (), "workshops.attendance_import": (),
    # calendar, search, session series (UI), the API's contract
    "calendar.calendar": ("date", "view", *CALENDAR_FILTERS),
    "api.calendar_events": ("start", "end", "zone", *CALENDAR_FILTERS), "api.zones": (),
    "search.search": ("q", *PAGE),
    # certificates and evaluations
    "api.evaluation_api": (), "certificates.certificate_pdf": (), "certificates.certificates_zip": (),
    "certificates.holder_pdf": ("key",), "certificates.verify": (), "certificates.workshop_certificates": (),
    "evaluations.evaluation_form": (), "evaluations.evaluation_results": (),
    "evaluations.knowledge_questions": (), "evaluations.knowledge_form": (),
    "workshops.session_series": (), "api.openapi_json": (), "api.openapi_page": (),
    "workshops.session_table": (),
    # follow-ups
    "followups.followup_list": PAGE, "followups.followup_answer": (), "followups.workshop_followups": (),
}


# ---------------------------------------------------------------- POST: endpoint -> (form, a valid post)


def _forms():
    from rocb.auth import forms as auth
    from rocb.certificates.forms import RuleForm
    from rocb.closures.forms import ClosureForm, HoursChangeForm
    from rocb.evaluations.forms import EvaluationForm, QuestionsForm
    from rocb.experts.forms import AccreditationForm, ExpertForm
    from rocb.followups.forms import FollowUpForm
    from rocb.nominations import forms as nominations
    from rocb.proposals.forms import ProposalForm
    from rocb.registry import forms as registry
    from rocb.scheduling import forms as scheduling
    from rocb.surveys import forms as surveys
    from rocb.workshops import forms as workshops
    from rocb.workshops.presence_views import AttendanceFileForm

    new_password = {"password": "mangrove tide at Apia 2021", "confirm": "mangrove tide at Apia 2021"}
    expert = {"name": "Fuzz Expert", "kind": "resource person", "organization_id": "", "administration_code": "",
              "email": "fuzz.expert@example.org", "timezone": "Europe/Brussels", "working_days": "Mon-Fri",
              "work_start": "09:00", "work_end": "17:00", "holiday_country": "BE", "languages": "English",
              "topic_codes": "aeo", "note": ""}
    nomination = {"name": "Officer Fuzz", "email": "officer.fuzz@customs.go.th", "position": "Officer",
                  "role": "formal participant", "gender": ""}
    deadline = (utcnow() + timedelta(days=30)).strftime("%Y-%m-%dT17:00")
    return {
        "auth.login": (auth.LoginForm, {"email": "nobody@fuzz.example", "password": "wrong"}),  # never throttles a role
        "auth.display_zone": (auth.DisplayZoneForm, {"zone": "Asia/Bangkok"}),
        "auth.logout": (None, {}),
        "registry.administration_create": (registry.AdministrationForm, {
            "code": "ZZ", "name": "Zedland", "subregion": "ASEAN", "timezone": "Asia/Bangkok",
            "working_days": "Mon-Fri", "work_start": "08:30", "work_end": "16:30", "joined_on": "2001-01-01"}),
        "registry.administration_edit": (registry.AdministrationForm, {
            "code": "TH", "name": "Thailand", "subregion": "ASEAN", "timezone": "Asia/Bangkok",
            "working_days": "Mon-Fri", "work_start": "08:30", "work_end": "16:30", "joined_on": ""}),
        "registry.entity_create": (registry.EntityForm, {
            "kind": "RTC", "name": "RTC Zed", "host_code": "TH", "city": "Bangkok", "status": "accredited",
            "status_on": "2020-01-01"}),
        "registry.entity_edit": (registry.EntityForm, {"kind": "RTC", "name": "RTC Zed", "host_code": "TH"}),
        "registry.entity_status": (registry.StatusChangeForm, {"status": "suspended", "changed_on": "2021-06-30"}),
        "registry.organizations_create": (registry.OrganizationForm, {"name": "Org", "timezone": "UTC"}),
        "registry.organizations_edit": (registry.OrganizationForm, {"name": "Org", "timezone": "UTC"}),
        "registry.topics_create": (registry.TopicForm, {"code": "zz-topic", "name": "Zed", "package": "Revenue"}),
        "registry.topics_edit": (registry.TopicForm, {"code": "zz-topic", "name": "Zed", "package": "Revenue"}),
        "registry.funds_create": (registry.FundForm, {"code": "ZZF", "name": "Zed fund"}),
        "registry.funds_edit": (registry.FundForm, {"code": "ZZF", "name": "Zed fund"}),
        "workshops.workshop_create": (workshops.WorkshopForm, {
            "title": "Fuzzed workshop", "kind": "regional workshop", "mode": "online", "status": "planned",
            "reference_zone": "Asia/Bangkok", "host": "", "is_public": "y"}),
        "workshops.workshop_edit": (workshops.WorkshopForm, {
            "title": "Fuzzed workshop", "kind": "regional workshop", "mode": "online", "status": "planned",
            "reference_zone": "Asia/Bangkok", "host": "", "is_public": "y"}),
        "workshops.workshop_status": (workshops.StatusForm, {"status": "postponed"}),
        "workshops.session_add": (workshops.SessionForm, {"local_start": "2030-03-04T10:00",
                                                          "local_end": "2030-03-04T12:00", "zone": ""}),
        "workshops.session_edit": (workshops.SessionForm, {"local_start": "2030-03-04T10:00",
                                                           "local_end": "2030-03-04T12:00", "zone": ""}),
        "workshops.session_delete": (None, {}),
        "workshops.participant_add": (workshops.ParticipantForm, {
            "name": "Fuzz Person", "email": "fuzz@customs.go.th", "administration_code": "TH",
            "role": "formal participant", "attended": "y", "gender": ""}),
        "workshops.participant_edit": (workshops.ParticipantForm, {
            "name": "Fuzz Person", "email": "fuzz@customs.go.th", "administration_code": "TH",
            "role": "formal participant", "attended": "y", "gender": ""}),
        "workshops.participant_delete": (None, {}),
        "workshops.headcount_add": (workshops.HeadcountForm, {"role": "observer", "count": "3",
                                                              "administration_code": "TH"}),
        "workshops.headcount_edit": (workshops.HeadcountForm, {"role": "observer", "count": "3",
                                                               "administration_code": "TH"}),
        "workshops.headcount_delete": (None, {}),
        "workshops.roster_import": (workshops.RosterForm, {}),
        "scheduling.set_session": (scheduling.SetSessionForm, {"start_utc": "2030-03-04T03:00:00+00:00",
                                                               "end_utc": "2030-03-04T05:00:00+00:00", "back": ""}),
        "feeds.rotate_my_calendar": (None, {}), "feeds.rotate_participant_link": (None, {}),
        "feeds.rotate_user_link": (None, {}),
        "surveys.cycle_create": (surveys.CycleForm, {
            "year": "2031", "title": "Needs Survey 2031", "opens_at": "2030-12-01T09:00",
            "closes_at": "2031-01-31T17:00", "zone": "Asia/Bangkok", "topic_codes": "aeo"}),
        "surveys.cycle_edit": (surveys.CycleEditForm, {
            "title": "Needs Survey", "opens_at": "2026-01-01T09:00", "closes_at": "2031-01-31T17:00",
            "zone": "Asia/Bangkok", "topic_codes": "aeo"}),
        "surveys.cycle_open": (None, {}), "surveys.cycle_close": (None, {}),
        "surveys.cycle_reopen": (surveys.DeadlineForm, {"until": "2031-01-31T17:00", "zone": "Asia/Bangkok"}),
        "surveys.response_reopen": (surveys.DeadlineForm, {"until": "2031-01-31T17:00", "zone": "Asia/Bangkok"}),
        "surveys.response": (surveys.ResponseForm, {
            "version": "", "action": "save", "languages": "English", "items-0-topic_code": "aeo",
            "items-0-priority": "high", "items-0-officers": "3", "items-0-mode": "online", "items-0-comment": ""}),
        "surveys.import_template": (surveys.ImportForm, {}),
        # accounts
        "auth.accept_invitation": (auth.SetPasswordForm, new_password),
        "auth.reset_password": (auth.SetPasswordForm, new_password),
        "auth.forgot_password": (auth.PasswordForgotForm, {"email": "bystander@fuzz.example"}),
        "auth.account": ((partial(auth.ChangePasswordForm, prefix="password"),  # the password never changes:
                          partial(auth.DisplayZoneForm, prefix="zone")),  # the current one is not in the baseline
                         {"zone-zone": "Asia/Bangkok"}),
        "auth.invite_user": (auth.InviteForm, {"email": "newcomer@fuzz.example", "name": "New Comer",
                                               "role": "focal_point", "administration": "TH"}),
        "auth.change_role": (auth.RoleForm, {"role": "focal_point", "administration": "WS"}),
        "auth.deactivate_user": (None, {}), "auth.reactivate_user": (None, {}), "auth.invite_again": (None, {}),
        # holidays, closures, experts, mail
        "closures.closure_add": (partial(ClosureForm, prefix="closure"), {
            "closure-name": "Office closure", "closure-first_day": "2030-04-21", "closure-last_day": ""}),
        "closures.hours_change_add": (partial(HoursChangeForm, prefix="hours"), {
            "hours-name": "Ramadan hours", "hours-first_day": "2031-02-20", "hours-last_day": "2031-03-20",
            "hours-work_start": "09:00", "hours-work_end": "14:00"}),
        "closures.closure_delete": (None, {}),
        "experts.expert_create": (ExpertForm, expert), "experts.expert_edit": (ExpertForm, expert),
        "experts.accreditation_add": (AccreditationForm, {"title": "WCO accredited expert, AEO", "topic_code": "aeo",
                                                          "awarded_on": "2019-05-01", "expires_on": "2029-05-01"}),
        "experts.accreditation_delete": (None, {}),
        "mail.send_again": (None, {}),
        # nominations (staff act for ?administration=, here a field of the post)
        "nominations.call_open": (nominations.CallForm, {
            "administration_codes": ["TH", "WS"], "default_quota": "2", "quota_overrides": "WS=1",
            "roles": "formal participant", "deadline_local": deadline, "remind_days_before": "3",
            "message": "Please nominate officers."}),
        "nominations.call_page": (nominations.NominationForm, {**nomination, "administration": "TH"}),
        "nominations.call_file": (nominations.NominationFileForm, {"administration": "TH"}),
        "nominations.nomination_edit": (nominations.NominationForm, nomination),
        "nominations.nomination_withdraw": (None, {}),
        "nominations.call_decide": (None, {"decision": "confirm", "nomination": lambda w: str(w.nominations[0])}),
        "nominations.call_remind": (None, {}),
        # proposals, attendance, session series
        "proposals.create_draft": (ProposalForm, {
            "topic": "aeo", "admins": "TH, WS", "days": "2", "hours": "1.5", "from": "2030-03-04",
            "to": "2030-03-15", "reference": "Asia/Bangkok", "rank": "0"}),
        "workshops.attendance_grid": (None, {"present": lambda w: f"{w.participants[0]}-{w.sessions[0]}"}),
        "workshops.attendance_import": (AttendanceFileForm, {  # a file, or (payload) the rows matched to nobody
            "session_id": lambda w: str(w.sessions[0]), "payload": "", "row-2": "ignore"}),
        "workshops.session_series": (workshops.SessionSeriesForm, {
            "first_day": "2030-05-06", "days": "2", "start": "10:00", "end": "12:00", "zone": "",
            "working_days_only": "y", "title": "Day"}),
        # certificates and evaluations
        "certificates.workshop_certificates": (RuleForm, {"min_percent": "80"}),
        "certificates.certificates_send": (None, {}),
        "evaluations.evaluation_form": (EvaluationForm, {
            "relevance": "5", "content": "4", "facilitators": "4", "organisation": "5", "time_zones": "3",
            "will_apply": "Risk profiling", "comments": "", "named": "y"}),
        "evaluations.evaluation_send": (None, {}),
        "evaluations.knowledge_questions": (QuestionsForm, {"questions": "AEO?\n* yes\n- no"}),
        "evaluations.knowledge_send": (None, {}),
        "evaluations.knowledge_form": (None, {"k0": "0", "k1": "1"}),
        # the sessions table, follow-ups
        "workshops.session_table": (workshops.SessionTableForm, {
            "sessions-0-session_id": "1", "sessions-0-title": "Day 1", "sessions-0-local_start": "2030-03-04T10:00",
            "sessions-0-local_end": "2030-03-04T12:00", "sessions-0-zone": "", "sessions-1-session_id": "2",
            "sessions-1-remove": "y"}),
        "followups.followup_answer": (FollowUpForm, {
            "version": "0", "applied": "partly", "what_changed": "Risk profiles in use", "support_needed": ""}),
        "followups.workshop_followups_send": (None, {}),
    }


FORMS = _forms()
DESTRUCTIVE = ("delete", "withdraw", "deactivate", "logout")  # last in each sweep, so the rest still exists


def _form_fields(app, form_class, prefix="") -> list[str]:
    with app.test_request_context():
        return [field.name for field in form_class(formdata=None, prefix=prefix)]


def _fields(app, endpoint) -> list[str]:
    """Every field of the endpoint's forms and of its baseline."""
    form, baseline = FORMS[endpoint]
    forms = form if isinstance(form, tuple) else (form,)
    names = set(baseline)
    for f in (f for f in forms if f is not None):
        cls, prefix = (f.func, f.keywords.get("prefix", "")) if isinstance(f, partial) else (f, "")
        names.update(_form_fields(app, cls, prefix))
    return sorted(names)


def _baseline(endpoint, world) -> dict:
    return {k: v(world) if callable(v) else v for k, v in FORMS[endpoint][1].items()}


# ---------------------------------------------------------------- the tables are complete


def _rules(app, method):
    return sorted((r for r in app.url_map.iter_rules() if method in r.methods),
                  key=lambda r: (r.endpoint.rsplit(".", 1)[-1].startswith(DESTRUCTIVE), r.rule))


@pytest.fixture
def world(seeded):
    return World(seeded)


def test_every_route_and_parameter_is_fuzzed(app):
    get_endpoints = {r.endpoint for r in _rules(app, "GET")}
    assert sorted(get_endpoints - set(QUERY_ARGS)) == [], "GET routes missing from QUERY_ARGS"
    assert sorted(set(QUERY_ARGS) - get_endpoints) == [], "QUERY_ARGS names routes that no longer exist"
    post_endpoints = {r.endpoint for r in _rules(app, "POST")}
    assert sorted(post_endpoints - set(FORMS)) == [], "POST routes missing from FORMS"
    assert sorted(set(FORMS) - post_endpoints) == [], "FORMS names routes that no longer exist"
    problems = []
    for method, sources, declared in (("GET", QUERY, lambda e: QUERY_ARGS[e]), ("POST", POSTED,
                                                                                 lambda e: _fields(app, e))):
        reads = Reads(sources, partial(_form_fields, app))
        for endpoint in sorted({r.endpoint for r in _rules(app, method)}):
            names, unresolved = reads.of(app.view_functions[endpoint])
            missing = sorted(n for n in names if not fuzz.covered(n, declared(endpoint)))
            problems += [f"{method} {endpoint} reads {missing}"] if missing else []
            problems += [f"{method} {endpoint}: cannot tell what {u} reads (name it with a constant)"
                         for u in unresolved]
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------- GET: every rule, its parameters


@pytest.mark.parametrize("role", ROLES)
def test_get_every_rule_with_hostile_parameters(app, world, role, monkeypatch):
    looked_up = {}  # endpoint -> the names its view, helpers and template looked up in the query string
    monkeypatch.setattr(app, "request_class", fuzz.recording_request_class(app.request_class, looked_up))
    client = fuzz.client_as(app, role)
    rules = _rules(app, "GET")

    def get(rule, values, args):
        path = fuzz.path_of(rule, values)
        fuzz.assert_no_5xx(client.get(path, query_string=args), f"GET {path} {args!r:.300}")

    for rule in rules:  # a sweep first: every rule once with real path values and every parameter hostile
        for value in ("²", fuzz.HUGE + "\x00", "x" * 5000, "0001-01-01"):
            get(rule, fuzz.first_values(world, rule), {a: value for a in QUERY_ARGS[rule.endpoint]})

    @settings(max_examples=EXAMPLES * 3, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def fuzz_rules(data):
        rule = data.draw(st.sampled_from(rules), label="rule")
        values = data.draw(fuzz.path_strategy(world, rule), label="path")
        get(rule, values, data.draw(fuzz.args_strategy(world, QUERY_ARGS[rule.endpoint]), label="args"))

    fuzz_rules()
    undeclared = {e: sorted(n for n in names if not fuzz.covered(n, QUERY_ARGS[e]))
                  for e, names in looked_up.items() if e is not None}
    assert {e: names for e, names in undeclared.items() if names} == {}, "pages read parameters not in QUERY_ARGS"


# ---------------------------------------------------------------- POST: every form, every field


@pytest.mark.parametrize("role", ROLES)
def test_post_every_form_with_hostile_fields(app, world, role):
    clients = {role: fuzz.client_as(app, role)} | ({} if role == "anonymous" else {"anonymous": app.test_client()})
    rules = _rules(app, "POST")
    fields = {r.endpoint: _fields(app, r.endpoint) for r in rules}

    def post(rule, values, data):
        if "user_id" in values:  # never the accounts of the roles under test (deactivate, change role)
            values = {**values, "user_id": str(world.bystander)}
        path = fuzz.path_of(rule, values)
        response = clients[role].post(path, data=data, content_type="multipart/form-data")
        fuzz.assert_no_5xx(response, f"POST {path} {data!r:.300}")
        if rule.endpoint in ("auth.logout", "auth.login"):
            clients[role] = fuzz.client_as(app, role)  # back to the role under test
        elif response.status_code in (302, 303) and "/login" not in response.headers["Location"]:
            fuzz.recrawl(clients, world)  # an accepted write: the pages that show it are read again

    for rule in rules:  # a sweep: each form with every field hostile in turn, then as filled in
        values = fuzz.first_values(world, rule)
        baseline = _baseline(rule.endpoint, world)
        for number, name in enumerate(fields[rule.endpoint]):
            # too long, or the end of the calendar with a NUL, in turn
            post(rule, values, {**baseline, name: ("x" * 5000, "9999-12-31\x00")[number % 2]})
        post(rule, values, baseline)

    @settings(max_examples=EXAMPLES * 2, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def fuzz_forms(data):
        rule = data.draw(st.sampled_from(rules), label="rule")
        values = data.draw(fuzz.path_strategy(world, rule), label="path")
        names = fields[rule.endpoint]
        changed = data.draw(st.dictionaries(st.sampled_from(names or ["x"]), fuzz.hostile, max_size=4),
                            label="fields")
        form = {**_baseline(rule.endpoint, world), **changed}
        if "file" in names:
            form["file"] = (io.BytesIO(data.draw(st.sampled_from(fuzz.FILES) | st.binary(max_size=200))),
                            data.draw(st.sampled_from(fuzz.FILE_NAMES)))
        post(rule, values, form)

    fuzz_forms()
