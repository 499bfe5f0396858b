"""The regional registry: administrations, organizations, regional entities, topics, funds."""

from datetime import date, time

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from rocb.extensions import db

SUBREGIONS = ("Sub-Continent", "Far East", "ASEAN", "Australasia/Oceania")
ENTITY_KINDS = ("ROCB", "RILO", "RTC", "RCL", "RDTC")
ENTITY_STATUSES = ("prospective", "candidate", "accredited", "suspended", "closed")
WCO_PACKAGES = (
    "Economic Competitiveness",
    "Revenue",
    "Compliance and Enforcement",
    "Organizational Development",
)


class Administration(db.Model):
    """A WCO member Customs administration of the Asia/Pacific region."""

    __tablename__ = "administrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)  # ISO 3166-1 alpha-2
    name: Mapped[str] = mapped_column(String(120))
    subregion: Mapped[str] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name, checked with zoneinfo
    working_days: Mapped[str] = mapped_column(String(20), default="Mon-Fri")  # e.g. "Sat-Wed", "Mon-Thu+Sat"
    # False while the working week is the best-known public-sector week that no source gives for this
    # administration (reference/README.md); staff setting it makes it True.
    working_days_recorded: Mapped[bool] = mapped_column(default=True)
    work_start: Mapped[time] = mapped_column(default=time(9, 0))
    work_end: Mapped[time] = mapped_column(default=time(17, 0))
    joined_on: Mapped[date | None]  # joined the WCO A/P region; None: a founding or long-standing member
    # False while the hours are the 09:00-17:00 default that no source gives; staff setting them makes it True.
    work_hours_recorded: Mapped[bool] = mapped_column(default=True)
    source: Mapped[str | None] = mapped_column(String(400))

    vice_chair_terms: Mapped[list["ViceChairTerm"]] = relationship(
        back_populates="administration", order_by="ViceChairTerm.from_year"
    )

    def __str__(self) -> str:
        return self.name


class Organization(db.Model):
    """A non-member body that appears at workshops (WCO Secretariat, OECD, JICA, ...)."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40), default="international organization")
    timezone: Mapped[str] = mapped_column(String(64))
    # What the zone is assumed from when no source gives it ("its seat, Paris"); None: the zone is recorded.
    timezone_assumption: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(400))

    @property
    def timezone_recorded(self) -> bool:
        return self.timezone_assumption is None

    def __str__(self) -> str:
        return self.short_name or self.name


class EntityStatusChange(db.Model):
    """A dated status of a regional entity; the latest one is its status now."""

    __tablename__ = "entity_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("regional_entities.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    # None: the status is known but not its date (sources give no date); such a record sorts first.
    changed_on: Mapped[date | None]
    changed_on_precision: Mapped[str] = mapped_column(String(5), default="day")  # day, month or year
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(400))

    entity: Mapped["RegionalEntity"] = relationship(back_populates="status_history")


def _latest_status_subquery():
    return (
        select(EntityStatusChange.status)
        .where(EntityStatusChange.entity_id == RegionalEntity.id)
        .order_by(EntityStatusChange.changed_on.desc().nulls_last(), EntityStatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )


class RegionalEntity(db.Model):
    """ROCB, RILO, RTC, RCL or RDTC, hosted by an administration."""

    __tablename__ = "regional_entities"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)
    name: Mapped[str] = mapped_column(String(200))
    host_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    city: Mapped[str | None] = mapped_column(String(80))
    mou_signed_on: Mapped[date | None]
    mou_signed_precision: Mapped[str] = mapped_column(String(5), default="day")  # day, month or year
    established_on: Mapped[date | None]
    established_precision: Mapped[str] = mapped_column(String(5), default="day")
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(400))

    host: Mapped[Administration] = relationship()
    status_history: Mapped[list[EntityStatusChange]] = relationship(
        back_populates="entity",
        cascade="all, delete-orphan",
        order_by=(EntityStatusChange.changed_on.asc().nulls_first(), EntityStatusChange.id),
    )

    def __str__(self) -> str:
        return self.name


# The status now is the latest dated record; a correlated subquery keeps it filterable and costs no extra query.
RegionalEntity.status = column_property(_latest_status_subquery())


class ViceChairTerm(db.Model):
    """The rotating Vice-Chair office of the region."""

    __tablename__ = "vice_chair_terms"
    __table_args__ = (UniqueConstraint("from_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    from_year: Mapped[int]
    to_year: Mapped[int]
    source: Mapped[str | None] = mapped_column(String(400))

    administration: Mapped[Administration] = relationship(back_populates="vice_chair_terms")


class Topic(db.Model):
    """One taxonomy shared by workshops and the needs survey, grouped by WCO package."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    package: Mapped[str] = mapped_column(String(40))
    source: Mapped[str | None] = mapped_column(String(400))
    # True: no source gives this topic; `source` then names the assumption (the project's own taxonomy).
    assumed: Mapped[bool] = mapped_column(default=False)

    def __str__(self) -> str:
        return self.name


class Fund(db.Model):
    """A fund or sponsor: CCF/China, CCF/Korea, JICA, ..."""

    __tablename__ = "funds"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))  # as the office writes it: "China Customs Cooperation Fund"
    # "sponsorship" (a Customs Cooperation Fund: "under the sponsorship of ...") or "financial contribution".
    kind: Mapped[str] = mapped_column(String(30), default="sponsorship")
    source: Mapped[str | None] = mapped_column(String(400))
    # True: no source gives this fund; `source` then names the assumption.
    assumed: Mapped[bool] = mapped_column(default=False)

    def __str__(self) -> str:
        return self.code
