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
