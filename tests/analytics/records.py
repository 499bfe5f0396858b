"""Small hand-checked records for the analytics pages (on top of the real seed data).

The 2021 survey (window 1 Jul 2021 - 30 Jun 2022):
  Thailand asks valuation high (10 officers) and risk management medium (5);
  Japan asks valuation medium (3); Fiji asks valuation low (2) and risk management high (8);
  India's answer is a draft (valuation high): not counted.
Delivery:
  "Valuation workshop" held 6 Sep 2021 on valuation: Thailand sends a formal participant, Japan only an
  observer, Fiji's formal participant did not attend; a headcount of 3 formal participants from Malaysia.
  "Risk workshop" on risk management, cancelled: Fiji's formal participant does not count.
  "Late risk workshop" held 1 Aug 2022, after the window: Thailand's formal participant does not count.
So valuation: 3 asking, weighted need 6, reached Thailand (and Malaysia, which did not ask), coverage 1/3;
risk management: 2 asking, weighted need 5, nobody reached. Gap list: Japan and Fiji on valuation, Fiji and
Thailand on risk management.
"""

from datetime import UTC, date, datetime

from sqlalchemy import select

from rocb.extensions import db
from rocb.registry.models import Administration, Topic
from rocb.surveys.models import CycleTopic, NeedItem, SurveyCycle, SurveyResponse
from rocb.workshops.models import Headcount, Participant, Workshop


def administration(code: str) -> Administration:
    return db.session.execute(select(Administration).where(Administration.code == code)).scalar_one()


def topic(code: str) -> Topic:
    return db.session.execute(select(Topic).where(Topic.code == code)).scalar_one()


def make_cycle(year: int, topic_codes=("valuation", "risk-management"), window=None) -> SurveyCycle:
    cycle = SurveyCycle(
        year=year, title=f"Annual Capacity Building Needs Survey {year}",
        opens_at=datetime(year, 3, 1, tzinfo=UTC), closes_at=datetime(year, 6, 30, 10, tzinfo=UTC),
        window_start=window[0] if window else None, window_end=window[1] if window else None,
    )
    for position, code in enumerate(topic_codes):
        t = topic(code)
        cycle.topics.append(CycleTopic(topic_id=t.id, code=t.code, name=t.name, package=t.package,
                                       position=position))
    db.session.add(cycle)
    db.session.flush()
    return cycle


def answer(cycle: SurveyCycle, code: str, needs: dict, status: str = "submitted") -> SurveyResponse:
    """needs: {topic code: (priority, officers)}."""
    response = SurveyResponse(cycle=cycle, administration=administration(code), status=status)
    by_code = {ct.code: ct for ct in cycle.topics}
    for topic_code, (priority, officers) in needs.items():
        response.items.append(NeedItem(cycle_topic=by_code[topic_code], priority=priority, officers=officers))
    db.session.add(response)
    return response


def workshop(title: str, day: date, topic_codes, status: str = "held", people=(), headcounts=()) -> Workshop:
    """people: (administration code, role, attended); headcounts: (administration code or None, role, count)."""
    record = Workshop(title=title, kind="regional workshop", mode="online", status=status,
                      reference_zone="Asia/Bangkok", first_day=day, last_day=day)
    record.topics = [topic(code) for code in topic_codes]
    for n, (code, role, attended) in enumerate(people):
        record.participants.append(Participant(name=f"Officer {n} of {code}", email=f"officer{n}@customs.go.th",
                                               administration=administration(code), role=role, attended=attended))
    for code, role, count in headcounts:
        record.headcounts.append(Headcount(role=role, count=count,
                                           administration=administration(code) if code else None))
    db.session.add(record)
    return record


def hand_checked() -> SurveyCycle:
    cycle = make_cycle(2021, window=(date(2021, 7, 1), date(2022, 6, 30)))
    answer(cycle, "TH", {"valuation": ("high", 10), "risk-management": ("medium", 5)})
    answer(cycle, "JP", {"valuation": ("medium", 3), "risk-management": ("none", 0)})
    answer(cycle, "FJ", {"valuation": ("low", 2), "risk-management": ("high", 8)})
    answer(cycle, "IN", {"valuation": ("high", 20)}, status="draft")
    workshop("Valuation workshop", date(2021, 9, 6), ["valuation"],
             people=[("TH", "formal participant", True), ("JP", "observer", True),
                     ("FJ", "formal participant", False)],
             headcounts=[("MY", "formal participant", 3)])
    workshop("Risk workshop", date(2021, 10, 4), ["risk-management"], status="cancelled",
             people=[("FJ", "formal participant", True)])
    workshop("Late risk workshop", date(2022, 8, 1), ["risk-management"],
             people=[("TH", "formal participant", True)])
    db.session.commit()
    return cycle
