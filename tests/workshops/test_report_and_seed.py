"""The seeded Q1 2021 activity report reproduces E-Newsletter No.72; the seed is idempotent."""

import csv
import io

from sqlalchemy import func, select

from rocb.cli import run_seed
from rocb.extensions import db
from rocb.workshops.models import Session, StaffMember, Workshop

Q1 = "/reports/activity?from=2021-01-01&to=2021-03-31"


def test_q1_2021_report_reproduces_the_newsletter(seeded, client):
    md = client.get(Q1 + "&format=md").get_data(as_text=True)
    assert "*12-15 January 2021, Online Workshop hosted by WCO*" in md
    assert "attended by 38 formal participants and 37 observers from 25 member administrations" in md
    assert "*26 January 2021, Online Meeting hosted by ROCB A/P*" in md
    assert "*30 March-1 April 2021, Online Workshop hosted by ROCB A/P*" in md
    assert "attended by 21 member administrations" in md
    assert "attended by 50 formal participants from 17 member administrations" in md
    assert "Fund: CCF/Korea." in md and "Fund: CCF/China." in md
    assert "ROCB A/P: Hua Tong, Norikazu Kuramoto, Pavida Boonmun." in md
    titles = [line for line in md.splitlines() if line.startswith("## ")]
    assert len(titles) == 8 and titles[0].startswith("## WCO First Online") and "Data Analytics" in titles[-1]


def test_report_as_page_and_csv(seeded, client):
    page = client.get(Q1)
    assert page.status_code == 200
    assert "9-10 March 2021, Meeting hosted by Royal Thai Customs, Bangkok, Thailand" in page.get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(client.get(Q1 + "&format=csv").get_data(as_text=True))))
    assert [r["first_day"] for r in rows] == sorted(r["first_day"] for r in rows) and len(rows) == 8
    assert rows[0]["dates"] == "12-15 January 2021" and rows[0]["funds"] == "CCF/China"


def test_a_period_that_ends_before_it_starts_is_refused(seeded, client):
    response = client.get("/reports/activity?from=2021-03-31&to=2021-01-01")
    assert response.status_code == 400 and "before its start" in response.get_data(as_text=True)
    assert client.get("/reports/activity?from=yesterday").status_code == 400


def test_seed_is_idempotent_and_whole_days_are_sessions(seeded):
    assert not run_seed().changed
    assert db.session.execute(select(func.count(Workshop.id))).scalar_one() == 8
    data_analytics = db.session.execute(select(Workshop).where(Workshop.title.like("%Data Analytics%"))).scalar_one()
    assert [s.local_start.day for s in data_analytics.sessions] == [30, 31, 1]
    assert all(s.all_day and s.zone == "Asia/Bangkok" for s in data_analytics.sessions)
    assert [a.code for a in data_analytics.attending_administrations] == ["AU", "CN", "HK", "ID", "JP", "KR"]
    assert data_analytics.invited_administrations == []
    assert db.session.execute(select(func.count(Session.id))).scalar_one() == 19
    chloe = db.session.execute(select(StaffMember).filter_by(name="Chloe Au")).scalar_one()
    assert not chloe.active and chloe.home_administration.code == "HK"
