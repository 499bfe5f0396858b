"""The Annual Capacity Building Needs Survey: cycles, the topics they ask about, responses and need items."""

from datetime import date, datetime, time

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.analytics.frames import delivery_window_of
from rocb.extensions import UTCDateTime, db, utcnow
from rocb.registry.models import Administration, Topic
from rocb.surveys.exports import MAX_COMMENT, MAX_OFFICERS, PREFERRED_MODES, PRIORITIES, QUARTERS  # noqa: F401

PRIORITY_WEIGHTS = {"none": 0, "low": 1, "medium": 2, "high": 3}
RESPONSE_STATUSES = ("draft", "submitted")


class SurveyCycle(db.Model):
    """One Annual Capacity Building Needs Survey."""

    __tablename__ = "survey_cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(unique=True)
    title: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Staff closed it before its deadline; reopening clears the flag and sets a new deadline.
    closed_manually: Mapped[bool] = mapped_column(default=False)
    # The delivery window analytics compare the answers with; None: the 12 months after closing.
    window_start: Mapped[date | None]
    window_end: Mapped[date | None]
    demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    topics: Mapped[list["CycleTopic"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="CycleTopic.position"
    )

    def state(self, now: datetime | None = None) -> str:
        """upcoming, open or closed."""
        now = now or utcnow()
        if self.closed_manually or now >= self.closes_at:
            return "closed"
        return "upcoming" if now < self.opens_at else "open"

    def delivery_window(self) -> tuple[date, date]:
        """The stated window, else the 12 months after the survey closes (closing day in UTC): the one rule,
        rocb.analytics.frames.delivery_window_of, that the analytics frames apply too."""
        return delivery_window_of(self.closes_at.date(), self.window_start, self.window_end)

    def __str__(self) -> str:
        return self.title


class CycleTopic(db.Model):
    """A topic a cycle asks about, frozen when chosen: later taxonomy edits do not rewrite old answers."""

    __tablename__ = "survey_cycle_topics"
    __table_args__ = (UniqueConstraint("cycle_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("survey_cycles.id", ondelete="CASCADE"), index=True)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(160))
    package: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)

    cycle: Mapped[SurveyCycle] = relationship(back_populates="topics")
    topic: Mapped[Topic | None] = relationship()


class SurveyResponse(db.Model):
    """One administration's answer to one cycle, shared by its focal points."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("cycle_id", "administration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("survey_cycles.id", ondelete="CASCADE"), index=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    # Optimistic locking: every UPDATE says WHERE version = <the one read>, and the form carries it too.
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(254))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(254))
    # Staff reopened this response alone (after the cycle closed) until this instant.
    reopened_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Preferred window for online sessions, in the administration's local hours.
    window_start: Mapped[time | None]
    window_end: Mapped[time | None]
    languages: Mapped[str | None] = mapped_column(String(200))
    contact_person: Mapped[str | None] = mapped_column(String(200))
    other_needs: Mapped[str | None] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(default=False)

    cycle: Mapped[SurveyCycle] = relationship()
    administration: Mapped[Administration] = relationship()
    items: Mapped[list["NeedItem"]] = relationship(back_populates="response", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class NeedItem(db.Model):
    """A topic with priority, officers to train, preferred mode and quarters."""

    __tablename__ = "survey_need_items"
    __table_args__ = (UniqueConstraint("response_id", "cycle_topic_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"), index=True)
    cycle_topic_id: Mapped[int] = mapped_column(ForeignKey("survey_cycle_topics.id", ondelete="CASCADE"),
                                                index=True)
    priority: Mapped[str] = mapped_column(String(10), default="none")
    officers: Mapped[int] = mapped_column(default=0)
    mode: Mapped[str] = mapped_column(String(10), default="any")
    quarters: Mapped[str] = mapped_column(String(20), default="")  # "Q1,Q3"
    comment: Mapped[str | None] = mapped_column(String(MAX_COMMENT))

    response: Mapped[SurveyResponse] = relationship(back_populates="items")
    cycle_topic: Mapped[CycleTopic] = relationship()

    def values(self) -> dict:
        return {"priority": self.priority, "officers": self.officers, "mode": self.mode,
                "quarters": self.quarters, "comment": self.comment or ""}
