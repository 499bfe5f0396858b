"""Workshops, their sessions, and who attended: named participants and headcounts."""

import uuid
from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Expert as a class, not a name: a module-level loader option elsewhere may configure the mappers before
# rocb.models has imported the expert pool.
from rocb.experts.models import Expert
from rocb.extensions import UTCDateTime, db, utcnow
from rocb.registry.models import Administration, Fund, Organization, RegionalEntity, Topic
from rocb.workshops.summary import REACHED_RELATIONS

WORKSHOP_KINDS = (
    "regional workshop",
    "sub-regional workshop",
    "national workshop",
    "meeting",
    "sub-regional meeting",
    "global meeting",
    "committee",
    "stakeholder meeting",
    "MTP",
    "diagnostic mission",
    "attachment",
    "ceremony",
    "conference",
)
MODES = ("online", "physical", "hybrid")
WORKSHOP_STATUSES = ("planned", "confirmed", "held", "postponed", "cancelled")
ROLES = ("formal participant", "observer", "expert", "guest speaker", "facilitator")
ROLE_LABELS = {
    "formal participant": "formal participants",
    "observer": "observers",
    "expert": "experts / resource persons",
    "guest speaker": "guest speakers",
    "facilitator": "facilitators",
}
GENDERS = ("female", "male", "other")
# How a party other than the organizers took part, in the newsletter's words.
PARTY_RELATIONS = ("attended", "presented", "guest speaker", "partner")
# What ROCB A/P staff did at an activity: "joined as facilitators/coordinators", "attended", "spoke".
STAFF_ROLES = ("facilitator", "attended", "speaker")


def _link_table(name: str, left: str, right: str, *extra: Column) -> Table:
    """A many-to-many link; `position` keeps the order the source names them in (0 for all: by name)."""
    return Table(
        name,
        db.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}s.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{_plural(right)}.id", ondelete="CASCADE"), primary_key=True),
        Column("position", Integer, nullable=False, server_default="0"),
        *extra,
    )


def _plural(word: str) -> str:
    return {"regional_entity": "regional_entities", "staff_member": "staff_members"}.get(word, word + "s")


workshop_topics = _link_table("workshop_topics", "workshop", "topic")
workshop_funds = _link_table("workshop_funds", "workshop", "fund")
workshop_invited = _link_table("workshop_invited_administrations", "workshop", "administration")
# "Workshops this administration was invited to" (its participation page) reads the index alone.
Index("ix_workshop_invited_administrations_by_administration", workshop_invited.c.administration_id,
      workshop_invited.c.workshop_id)
workshop_organizer_administrations = _link_table("workshop_organizer_administrations", "workshop", "administration")
workshop_organizer_organizations = _link_table("workshop_organizer_organizations", "workshop", "organization")
workshop_organizer_entities = _link_table("workshop_organizer_entities", "workshop", "regional_entity")
workshop_facilitators = _link_table("workshop_facilitators", "workshop", "staff_member",
                                    Column("role", String(20), nullable=False, server_default="facilitator"))


class StaffMember(db.Model):
    """A member of the ROCB A/P team, who facilitates workshops (not necessarily a user of the app)."""

    __tablename__ = "staff_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    honorific: Mapped[str | None] = mapped_column(String(10))  # Mr., Ms., Dr., as the newsletter writes it
    position: Mapped[str | None] = mapped_column(String(160))
    home_administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(400))

    home_administration: Mapped[Administration | None] = relationship()

    def __str__(self) -> str:
        return self.name


class Workshop(db.Model):
    """Any capacity-building activity or meeting."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), index=True)
    is_public: Mapped[bool] = mapped_column(default=True)
    # IANA; the zone the times were agreed in. None: a record that gives dates only has no reference zone.
    reference_zone: Mapped[str | None] = mapped_column(String(64))
    venue_city: Mapped[str | None] = mapped_column(String(120))
    platform: Mapped[str | None] = mapped_column(String(80))  # Zoom, Webex, MS Teams, ...
    join_link: Mapped[str | None] = mapped_column(String(500))  # private: only in private feeds and to staff
    # Host: one of an administration, a regional entity or an organization; host_label as the record names it.
    host_administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"))
    host_entity_id: Mapped[int | None] = mapped_column(ForeignKey("regional_entities.id"))
    host_organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    host_label: Mapped[str | None] = mapped_column(String(200))
    other_participants_note: Mapped[str | None] = mapped_column(Text)  # "over 70 representatives from ..."
    # For a record that gives only "21 administrations attended" and no figure per role.
    reported_administrations_count: Mapped[int | None]
    # Certificates of participation go to participants who attended at least this share of the sessions.
    certificate_min_percent: Mapped[int] = mapped_column(default=80, server_default="80")
    source: Mapped[str | None] = mapped_column(String(200))
    # First and last local day of its sessions, kept by the service for listing, filtering and sorting by date.
    first_day: Mapped[date | None] = mapped_column(index=True)
    last_day: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    host_administration: Mapped[Administration | None] = relationship(foreign_keys=[host_administration_id])
    host_entity: Mapped[RegionalEntity | None] = relationship(foreign_keys=[host_entity_id])
    host_organization: Mapped[Organization | None] = relationship(foreign_keys=[host_organization_id])
    topics: Mapped[list[Topic]] = relationship(secondary=workshop_topics, order_by=Topic.name)
    funds: Mapped[list[Fund]] = relationship(secondary=workshop_funds,
                                             order_by=(workshop_funds.c.position, Fund.code))
    invited_administrations: Mapped[list[Administration]] = relationship(
        secondary=workshop_invited, order_by=Administration.code
    )
    organizer_administrations: Mapped[list[Administration]] = relationship(
        secondary=workshop_organizer_administrations,
        order_by=(workshop_organizer_administrations.c.position, Administration.code)
    )
    organizer_organizations: Mapped[list[Organization]] = relationship(
        secondary=workshop_organizer_organizations,
        order_by=(workshop_organizer_organizations.c.position, Organization.name)
    )
    organizer_entities: Mapped[list[RegionalEntity]] = relationship(
        secondary=workshop_organizer_entities, order_by=(workshop_organizer_entities.c.position, RegionalEntity.name)
    )
    facilitators: Mapped[list[StaffMember]] = relationship(
        secondary=workshop_facilitators, order_by=(workshop_facilitators.c.position, StaffMember.name)
    )
    parties: Mapped[list["WorkshopParty"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="WorkshopParty.position"
    )
    sessions: Mapped[list["Session"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Session.start_utc"
    )
    participants: Mapped[list["Participant"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Participant.name"
    )
    headcounts: Mapped[list["Headcount"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Headcount.id"
    )

    @property
    def attending_administrations(self) -> list[Administration]:
        """Administrations the record names as having attended or presented (no figures needed: "the six Customs
        administrations in the Pacific region ... attended"), in the source's order. They count as reached, never
        as invited; the parties are the one relation for them (load Workshop.parties with their administration)."""
        return [p.administration for p in self.parties
                if p.relation in REACHED_RELATIONS and p.administration is not None]

    @property
    def host_name(self) -> str | None:
        host = self.host_entity or self.host_organization or self.host_administration
        return self.host_label or (str(host) if host else None)

    def __str__(self) -> str:
        return self.title


class Session(db.Model):
    """One sitting of a workshop: timed (local start/end in its zone) or a whole day.

    The truth of a timed session is its wall-clock start and end in `zone` (what was agreed); `start_utc` and
    `end_utc` are derived from it with zoneinfo, stored for querying and sorting, and recomputed by
    `flask tz-refresh` after a tzdata upgrade. A whole-day session has local_start at 00:00 of its day and
    local_end at 00:00 of the next day, in the same zone.
    """

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: Mapped[str | None] = mapped_column(String(200))  # "Day 2: risk profiling"
    all_day: Mapped[bool] = mapped_column(default=False)
    zone: Mapped[str] = mapped_column(String(64))
    local_start: Mapped[datetime]  # naive wall-clock time in `zone`
    local_end: Mapped[datetime]
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    cancelled: Mapped[bool] = mapped_column(default=False)
    # Grows whenever time, status or place changes: calendar feeds write it as SEQUENCE.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")


class Participant(db.Model):
    """A named participant of a workshop. Personal data: staff and their own administration only."""

    __tablename__ = "participants"
    __table_args__ = (
        UniqueConstraint("workshop_id", "email"),
        # An administration's participation over the years (its workshops, its totals per year and role) is read
        # from this index alone, without visiting the rows: the page stays fast as the years pile up.
        Index("ix_participants_by_administration", "administration_id", "attended", "workshop_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    email: Mapped[str | None] = mapped_column(String(254))
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    role: Mapped[str] = mapped_column(String(20))
    # Attended the workshop (at least one session when attendance is kept per session). A participant of a
    # workshop not yet held is confirmed, whatever this says: figures of such a workshop never read "attended".
    attended: Mapped[bool] = mapped_column(default=True)
    gender: Mapped[str | None] = mapped_column(String(10))
    # The pool's expert this participation record is (role expert, facilitator or guest speaker).
    expert_id: Mapped[int | None] = mapped_column(ForeignKey("experts.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    administration: Mapped[Administration | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    expert: Mapped[Expert | None] = relationship()


class Headcount(db.Model):
    """Figures of a record that gives no names: a count per role, per administration or as a total."""

    __tablename__ = "headcounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    count: Mapped[int]
    # exact, more than, over, about, approximately: the source's words, kept ("more than 50 participants").
    precision: Mapped[str] = mapped_column(String(16), default="exact")
    noun: Mapped[str | None] = mapped_column(String(40))  # the source's word for them: "delegates", "participants"
    detail: Mapped[str | None] = mapped_column(String(300))  # "from Royal Thai Customs, other government ..."
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"), index=True)
    # For a total over several administrations: how many ("from 25 member administrations").
    administrations_count: Mapped[int | None]

    workshop: Mapped[Workshop] = relationship(back_populates="headcounts")
    administration: Mapped[Administration | None] = relationship()


class WorkshopParty(db.Model):
    """An administration, organization or regional entity that attended, presented, spoke or took part as a
    partner, in the order the source names them; `label` is the source's name for it ("Japan Customs")."""

    __tablename__ = "workshop_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(default=0)
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("regional_entities.id"))
    label: Mapped[str | None] = mapped_column(String(160))

    workshop: Mapped[Workshop] = relationship(back_populates="parties")
    administration: Mapped[Administration | None] = relationship()
    organization: Mapped[Organization | None] = relationship()
    entity: Mapped[RegionalEntity | None] = relationship()

    @property
    def name(self) -> str:
        return self.label or str(self.administration or self.organization or self.entity)
class SessionAttendance(db.Model):
    """A participant was present at one session (ticked by staff or matched from a Zoom/Webex/Teams report)."""

    __tablename__ = "session_attendance"

    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"),
                                                primary_key=True, index=True)
    source: Mapped[str] = mapped_column(String(40), default="ticked")  # ticked | <file name>
    minutes: Mapped[int | None]  # from an attendance report, when it gives a duration
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
