"""Experts of the pool for the proposal tests, saved through the service as staff would."""

from datetime import time

from sqlalchemy import select

from rocb.experts.services import save_expert
from rocb.extensions import db
from rocb.registry.models import Organization


def brussels_expert(name: str, email: str, topic_codes=()):
    wco = db.session.execute(select(Organization).where(Organization.name.contains("WCO"))).scalars().first()
    expert = save_expert({"name": name, "kind": "WCO-accredited expert", "email": email, "timezone": "Europe/Brussels",
                          "working_days": "Mon-Fri", "work_start": time(8), "work_end": time(18),
                          "holiday_country": "BE", "organization_id": wco.id, "topic_codes": list(topic_codes)})
    db.session.commit()
    return expert
