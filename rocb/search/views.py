"""/search?q=: workshops by title, topic, host or organizer; participants by name or e-mail for those who may see
them (staff: all; a focal point: their own administration's)."""

from flask import Blueprint, render_template, request
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from rocb import access
from rocb.extensions import db
from rocb.pages import page_args
from rocb.registry.models import Administration, Organization, RegionalEntity, Topic
from rocb.workshops import queries
from rocb.workshops.models import (
    Participant,
    Workshop,
    workshop_organizer_administrations,
    workshop_organizer_entities,
    workshop_organizer_organizations,
    workshop_topics,
)

bp = Blueprint("search", __name__)

MAX_QUERY = 100
MAX_PEOPLE = 50


def _like(text: str) -> str:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _has(column, pattern):
    return func.lower(column).like(pattern, escape="\\")


def workshop_matches(pattern: str):
    """Title, a topic, the host (as named, or the administration, entity or organization) or an organizer."""
    topic = select(workshop_topics.c.workshop_id).join(Topic).where(or_(_has(Topic.name, pattern),
                                                                         _has(Topic.code, pattern)))
    org_admin = (select(workshop_organizer_administrations.c.workshop_id).join(Administration)
                 .where(_has(Administration.name, pattern)))
    org_org = (select(workshop_organizer_organizations.c.workshop_id).join(Organization)
               .where(_has(Organization.name, pattern)))
    org_entity = (select(workshop_organizer_entities.c.workshop_id).join(RegionalEntity)
                  .where(_has(RegionalEntity.name, pattern)))
    host_admin = select(Administration.id).where(_has(Administration.name, pattern))
    host_entity = select(RegionalEntity.id).where(_has(RegionalEntity.name, pattern))
    host_org = select(Organization.id).where(_has(Organization.name, pattern))
    return or_(_has(Workshop.title, pattern), _has(Workshop.host_label, pattern), Workshop.id.in_(topic),
               Workshop.id.in_(org_admin), Workshop.id.in_(org_org), Workshop.id.in_(org_entity),
               Workshop.host_administration_id.in_(host_admin), Workshop.host_entity_id.in_(host_entity),
               Workshop.host_organization_id.in_(host_org))


@bp.get("/search")
@access.public
def search():
    q = (request.args.get("q") or "").strip()[:MAX_QUERY]
    workshops = people = None
    if q:
        pattern = _like(q)
        query = (select(Workshop).where(queries.visible(), workshop_matches(pattern)).options(*queries.LIST_LOADS)
                 .order_by(Workshop.first_day.desc().nulls_last(), Workshop.id.desc()))
        workshops = db.paginate(query, **page_args())
        people = _people(pattern)
    return render_template("search/results.html", q=q, workshops=workshops, people=people)


def _people(pattern: str):
    """Participants by name or e-mail, only where the viewer may see names: None when they may not."""
    own = access.own_administration_id()
    if not (access.is_staff() or own):
        return None
    query = (select(Participant).where(or_(_has(Participant.name, pattern), _has(Participant.email, pattern)))
             .options(selectinload(Participant.workshop), selectinload(Participant.administration))
             .order_by(Participant.name, Participant.id).limit(MAX_PEOPLE + 1))
    if not access.is_staff():
        query = query.where(Participant.administration_id == own)
    return db.session.execute(query).scalars().all()
