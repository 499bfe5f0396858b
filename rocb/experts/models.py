"""The expert pool: resource persons, WCO-accredited experts and facilitators, with their zone, working hours,
topics of expertise, languages and dated accreditations. Personal data: staff only."""

from datetime import date, datetime, time

from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.extensions import UTCDateTime, db, utcnow
from rocb.registry.models import Administration, Organization, Topic

EXPERT_KINDS = ("WCO-accredited expert", "resource person", "facilitator")
# Participation roles that count as "served in" a workshop (rocb.workshops.models.ROLES).
SERVING_ROLES = ("expert", "facilitator", "guest speaker")

expert_topics = Table(
    "expert_topics",
    db.metadata,
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True),
)


class Expert(db.Model):
    """A person the office can call on for a workshop; zone and working hours feed the planner."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), index=True)
    kind: Mapped[str] = mapped_column(String(30), default="resource person")
    email: Mapped[str | None] = mapped_column(String(254))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    administration_id: Mapped[int | None] = mapped_column(ForeignKey("administrations.id"))
    timezone: Mapped[str] = mapped_column(String(64))  # IANA, checked with zoneinfo
    working_days: Mapped[str] = mapped_column(String(20), default="Mon-Fri")
    work_start: Mapped[time] = mapped_column(default=time(9, 0))
    work_end: Mapped[time] = mapped_column(default=time(17, 0))
    # Whose public holidays the expert keeps (ISO code, e.g. BE for the WCO Secretariat in Brussels).
    holiday_country: Mapped[str | None] = mapped_column(String(2))
    languages: Mapped[str | None] = mapped_column(String(200))  # "English, French"
    note: Mapped[str | None] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organization: Mapped[Organization | None] = relationship()
    administration: Mapped[Administration | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary=expert_topics, order_by=Topic.name)
    accreditations: Mapped[list["Accreditation"]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", order_by="Accreditation.awarded_on")

    @property
    def affiliation(self) -> str | None:
        body = self.organization or self.administration
        return str(body) if body else None

    def __str__(self) -> str:
        return self.name


class Accreditation(db.Model):
    """"WCO accredited expert, HRM, 2019": a title, optionally its topic, and its dates."""

    __tablename__ = "expert_accreditations"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    awarded_on: Mapped[date]
    expires_on: Mapped[date | None]

    expert: Mapped[Expert] = relationship(back_populates="accreditations")
    topic: Mapped[Topic | None] = relationship()
