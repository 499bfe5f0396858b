"""No seeded fact without a source; what the sources do not give is left empty or shown as an assumption; dates
are shown to the precision the source gives, never padded into a day."""

import csv
import shutil
from datetime import date, time

import pytest
from sqlalchemy import select

from rocb.cli import run_seed
from rocb.extensions import db
from rocb.precision import falls_within, figure, format_partial_date, parse_partial_date, total
from rocb.registry.models import (
    Administration,
    EntityStatusChange,
    Fund,
    Organization,
    RegionalEntity,
    Topic,
    ViceChairTerm,
)
from rocb.seed import SEED_DIR
from rocb.workshops.models import StaffMember, Workshop

SEED_FILES = sorted(SEED_DIR.glob("*.csv"))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_every_row_of_every_seed_file_names_its_source(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and "source" in rows[0], f"{path.name} has no source column"
    assert [i + 2 for i, r in enumerate(rows) if not r["source"].strip()] == [], f"{path.name}: rows without source"


@pytest.mark.parametrize("model", [Administration, Organization, RegionalEntity, EntityStatusChange, Topic, Fund,
                                   ViceChairTerm, StaffMember, Workshop], ids=lambda m: m.__name__)
def test_no_seeded_fact_without_a_source(seeded, model):
    rows = db.session.execute(select(model)).scalars().all()
    assert rows and [str(r) for r in rows if not (r.source or "").strip()] == []


def test_what_the_sources_do_not_give_is_named_as_an_assumption(seeded):
    # The organizations' zones are their seats' (only the WCO's Brussels is in the newsletter): flagged, with what
    # they are assumed from.
    for org in db.session.execute(select(Organization)).scalars():
        if org.short_name == "WCO":
            assert org.timezone_recorded and "Brussels" in org.source
        else:
            assert not org.timezone_recorded and org.timezone_assumption, org.name
    untaught = db.session.execute(select(Topic).where(Topic.code == "revised-kyoto")).scalar_one()
    assert untaught.assumed and "no reference source" in untaught.source
    japan_fund = db.session.execute(select(Fund).where(Fund.code == "CCF/Japan")).scalar_one()
    assert japan_fund.assumed and "not in the reference sources" in japan_fund.source


def test_working_hours_are_not_recorded_until_staff_set_them(seeded, staff_client):
    admins = db.session.execute(select(Administration)).scalars().all()
    assert len(admins) == 35 and not any(a.work_hours_recorded for a in admins)
    page = staff_client.get("/administrations/IR").get_data(as_text=True)
    assert 'data-testid="not-recorded">not recorded</span>, 09:00-17:00 assumed' in page
    assert "not recorded" in staff_client.get("/administrations/").get_data(as_text=True)
    assert staff_client.get("/api/v1/administrations").get_json()["administrations"][0][
        "working_hours_recorded"] is False
    form = {"code": "IR", "name": "Iran", "subregion": "Sub-Continent", "timezone": "Asia/Tehran",
            "working_days": "Sat-Wed", "work_start": "07:30", "work_end": "14:30"}
    assert staff_client.post("/administrations/IR/edit", data=form).status_code == 302
    page = staff_client.get("/administrations/IR").get_data(as_text=True)
    assert "07:30–14:30" in page and "09:00-17:00 assumed" not in page
    # A second seed keeps what staff set.
    run_seed()
    iran = db.session.execute(select(Administration).filter_by(code="IR")).scalar_one()
    assert (iran.work_start, iran.work_end, iran.work_hours_recorded) == (time(7, 30), time(14, 30), True)


def test_staff_can_confirm_the_default_hours_as_recorded(seeded, staff_client):
    form = {"code": "TH", "name": "Thailand", "subregion": "ASEAN", "timezone": "Asia/Bangkok",
            "working_days": "Mon-Fri", "working_days_recorded": "y", "work_start": "09:00", "work_end": "17:00",
            "work_hours_recorded": "y"}
    assert staff_client.post("/administrations/TH/edit", data=form).status_code == 302
    assert "not recorded" not in staff_client.get("/administrations/TH").get_data(as_text=True)


def test_dates_known_to_the_month_or_the_year_are_shown_so(seeded, client):
    def entity(prefix):
        return db.session.execute(select(RegionalEntity).where(RegionalEntity.name.like(prefix + "%"))).scalar_one()

    korea_lab, rdtc, japan_lab = entity("RCL Korea"), entity("RDTC Korea"), entity("RCL Japan")
    assert (korea_lab.established_on, korea_lab.established_precision) == (date(2018, 1, 1), "year")
    assert korea_lab.status_history[0].changed_on_precision == "year"
    html = client.get(f"/entities/{korea_lab.id}").get_data(as_text=True)
    assert "<dd class=\"col-sm-9\">2018</dd>" in html and "01 January 2018" not in html and "1 January 2018" not in html
    html = client.get(f"/entities/{rdtc.id}").get_data(as_text=True)
    assert "February 2021" in html and "01 February 2021" not in html and "8 June 2021" in html
    html = client.get(f"/entities/{japan_lab.id}").get_data(as_text=True)
    assert "June 2014" in html and "1 June 2014" not in html
    listing = client.get("/entities/?per_page=50").get_data(as_text=True)
    assert "Jan 2010" not in listing and ">2010<" in listing


def test_a_seed_file_with_a_day_precise_date_updates_the_precision(seeded, tmp_path):
    folder = tmp_path / "seed"
    shutil.copytree(SEED_DIR, folder)
    path = folder / "entities.csv"
    path.write_text(path.read_text().replace("KR,Jinju,,2018,", "KR,Jinju,,2018-05-04,"))
    report = run_seed(folder)
    assert report.updated == {"entities": 1}
    lab = db.session.execute(select(RegionalEntity).where(RegionalEntity.name.like("RCL Korea%"))).scalar_one()
    assert (lab.established_on, lab.established_precision) == (date(2018, 5, 4), "day")


def test_precision_words_and_totals():
    assert figure(50, "more than") == "more than 50" and figure(38) == "38"
    assert total([(38, "exact"), (37, "exact")]) == "75"
    assert total([(38, "exact"), (50, "more than")]) == "at least 88"
    assert total([(300, "approximately")]) == "approximately 300"
    assert total([(38, "exact"), (70, "over"), (300, "about")]) == "at least 108, plus approximately 300"
    with pytest.raises(ValueError):
        figure(3, "roughly")


def test_partial_dates_parse_show_and_belong_to_periods():
    assert parse_partial_date("2014-06") == (date(2014, 6, 1), "month")
    assert parse_partial_date("2010") == (date(2010, 1, 1), "year")
    assert parse_partial_date("2021-01-29") == (date(2021, 1, 29), "day")
    assert parse_partial_date("") == (None, None)
    assert format_partial_date(date(2021, 2, 1), "month") == "February 2021"
    assert format_partial_date(date(2010, 1, 1), "year") == "2010"
    assert format_partial_date(date(2021, 1, 29), "day", short=True) == "29 Jan 2021"
    q1 = (date(2021, 1, 1), date(2021, 3, 31))
    assert falls_within(date(2021, 2, 1), "month", *q1)
    assert not falls_within(date(2021, 1, 1), "year", *q1)  # "2021" is not news of its first quarter
