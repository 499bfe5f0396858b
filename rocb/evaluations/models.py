"""Evaluation of a held workshop by its participants: a personal link each (no account), one answer each."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.extensions import UTCDateTime, db, utcnow
from rocb.workshops.models import Participant

QUESTIONS = (
    ("relevance", "Relevance to your work"),
    ("content", "Content"),
    ("facilitators", "Facilitators"),
    ("organisation", "Organisation"),
    ("time_zones", "Session times for your time zone"),
)
SCALE = (1, 2, 3, 4, 5)  # 1 poor ... 5 excellent


class EvaluationRequest(db.Model):
    __tablename__ = "evaluation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the link's token
    closes_on: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    participant: Mapped[Participant] = relationship()


class EvaluationAnswer(db.Model):
    __tablename__ = "evaluation_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("evaluation_requests.id", ondelete="CASCADE"), unique=True)
    relevance: Mapped[int]
    content: Mapped[int]
    facilitators: Mapped[int]
    organisation: Mapped[int]
    time_zones: Mapped[int]
    will_apply: Mapped[str | None] = mapped_column(Text)
    comments: Mapped[str | None] = mapped_column(Text)
    named: Mapped[bool] = mapped_column(default=False)  # the participant agreed that staff see their name
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[EvaluationRequest] = relationship()


class KnowledgeQuestion(db.Model):
    """The optional knowledge check of a workshop: the same short questions before it and after (level 2)."""

    __tablename__ = "knowledge_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(500))
    choices: Mapped[str] = mapped_column(Text)  # one per line, in the order shown
    correct: Mapped[int]  # the right choice, 0-based

    @property
    def choice_list(self) -> list[str]:
        return self.choices.split("\n")


class KnowledgeCheck(db.Model):
    """A participant's knowledge check, before the workshop (a personal link) or after it (with the evaluation)."""

    __tablename__ = "knowledge_checks"
    __table_args__ = (UniqueConstraint("participant_id", "moment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    moment: Mapped[str] = mapped_column(String(6))  # before | after
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # the "before" link's (sha256)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    choices: Mapped[list | None] = mapped_column(JSON)  # the choice picked per question, in question order
    score: Mapped[int | None]  # right answers
    out_of: Mapped[int | None]

    participant: Mapped[Participant] = relationship()
