"""Demo experts for the demo data set (`flask demo-data`): a few clearly invented people (demo = True) with zones
from Brussels to Suva, topics, accreditations, and the demo workshops they served in. The real seed has none."""

from datetime import date, time

from sqlalchemy import insert, select

from rocb.experts.models import Accreditation, Expert
from rocb.extensions import db
from rocb.registry.models import Administration, Organization, Topic
from rocb.workshops.models import Participant, Workshop

# name, kind, zone, holiday country, working hours, languages, organization (by short name) or administration code
EXPERTS = (
    ("Demo Expert Claire Janssens", "WCO-accredited expert", "Europe/Brussels", "BE", (8, 18), "English, French",
     "WCO", None),
    ("Demo Expert Pieter Vermeulen", "WCO-accredited expert", "Europe/Brussels", "BE", (8, 17), "English, Dutch",
     "WCO", None),
    ("Demo Expert Kenji Sato", "resource person", "Asia/Tokyo", "JP", (9, 17), "English, Japanese", None, "JP"),
    ("Demo Expert Mere Tuilagi", "facilitator", "Pacific/Fiji", "FJ", (8, 16), "English, Fijian", None, "FJ"),
    ("Demo Expert Sarah Mitchell", "resource person", "Australia/Sydney", "AU", (9, 17), "English", None, "AU"),
    ("Demo Expert Anan Chai", "facilitator", "Asia/Bangkok", "TH", (8, 16), "English, Thai", None, "TH"),
)


def _organization(short_name):
    if not short_name:
        return None
    return db.session.execute(select(Organization).where(
        (Organization.short_name == short_name) | Organization.name.contains(short_name))).scalars().first()


def generate(years: int, rng, today=None) -> dict:
    """The pool and its participations; `today` (the data set's, see rocb.cli) does not change them."""
    topics = db.session.execute(select(Topic).order_by(Topic.code)).scalars().all()
    admins = {a.code: a for a in db.session.execute(select(Administration)).scalars()}
    experts = []
    for n, (name, kind, zone, country, hours, languages, org, code) in enumerate(EXPERTS):
        chosen = rng.sample(topics, k=min(3, len(topics)))
        expert = Expert(name=name, kind=kind, email=f"demo.expert{n + 1}@example.org", timezone=zone,
                        working_days="Mon-Fri", work_start=time(hours[0]), work_end=time(hours[1]),
                        holiday_country=country, languages=languages, organization=_organization(org),
                        administration=admins.get(code), topics=sorted(chosen, key=lambda t: t.name), demo=True)
        if kind == "WCO-accredited expert":
            expert.accreditations.append(Accreditation(
                title=f"WCO accredited expert, {chosen[0].name}", topic=chosen[0],
                awarded_on=date(2015 + rng.randrange(8), rng.randrange(1, 13), 1)))
        db.session.add(expert)
        experts.append(expert)
    db.session.flush()
    workshop_ids = db.session.execute(select(Workshop.id).order_by(Workshop.id)).scalars().all()
    rows = []
    for workshop_id in workshop_ids[::20]:  # one workshop in twenty had a pool expert
        expert = experts[rng.randrange(len(experts))]
        rows.append({"workshop_id": workshop_id, "name": expert.name, "email": expert.email,
                     "role": "facilitator" if expert.kind == "facilitator" else "expert", "attended": True,
                     "administration_id": expert.administration.id if expert.administration else None,
                     "organization_id": expert.organization.id if expert.organization else None,
                     "expert_id": expert.id})
    if rows:
        db.session.execute(insert(Participant), rows)
    return {"experts": len(experts), "expert participations": len(rows)}
