"""`flask seed` loads the real reference data, is idempotent, and follows edits of the seed files."""

import shutil
from datetime import date

from sqlalchemy import func, select

from rocb.audit import AuditEntry
from rocb.cli import run_seed
from rocb.extensions import db
from rocb.registry.models import Administration, RegionalEntity, Topic, ViceChairTerm
from rocb.seed import SEED_DIR


def count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_seed_loads_the_region(seeded):
    assert count(Administration) == 35
    assert count(RegionalEntity) == 19
    assert count(ViceChairTerm) == 5
    assert count(Topic) >= 40
    palau = db.session.execute(select(Administration).filter_by(code="PW")).scalar_one()
    assert palau.joined_on == date(2024, 2, 2) and palau.timezone == "Pacific/Palau"
    iran = db.session.execute(select(Administration).filter_by(code="IR")).scalar_one()
    assert iran.working_days == "Sat-Wed" and iran.timezone == "Asia/Tehran"


def test_thai_customs_academy_was_a_candidate_in_2021_and_accredited_in_2022(seeded):
    rtc = db.session.execute(select(RegionalEntity).where(RegionalEntity.name.like("RTC Thailand%"))).scalar_one()
    # The newsletter gives the day: the Director-General's stated intention at the Academy's opening, 16 March 2021.
    assert [(c.status, c.changed_on, c.changed_on_precision) for c in rtc.status_history] == [
        ("candidate", date(2021, 3, 16), "day"), ("accredited", date(2022, 8, 30), "day")]
    assert "Thai Customs Academy" in rtc.status_history[0].source
    assert rtc.status == "accredited"


def test_unknown_dates_are_not_invented(seeded):
    fiji = db.session.execute(select(RegionalEntity).filter_by(name="RTC Fiji")).scalar_one()
    assert fiji.established_on is None
    assert [c.changed_on for c in fiji.status_history] == [None]


def test_second_seed_changes_nothing(seeded):
    audits = count(AuditEntry)
    report = run_seed()
    assert not report.changed
    assert count(AuditEntry) == audits
    assert count(Administration) == 35 and count(RegionalEntity) == 19


def test_an_edited_seed_file_updates_the_matching_row(seeded, tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    path = folder / "administrations.csv"
    path.write_text(path.read_text().replace("IR,Iran,Sub-Continent,Asia/Tehran,Sat-Wed",
                                             "IR,Iran,Sub-Continent,Asia/Tehran,Sat-Thu"))
    report = run_seed(folder)
    assert report.updated == {"administrations": 1} and not report.created
    iran = db.session.execute(select(Administration).filter_by(code="IR")).scalar_one()
    assert iran.working_days == "Sat-Thu"
    assert count(Administration) == 35


def test_a_status_date_corrected_in_the_seed_file_updates_its_record(seeded, tmp_path):
    """A status record is the entity's status from its source, not its date: a date made more precise, or
    corrected, updates the record instead of adding a second one."""
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    path = folder / "entity_status_history.csv"
    original = path.read_text()
    korea_lab = "RCL Korea (Korea Central Customs Laboratory),accredited,2018,"
    assert korea_lab in original
    path.write_text(original.replace(korea_lab, "RCL Korea (Korea Central Customs Laboratory),accredited,2018-05,"))
    report = run_seed(folder)
    assert report.updated == {"entity statuses": 1} and not report.created
    lab = db.session.execute(select(RegionalEntity).where(RegionalEntity.name.like("RCL Korea%"))).scalar_one()
    assert [(c.status, c.changed_on, c.changed_on_precision) for c in lab.status_history] == [
        ("accredited", date(2018, 5, 1), "month")]
    # A day outside the month, from the same source: still the same record.
    path.write_text(original.replace(korea_lab, "RCL Korea (Korea Central Customs Laboratory),accredited,2018-11-20,"))
    assert run_seed(folder).updated == {"entity statuses": 1}
    db.session.expire_all()
    assert [(c.changed_on, c.changed_on_precision) for c in lab.status_history] == [(date(2018, 11, 20), "day")]
    # Seeding again with the same file changes nothing.
    assert not run_seed(folder).changed


def test_every_seeded_text_fits_its_column(seeded):
    """SQLite stores a text longer than its column; PostgreSQL refuses it: the seed must fit both."""
    too_long = []
    for mapper in db.Model.registry.mappers:
        model = mapper.class_
        columns = [c for c in mapper.columns if getattr(c.type, "length", None) and c.table is model.__table__]
        for row in db.session.execute(select(model)).scalars():
            too_long += [(model.__name__, c.key, getattr(row, c.key)) for c in columns
                         if isinstance(getattr(row, c.key), str) and len(getattr(row, c.key)) > c.type.length]
    assert too_long == []
