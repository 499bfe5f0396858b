"""What staff add to an administration's calendar beyond its national public holidays (those come from the
`holidays` package): dated office closures and dated changes of working hours (e.g. Ramadan hours)."""

from datetime import date, time

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rocb.extensions import db
from rocb.registry.models import Administration


class Closure(db.Model):
    """The administration's offices are closed from first_day to last_day (both included)."""

    __tablename__ = "administration_closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id", ondelete="CASCADE"),
                                                   index=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    name: Mapped[str] = mapped_column(String(120))

    administration: Mapped[Administration] = relationship()


class HoursChange(db.Model):
    """Working hours that differ from the administration's usual ones from first_day to last_day."""

    __tablename__ = "administration_hours_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id", ondelete="CASCADE"),
                                                   index=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    work_start: Mapped[time]
    work_end: Mapped[time]
    name: Mapped[str] = mapped_column(String(120))

    administration: Mapped[Administration] = relationship()
