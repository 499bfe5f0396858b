"""The seeded Q1 2021 record and its activity report reproduce E-Newsletter No.72, figure by figure, relation by
relation, with the newsletter's precision; the seed is idempotent."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from rocb.cli import run_seed
from rocb.extensions import db
from rocb.workshops.models import Session, StaffMember, Workshop
from rocb.workshops.report_views import entities_news_and_totals

Q1 = "/reports/activity?from=2021-01-01&to=2021-03-31"
HEAD = "Mr. Norikazu Kuramoto, Head of the ROCB A/P"

# What No.72 says of each activity of January-March 2021 (its "Workshops and Meetings" section and the special
# contributions): figures with their precision, who organized, sponsored, attended, presented, spoke, and the
# ROCB A/P staff in the order the newsletter names them.
NEWSLETTER = [
    dict(title="WCO First Online Regional Workshop on E-Commerce for the Asia-Pacific Region",
         date_line="12-15 January 2021, Online Workshop hosted by WCO",
         organizers=["WCO"], funds=["CCF/China"],
         sentence="The workshop was organized by the WCO under the sponsorship of the China Customs Cooperation "
                  "Fund (CCF/China).",
         summary="attended by 38 formal participants and 37 observers from 25 member administrations",
         people=[(38, "exact"), (37, "exact")], administrations=25,
         guest_speakers=["OECD", "UPU", "GEA", "OCO Secretariat", "RILO A/P"],
         staff=["Norikazu Kuramoto", "Hua Tong", "Pavida Boonmun"], role="facilitator"),
    dict(title="WCO/JICA Joint Sub-Regional Master Trainer Programme (MTP) Preparatory Meeting for the Pacific "
               "Islands",
         date_line="26 January 2021, Online Meeting hosted by ROCB A/P",
         organizers=["WCO", "JICA", "ROCB A/P"], funds=[],
         sentence="The meeting was organized by the WCO, JICA and the ROCB A/P.",
         summary="attended by 6 member administrations", administrations=6, people=[],
         attended=["Fiji", "Papua New Guinea", "Samoa", "Timor-Leste", "Tonga", "Vanuatu"],
         partners=["OCO Secretariat", "Japan Customs"],
         staff=["Norikazu Kuramoto", "Yuko Mamiya", "Jate-arpa Benjaphong", "Vareemon Chairungsrilert"],
         role="facilitator"),
    dict(title="International Customs Day 2021 Virtual Gathering", date_line="29 January 2021, Online Ceremony",
         organizers=[], funds=[], summary=None, people=[], administrations=0, staff=[], role=None),
    dict(title="16th Global Meeting of the WCO Regional Structures",
         date_line="18-19 February 2021, Online Meeting hosted by WCO Headquarters, Brussels",
         organizers=["WCO"], funds=[], summary=None, people=[], administrations=0,
         staff=["Norikazu Kuramoto", "Chloe Au", "Pattarapak Nopnakeepong"], role="attended"),
    dict(title="12th Capacity Building Committee", date_line="22-24 February 2021, Online Meeting hosted by WCO",
         organizers=["WCO"], funds=[],
         summary="attended by approximately 300 delegates from member administrations and other international "
                 "organizations", people=[(300, "approximately")], administrations=0,
         staff=["Norikazu Kuramoto", "Yuko Mamiya", "Pavida Boonmun", "Vareemon Chairungsrilert"], role="attended"),
    dict(title='Maritime Stakeholder Meeting "Countering wildlife trafficking and other illicit trade through Thai '
               'seaports and maritime supply chains"',
         date_line="9-10 March 2021, Meeting hosted by Royal Thai Customs, Bangkok, Thailand",
         organizers=["Royal Thai Customs", "UNODC", "USAID Wildlife Asia", "TRAFFIC", "WWF"],
         funds=["USAID Wildlife Asia", "WWF", "UNODC"],
         sentence="The meeting was organized by Royal Thai Customs, UNODC, USAID Wildlife Asia, TRAFFIC and WWF "
                  "with the financial contribution of USAID Wildlife Asia, WWF and UNODC.",
         summary="attended by over 70 representatives from Royal Thai Customs, other government departments, "
                 "international organizations and private sector entities, mainly shipping and freight companies",
         people=[(70, "over")], administrations=0, staff=["Norikazu Kuramoto", "Yuko Mamiya"], role="attended"),
    dict(title="Opening ceremony of the new Thai Customs Academy building",
         date_line="16 March 2021, Ceremony hosted by Thai Customs Department, Thai Customs Academy, Bangkok",
         organizers=["Thai Customs Department"], funds=[], summary=None, people=[], administrations=0,
         staff=["Norikazu Kuramoto"], role="attended"),
    dict(title="International Conference on Digital Transformation in Customs",
         date_line="18 March 2021, Online Conference hosted by RTC Indonesia (Customs and Excise Education and "
                   "Training Center)",
         organizers=["RTC Indonesia (Customs and Excise Education and Training Center)"], funds=[], summary=None,
         people=[], administrations=0, staff=["Ilkwon Han"], role="speaker"),
    dict(title="WCO Asia/Pacific Regional Online Experience-Sharing Workshop on Disruptive Technologies",
         date_line="22-24 March 2021, Online Workshop hosted by WCO", organizers=["WCO"], funds=["CCF/China"],
         sentence="The workshop was organized by the WCO under the sponsorship of the China Customs Cooperation "
                  "Fund (CCF/China).",
         summary="attended by more than 50 participants from 17 member administrations",
         people=[(50, "more than")], administrations=17,
         staff=["Norikazu Kuramoto", "Yuko Mamiya", "Grace Ye", "Pavida Boonmun", "Jate-arpa Benjaphong",
                "Pattarapak Nopnakeepong"], role="facilitator"),
    dict(title="WCO Regional Virtual Workshop on Data Analytics for AP",
         date_line="30 March-1 April 2021, Online Workshop hosted by ROCB A/P",
         organizers=["ROCB A/P", "WCO"], funds=["CCF/Korea"],
         sentence="The workshop was organized by the ROCB A/P and the WCO under the sponsorship of the Korea Customs "
                  "Cooperation Fund (CCF/Korea).",
         summary="attended by 21 member administrations", people=[], administrations=21,
         presented=["Indonesia", "Japan", "China", "Korea", "Hong Kong, China", "Australia"],
         staff=["Norikazu Kuramoto", "Ilkwon Han", "Pavida Boonmun"], role="facilitator"),
]


def computed(app):
    """The report of Q1 2021 as the app computes it: (entries, entity news, totals)."""
    with app.test_request_context():
        return entities_news_and_totals(date(2021, 1, 1), date(2021, 3, 31))


def test_every_activity_of_no72_is_in_the_quarter_in_date_order(seeded, app):
    entries, _, _ = computed(app)
    assert [e.title for e in entries] == [n["title"] for n in NEWSLETTER]


@pytest.mark.parametrize("expected", NEWSLETTER, ids=lambda n: n["title"][:40])
def test_each_activity_keeps_the_newsletters_figures_and_relations(seeded, app, expected):
    entry = next(e for e in computed(app)[0] if e.title == expected["title"])
    assert entry.heading == expected["date_line"]
    assert entry.organizers == expected["organizers"]
    assert [f.code for f in entry.funds] == expected["funds"]
    assert entry.summary == expected["summary"]
    assert sorted(entry.people) == sorted(expected["people"])
    assert entry.administrations == expected["administrations"]
    for relation in ("attended", "presented", "guest_speakers", "partners"):
        assert getattr(entry, relation) == expected.get(relation, []), relation
    assert entry.staff_names == expected["staff"]
    assert {s.role for s in entry.staff} == ({expected["role"]} if expected["role"] else set())
    assert entry.narrative and entry.source.startswith("ROCB A/P E-Newsletter No.72")


@pytest.mark.parametrize("expected", NEWSLETTER, ids=lambda n: n["title"][:40])
def test_the_markdown_says_it_in_the_newsletters_words(seeded, client, expected):
    md = client.get(Q1 + "&format=md").get_data(as_text=True)
    section = md.split(f"## {expected['title']}\n", 1)[1].split("\n## ", 1)[0]
    assert f"*{expected['date_line']}*" in section
    if expected.get("sentence"):
        assert expected["sentence"] in section
    if expected["summary"]:
        noun = "workshop" if "Workshop" in expected["date_line"] else "meeting"
        assert f"The {noun} was {expected['summary']}" in section
    if expected["staff"]:
        assert section.count("of the ROCB A/P") >= len(expected["staff"])
        names = [section.index(name) for name in expected["staff"]]
        assert names == sorted(names)  # the newsletter's order, the Head first
    if expected["staff"][:1] == ["Norikazu Kuramoto"]:
        assert HEAD in section
    assert "Source: ROCB A/P E-Newsletter No.72" in section


def test_the_relations_read_as_the_newsletter_tells_them(seeded, client):
    md = client.get(Q1 + "&format=md").get_data(as_text=True)
    assert "namely Fiji, Papua New Guinea, Samoa, Timor-Leste, Tonga and Vanuatu" in md
    assert "OCO Secretariat and Japan Customs also attended." in md
    assert "OECD, UPU, GEA, OCO Secretariat and RILO A/P contributed to the workshop as guest speakers." in md
    assert "Indonesia, Japan, China, Korea, Hong Kong, China and Australia shared their experiences" in md
    assert ("Together with the experts on E-Commerce from the WCO, Mr. Norikazu Kuramoto, Head of the ROCB A/P, "
            "Dr. Hua Tong, CCF/China Operational Manager and Program Manager of the ROCB A/P and Ms. Pavida "
            "Boonmun, Assistant Program Manager of the ROCB A/P joined as facilitators/coordinators.") in md
    assert "Mr. Ilkwon Han, Program Manager of the ROCB A/P spoke for the office." in md
    assert "invited" not in md.split("## Opening ceremony")[0].split("## Maritime")[1]


def test_the_period_has_its_entity_news_and_totals_with_their_precision(seeded, app, client):
    _, news, totals = computed(app)
    assert [n.line.split(":")[0] for n in news] == [
        "29 January 2021", "29 January 2021", "February 2021", "2 March 2021", "16 March 2021"]
    assert [n.entity.split(" (")[0] for n in news] == [
        "RCL Indonesia", "RTC Indonesia", "RDTC Korea", "RCL India", "RTC Thailand"]
    assert news[1].event == "accredited (MoU signed)" and news[2].event == "MoU signed"
    assert news[4].event == "candidate for accreditation" and "Thai Customs Academy" in news[4].source
    # 38 + 37 + more than 50 + over 70 is a lower bound; approximately 300 is named beside it, not added as exact.
    assert totals.people == "at least 195, plus approximately 300"
    assert totals.activities == 10 and totals.by_mode == {"online": 8, "physical": 2}
    md = client.get(Q1 + "&format=md").get_data(as_text=True)
    assert "- People counted at them: at least 195, plus approximately 300." in md
    assert "- Member administrations reached: at least 25." in md
    assert "- February 2021: RDTC Korea (Korea), MoU signed." in md


def test_report_as_page_and_csv(seeded, client):
    page = client.get(Q1).get_data(as_text=True)
    assert "9-10 March 2021, Meeting hosted by Royal Thai Customs, Bangkok, Thailand" in page
    assert "under the sponsorship of the China Customs Cooperation Fund (CCF/China)" in page
    assert "attended by more than 50 participants from 17 member administrations" in page
    assert "at least 195, plus approximately 300" in page
    rows = list(csv.DictReader(io.StringIO(client.get(Q1 + "&format=csv").get_data(as_text=True))))
    assert [r["title"] for r in rows] == [n["title"] for n in NEWSLETTER]
    assert rows[0]["dates"] == "12-15 January 2021" and rows[0]["funds"] == "CCF/China"
    assert rows[8]["summary"] == "attended by more than 50 participants from 17 member administrations"
    assert rows[5]["organizers"] == "Royal Thai Customs; UNODC; USAID Wildlife Asia; TRAFFIC; WWF"
    assert rows[9]["presented"] == "Indonesia; Japan; China; Korea; Hong Kong, China; Australia"
    assert rows[7]["staff_roles"] == "speaker"


def test_a_period_that_ends_before_it_starts_is_refused(seeded, client):
    response = client.get("/reports/activity?from=2021-03-31&to=2021-01-01")
    assert response.status_code == 400 and "before its start" in response.get_data(as_text=True)
    assert client.get("/reports/activity?from=yesterday").status_code == 400
    assert client.get("/reports/activity?from=yesterday&format=docx").status_code == 400


def test_seed_is_idempotent_and_whole_days_are_dates_without_a_zone(seeded):
    assert not run_seed().changed
    assert db.session.execute(select(func.count(Workshop.id))).scalar_one() == 10
    data_analytics = db.session.execute(select(Workshop).where(Workshop.title.like("%Data Analytics%"))).scalar_one()
    assert [s.local_start.day for s in data_analytics.sessions] == [30, 31, 1]
    assert all(s.all_day for s in data_analytics.sessions)
    assert db.session.execute(select(func.count(Session.id))).scalar_one() == 21
    # The newsletter gives dates, not the zone they were agreed in; nor does it invite anyone.
    workshops = db.session.execute(select(Workshop)).scalars().all()
    assert all(w.reference_zone is None for w in workshops)
    assert all(not w.invited_administrations for w in workshops)
    # The presenters are the one relation of administrations present (the parties), in the newsletter's order.
    assert [a.code for a in data_analytics.attending_administrations] == ["ID", "JP", "CN", "KR", "HK", "AU"]
    chloe = db.session.execute(select(StaffMember).filter_by(name="Chloe Au")).scalar_one()
    assert not chloe.active and chloe.home_administration.code == "HK"


def test_the_academy_ceremony_is_hosted_by_thai_customs_not_by_an_rtc_that_did_not_exist_yet(seeded):
    ceremony = db.session.execute(select(Workshop).where(Workshop.kind == "ceremony",
                                                         Workshop.title.like("%Academy%"))).scalar_one()
    assert ceremony.host_entity is None and ceremony.host_administration.code == "TH"
    assert ceremony.host_name == "Thai Customs Department"


def test_the_detail_page_shows_parties_narrative_source_and_no_zone(seeded, client):
    mtp = db.session.execute(select(Workshop).where(Workshop.title.like("%MTP%"))).scalar_one()
    html = client.get(f"/workshops/{mtp.id}").get_data(as_text=True)
    assert "Fiji, Papua New Guinea, Samoa, Timor-Leste, Tonga, Vanuatu" in html
    assert "OCO Secretariat, Japan Customs" in html
    assert 'data-testid="narrative"' in html and "Source: ROCB A/P E-Newsletter No.72" in html
    assert "no reference zone" in html
    schedule = client.get(f"/workshops/{mtp.id}/schedule").get_data(as_text=True)
    assert "Pacific/Apia" in schedule and "no reference zone" in schedule
    ecommerce = db.session.execute(select(Workshop).where(Workshop.title.like("%E-Commerce%"))).scalar_one()
    schedule = client.get(f"/workshops/{ecommerce.id}/schedule").get_data(as_text=True)
    assert "gives 25 member administrations but does not name them" in schedule


def test_participation_pages_say_attended_presented_or_host_never_invited(seeded, client):
    tonga = client.get("/administrations/TO/participation").get_data(as_text=True)
    assert "Master Trainer" in tonga and '<span data-testid="relation">attended</span>' in tonga
    assert "invited" not in tonga.split("<h2 class=\"h5\">Workshops</h2>")[1]
    korea = client.get("/administrations/KR/participation").get_data(as_text=True)
    assert '<span data-testid="relation">presented</span>' in korea
    thailand = client.get("/administrations/TH/participation").get_data(as_text=True).split("Workshops</h2>")[1]
    assert "Maritime Stakeholder Meeting" in thailand and "Thai Customs Academy" in thailand
    assert "invited" not in thailand and thailand.count(">host<") == 2
