"""The rows the fuzz requests run against: one of each thing a page or a form is about (a held and a private
workshop, a workshop ahead with a call and nominations, a survey cycle, an expert with an accreditation, a closure
and an hours change, a certificate, evaluation links, an invitation and a password reset waiting in the outbox), and
the values each path argument takes (/workshops/<workshop_id>, /evaluation/<token>, ...).

Links that work once (invitations, resets, evaluations) come twice: the sweep may use up the first.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from rocb.extensions import db
from tests.conftest import login, make_user

ROLES = ("anonymous", "focal_point", "staff", "admin")


def _links(path: str) -> list[str]:
    """The tokens of the links to `path` waiting in the outbox, oldest first."""
    from rocb.mail.models import OutboxMessage

    bodies = db.session.execute(select(OutboxMessage.body_text).order_by(OutboxMessage.id)).scalars()
    return [m.group(1) for body in bodies for m in re.finditer(rf"{re.escape(path)}/([A-Za-z0-9._~-]+)", body)]


class World:
    def __init__(self, app):
        from rocb.certificates import services as certificates
        from rocb.closures import services as closures
        from rocb.experts import services as experts
        from rocb.feeds import tokens
        from rocb.mail.models import OutboxMessage
        from rocb.registry.models import Administration, RegionalEntity
        from tests.factories import make_headcount, make_participant, make_workshop
        from tests.nominations.helpers import future_workshop, nominate, open_call, person
        from tests.proposals.helpers import brussels_expert
        from tests.surveys.conftest import make_cycle

        now = datetime.now(UTC)
        public = make_workshop("Regional Workshop on AEO", sessions=[(datetime(2021, 3, 29, 10), datetime(2021, 3,
                               29, 12))], topics=["aeo"], invited=["TH", "WS"], status="held")
        private = make_workshop("Staff meeting", sessions=[date(2030, 1, 7)], is_public=False)
        ahead = future_workshop(invited=["TH", "FJ"])
        self.participant = make_participant(public, name="Somchai Jaidee", code="TH")
        self.participants = [self.participant.id, make_participant(public, name="Sione Fifita", code="TO").id]
        self.headcount = make_headcount(public, count=12, code="WS")
        self.cycle = make_cycle(now.year, opens=now - timedelta(days=5), closes=now + timedelta(days=20),
                                topics=["aeo", "trade-facilitation"])
        self.workshops = [public.id, private.id, ahead.id]
        self.sessions = [s.id for s in public.sessions + private.sessions + ahead.sessions]
        self.users = {role: make_user(f"{role}@fuzz.example", role, "TH" if role == "focal_point" else None).id
                      for role in ROLES[1:]}
        # the only users a fuzzed /users/<id>/... or password reset may change: the roles under test keep theirs
        self.bystander = make_user("bystander@fuzz.example", "focal_point", "WS").id
        make_user("forgetful@fuzz.example", "focal_point", "FJ")

        call = open_call(ahead, codes=("TH", "FJ"))
        self.call = call.id
        self.nominations = [n.id for n in nominate(call, "TH", person(1), person(2))]

        expert = brussels_expert("Anne Dupont", "anne@example.org", ["aeo"])
        self.expert = expert.id
        self.accreditation = experts.add_accreditation(expert, {"title": "WCO accredited expert, HRM",
                                                                "awarded_on": date(2019, 5, 1)}).id
        thailand = db.session.execute(select(Administration).filter_by(code="TH")).scalar_one()
        self.closures = {
            "closure": closures.add_closure(thailand, {"name": "Office closure", "first_day": date(2030, 4, 14),
                                                       "last_day": date(2030, 4, 16)}),
            "hours": closures.add_hours_change(thailand, {"name": "Ramadan hours", "first_day": date(2030, 3, 1),
                                                          "last_day": date(2030, 3, 30), "work_start": time(9),
                                                          "work_end": time(14)})}
        db.session.flush()
        self.closures = {kind: row.id for kind, row in self.closures.items()}
        (standing,) = [s for s in certificates.issue_all(public) if s.participant.id == self.participant.id]
        self.certificate = standing.certificate.code
        self.holder_key = certificates.holder_key(self.certificate)
        self.token = tokens.feed_link(tokens.token_for_participant(self.participant)).rsplit("/", 2)[1]
        self.entities = [e.id for e in db.session.execute(select(RegionalEntity).limit(2)).scalars()]
        from rocb.followups.services import open_followups

        self.followups = [f.id for f in open_followups(public)]  # Thailand's (the focal point's) and Samoa's
        db.session.commit()

        # links that arrive by e-mail, sent the way staff and visitors send them
        staff, visitor = app.test_client(), app.test_client()
        login(staff, "staff@fuzz.example")
        assert staff.post(f"/workshops/{public.id}/evaluation/send").status_code == 303
        for n, forgetful in enumerate(("bystander@fuzz.example", "forgetful@fuzz.example"), start=1):
            assert staff.post("/users/invite", data={"email": f"invitee{n}@fuzz.example", "role": "focal_point",
                                                     "administration": "FJ"}).status_code == 302
            assert visitor.post("/password/forgot", data={"email": forgetful}).status_code == 200
        self.evaluation_tokens = _links("/evaluation")
        self.invitation_tokens = _links("/invitation")
        self.reset_tokens = _links("/password/reset")
        assert len(self.evaluation_tokens) == len(self.invitation_tokens) == len(self.reset_tokens) == 2
        self.messages = list(db.session.execute(select(OutboxMessage.id).order_by(OutboxMessage.id)).scalars())

    def path_values(self, endpoint: str, name: str) -> list[str]:
        """Real values of a path argument, for this endpoint (the first is the one the sweep uses)."""
        by_endpoint = {
            ("auth.accept_invitation", "token"): self.invitation_tokens,
            ("auth.reset_password", "token"): self.reset_tokens,
            ("evaluations.evaluation_form", "token"): self.evaluation_tokens,
            ("certificates.verify", "code"): [self.certificate],
            ("certificates.holder_pdf", "code"): [self.certificate],
            ("closures.closure_delete", "kind"): list(self.closures),
            ("nominations.call_open", "workshop_id"): [self.workshops[2], self.workshops[1]],
            ("analytics.section", "name"): ["heat-map"],  # the one chart loaded after the page
        }
        known = {
            "workshop_id": self.workshops, "session_id": self.sessions, "participant_id": self.participants,
            "headcount_id": [self.headcount.id], "entity_id": self.entities, "record_id": [1, 2],
            "user_id": [self.bystander], "year": [self.cycle.year, 2019], "code": ["TH", "WS"],
            "fmt": ["csv", "xlsx"], "kind": ["png", "svg", "csv"],
            "name": ["needs-vs-delivery", "gaps", "trend", "participation", "heat-map", "entity-growth"],
            "token": [self.token], "filename": ["css/app.css"], "expert_id": [self.expert],
            "accreditation_id": [self.accreditation], "row_id": list(self.closures.values()), "call_id": [self.call],
            "nomination_id": self.nominations, "message_id": self.messages, "what": ["send", "remind"],
            "followup_id": self.followups,
        }
        return [str(v) for v in by_endpoint.get((endpoint, name), known.get(name, []))]

    def query_values(self, name: str) -> list[str]:
        """Values of a query parameter that name something real, so that the fuzz also gets past the first
        check (a known administration, the holder's key of the certificate, ...)."""
        known = {
            "administration": ["TH", "WS"], "key": [self.holder_key], "cycle": [str(self.cycle.year)],
            "year": ["2021", str(self.cycle.year)], "topic": ["aeo"], "zone": ["Europe/Brussels"],
            "zones": ["Europe/Brussels"], "reference": ["Pacific/Fiji"], "admins": ["TH, WS"],
            "from": ["2021-03-01"], "to": ["2021-03-31"], "days": ["2"], "hours": ["1.5"], "q": ["Somchai"],
            "experts": [str(self.expert)], "page": ["2"], "status": ["held", "queued"],
        }
        return known.get(name, [])

    def recrawl_paths(self, role: str) -> list[str]:
        """The pages that show what a write may have changed, read again after each accepted write."""
        public = [
            "/", "/workshops/", f"/workshops/{self.workshops[0]}", "/entities/", "/analytics/",
            "/reports/activity?from=2021-01-01&to=2021-12-31&format=csv", "/calendar.ics",
            f"/surveys/{self.cycle.year}/", "/administrations/TH/holidays?year=2030",
            f"/certificates/{self.certificate}", "/api/v1/workshops?from=2021-01-01&to=2030-12-31",
        ]
        if role == "anonymous":
            return public
        return public + [
            f"/workshops/{self.workshops[0]}/roster.xlsx", f"/workshops/{self.workshops[2]}",
            f"/experts/{self.expert}", f"/nominations/calls/{self.call}/review", "/nominations/",
            f"/nominations/calls/{self.call}?administration=TH", "/outbox/", f"/users/{self.bystander}",
            f"/workshops/{self.workshops[0]}/evaluation", f"/workshops/{self.workshops[0]}/certificates",
        ]
