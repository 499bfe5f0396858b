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
from rocb.workshops.report import ActivityEntry, EntityNews, period_totals
from rocb.workshops.report_text import to_csv
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
         experts=["the experts on E-Commerce from the WCO"], topics=["E-Commerce"],
         staff=["Norikazu Kuramoto", "Hua Tong", "Pavida Boonmun"], role="facilitator",
         section="Workshops and Meetings, p.28",
         facts=["Framework of Standards on Cross-Border E-Commerce", "low-value shipments", "blockchain",
                "AI selection of high-risk postal items"]),
    dict(title="WCO/JICA Joint Sub-Regional Master Trainer Programme (MTP) Preparatory Meeting for the Pacific "
               "Islands",
         date_line="26 January 2021, Online Meeting hosted by ROCB A/P",
         organizers=["WCO", "JICA", "ROCB A/P"], funds=[],
         sentence="The meeting was organized by the WCO, JICA and the ROCB A/P.",
         summary="attended by 6 member administrations", administrations=6, people=[],
         attended=["Fiji", "Papua New Guinea", "Samoa", "Timor-Leste", "Tonga", "Vanuatu"],
         partners=["OCO Secretariat", "Japan Customs"], topics=["Master Trainer Programme"],
         staff=["Norikazu Kuramoto", "Yuko Mamiya", "Jate-arpa Benjaphong", "Vareemon Chairungsrilert"],
         role="facilitator", section="Workshops and Meetings, p.29",
         facts=["second series", "priority topic", "OCO Secretariat", "pool of experts"]),
    # The RCL article puts its MoU at the gathering; the RTC article says only "conducted virtually" that day.
    dict(title="International Customs Day 2021 Virtual Gathering", date_line="29 January 2021, Online Ceremony",
         organizers=[], funds=[], summary=None, people=[], administrations=0, staff=[], role=None, topics=[],
         section="Special Contribution: Next step as a new WCO A/P RCL",
         facts=["during this virtual gathering, the MoU establishing the Indonesia Customs and Excise Laboratory",
                "signed virtually by the WCO Secretary General and the Chairman of the Financial Education and "
                "Training Agency", "does not say it was signed at the gathering"]),
    dict(title="16th Global Meeting of the WCO Regional Structures",
         date_line="18-19 February 2021, Online Meeting hosted by WCO Headquarters, Brussels",
         organizers=["WCO"], funds=[], summary=None, people=[], administrations=0,
         staff=["Norikazu Kuramoto", "Chloe Au", "Pattarapak Nopnakeepong"], role="attended",
         topics=["Regional structures"],
         opening_speakers=["Mr. Taeil Kang, Director of WCO Capacity Building Directorate"],
         other_participants="delegates of the Vice Chair offices, ROCBs, RILOs, RTCs, RCLs and RDTCs of the six WCO "
                            "regions were invited",
         section="Workshops and Meetings, p.31",
         facts=["Annual Capacity Building Needs Survey", "Japan Customs", "18th Meeting of Heads of RTCs",
                "E-Newsletter"]),
    dict(title="12th Capacity Building Committee", date_line="22-24 February 2021, Online Meeting hosted by WCO",
         organizers=["WCO"], funds=[],
         summary="attended by approximately 300 delegates from member administrations and other international "
                 "organizations", people=[(300, "approximately")], administrations=0,
         staff=["Norikazu Kuramoto", "Yuko Mamiya", "Pavida Boonmun", "Vareemon Chairungsrilert"], role="attended",
         topics=["Capacity building"], opening_speakers=["Dr. Kunio Mikuriya, the WCO Secretary General"],
         section="Workshops and Meetings, p.32",
         facts=["CLiKC!", "People Management and Learning in Time of Crisis", "time difference with Brussels"]),
    dict(title='Maritime Stakeholder Meeting "Countering wildlife trafficking and other illicit trade through Thai '
               'seaports and maritime supply chains"',
         date_line="9-10 March 2021, Meeting hosted by Royal Thai Customs, Bangkok, Thailand",
         organizers=["Royal Thai Customs", "UNODC", "USAID Wildlife Asia", "TRAFFIC", "WWF"],
         funds=["USAID Wildlife Asia", "WWF", "UNODC"],
         sentence="The meeting was organized by Royal Thai Customs, UNODC, USAID Wildlife Asia, TRAFFIC and WWF "
                  "with the financial contribution of USAID Wildlife Asia, WWF and UNODC.",
         summary="attended by over 70 representatives from Royal Thai Customs, other government departments, "
                 "international organizations and private sector entities, mainly shipping and freight companies",
         people=[(70, "over")], administrations=0, staff=["Norikazu Kuramoto", "Yuko Mamiya"], role="attended",
         topics=["Environmental crime and wildlife trafficking"],
         opening_speakers=["Mr. Chaiyut Kumkun, Principal Advisor on Customs Control Development for "
                           "Director-General of Thai Customs"],
         section="Workshops and Meetings, p.33",
         facts=["CENcomm", "public-private partnership", "export, transit and import"]),
    dict(title="Opening ceremony of the new Thai Customs Academy building",
         date_line="16 March 2021, Ceremony hosted by Thai Customs Department, Thai Customs Academy, Bangkok",
         organizers=["Thai Customs Department"], funds=[], summary=None, people=[], administrations=0,
         staff=["Norikazu Kuramoto"], role="attended", topics=[],
         opening_speakers=["Mr. Patchara Anuntasilpa, Director-General of Thai Customs Department"],
         other_participants="representatives of embassies and international organizations were invited",
         section="Workshops and Meetings, p.35",
         facts=["Mr. Patchara Anuntasilpa", "accredited as a WCO A/P Regional Training Centre"]),
    dict(title="International Conference on Digital Transformation in Customs",
         date_line="18 March 2021, Online Conference hosted by RTC Indonesia (Customs and Excise Education and "
                   "Training Center)",
         organizers=["RTC Indonesia (Customs and Excise Education and Training Center)"], funds=[], summary=None,
         people=[], administrations=0, staff=["Ilkwon Han"], role="speaker",
         topics=["Digital transformation of Customs", "Post-Clearance Audit"],
         section="Special Contribution: How to be the innovative PCA in the digital era (note 1)",
         facts=["Post-Clearance Audit expert", "Korea and Indonesia", "AI-based algorithms", "BACUDA",
                "virtual style of audit between the documentary and the field audit"]),
    dict(title="WCO Asia/Pacific Regional Online Experience-Sharing Workshop on Disruptive Technologies",
         date_line="22-24 March 2021, Online Workshop hosted by WCO", organizers=["WCO"], funds=["CCF/China"],
         sentence="The workshop was organized by the WCO under the sponsorship of the China Customs Cooperation "
                  "Fund (CCF/China).",
         summary="attended by more than 50 participants from 17 member administrations",
         people=[(50, "more than")], administrations=17,
         staff=["Norikazu Kuramoto", "Yuko Mamiya", "Grace Ye", "Pavida Boonmun", "Jate-arpa Benjaphong",
                "Pattarapak Nopnakeepong"], role="facilitator",
         experts=["the experts on Disruptive Technologies from the WCO"], topics=["Disruptive Technologies"],
         other_participants="speakers from Customs, the private sector, international organizations and academia "
                            "took part",
         section="Workshops and Meetings, p.36",
         facts=["blockchain, artificial intelligence, machine learning and the internet of things",
                "break-out sessions", "WCO Study Report on Disruptive Technologies"]),
    dict(title="WCO Regional Virtual Workshop on Data Analytics for AP",
         date_line="30 March-1 April 2021, Online Workshop hosted by ROCB A/P",
         organizers=["ROCB A/P", "WCO"], funds=["CCF/Korea"],
         sentence="The workshop was organized by the ROCB A/P and the WCO under the sponsorship of the Korea Customs "
                  "Cooperation Fund (CCF/Korea).",
         summary="attended by 21 member administrations", people=[], administrations=21,
         presented=["Indonesia", "Japan", "China", "Korea", "Hong Kong, China", "Australia"],
         staff=["Norikazu Kuramoto", "Ilkwon Han", "Pavida Boonmun"], role="facilitator",
         experts=["the Data Analytics experts from the WCO"], topics=["Data Analytics"],
         section="Workshops and Meetings, p.37",
         facts=["WCO framework for Data Analytics", "BACUDA", "benchmarking", "COVID-19"]),
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
    for relation in ("attended", "presented", "guest_speakers", "partners", "experts", "opening_speakers"):
        assert getattr(entry, relation) == expected.get(relation, []), relation
    assert entry.other_participants == expected.get("other_participants")
    assert entry.topics == expected["topics"]
    assert entry.staff_names == expected["staff"]
    assert {s.role for s in entry.staff} == ({expected["role"]} if expected["role"] else set())


@pytest.mark.parametrize("expected", NEWSLETTER, ids=lambda n: n["title"][:40])
def test_each_narrative_tells_the_facts_of_the_section_it_cites(seeded, app, expected):
    entry = next(e for e in computed(app)[0] if e.title == expected["title"])
    # The section of No.72 the activity is told in, by its heading and page.
    assert entry.source.startswith("ROCB A/P E-Newsletter No.72, " + expected["section"])
    # Facts that section gives, in the summary's words.
    missing = [fact for fact in expected["facts"] if fact not in entry.narrative]
    assert missing == [], entry.narrative


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
    if expected.get("opening_speakers"):
        noun = expected["date_line"].split(", ")[1].split(" hosted")[0].split()[-1].lower()
        assert f"The {noun} opened with remarks by {expected['opening_speakers'][0]}." in section
    if expected["topics"]:
        assert f"Topics: {', '.join(expected['topics'])}." in section
    assert expected["facts"][0] in section
    assert "Source: ROCB A/P E-Newsletter No.72" in section


def test_the_relations_read_as_the_newsletter_tells_them(seeded, client):
    md = client.get(Q1 + "&format=md").get_data(as_text=True)
    assert "namely Fiji, Papua New Guinea, Samoa, Timor-Leste, Tonga and Vanuatu" in md
    assert "OCO Secretariat and Japan Customs also attended." in md
    assert "OECD, UPU, GEA, OCO Secretariat and RILO A/P contributed to the workshop as guest speakers." in md
    assert "Indonesia, Japan, China, Korea, Hong Kong, China and Australia shared their experiences" in md
    # Dr. Hua Tong's title: the E-Commerce section says "Program Manager of the ROCB A/P"; the foreword gives the
    # most specific one, "CCF/China Operational Manager and Program Manager", which the staff record keeps (one
    # title per person: the record has no per-activity title).
    assert ("Together with the experts on E-Commerce from the WCO, Mr. Norikazu Kuramoto, Head of the ROCB A/P, "
            "Dr. Hua Tong, CCF/China Operational Manager and Program Manager of the ROCB A/P and Ms. Pavida "
            "Boonmun, Assistant Program Manager of the ROCB A/P joined as facilitators/coordinators.") in md
    assert "Together with the experts on Disruptive Technologies from the WCO, Mr. Norikazu Kuramoto" in md
    assert "Together with the Data Analytics experts from the WCO, Mr. Norikazu Kuramoto" in md
    assert "The meeting opened with remarks by Dr. Kunio Mikuriya, the WCO Secretary General." in md
    # Only the RCL MoU is placed at the Customs Day gathering by the newsletter.
    customs_day = md.split("## International Customs Day 2021 Virtual Gathering\n")[1].split("\n## ")[0]
    assert "signed two MoUs" not in customs_day and "Next step as a new WCO A/P RCL" in customs_day
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
    activities = [r for r in rows if r["section"] == "Workshops and Meetings"]
    assert [r["title"] for r in activities] == [n["title"] for n in NEWSLETTER]
    assert activities[0]["dates"] == "12-15 January 2021" and activities[0]["funds"] == "CCF/China"
    assert activities[8]["summary"] == "attended by more than 50 participants from 17 member administrations"
    assert activities[5]["organizers"] == "Royal Thai Customs; UNODC; USAID Wildlife Asia; TRAFFIC; WWF"
    assert activities[9]["presented"] == "Indonesia; Japan; China; Korea; Hong Kong, China; Australia"
    assert activities[7]["staff_roles"] == "speaker"
    assert activities[8]["experts"] == "the experts on Disruptive Technologies from the WCO"
    assert activities[4]["opening_speakers"] == "Dr. Kunio Mikuriya, the WCO Secretary General"


FIGURES = ("formal_participants", "formal_participants_precision", "observers", "observers_precision", "people",
           "people_precision", "administrations", "administrations_precision")


def test_the_csv_gives_each_figure_as_a_number_and_its_precision_with_news_and_totals(seeded, client):
    rows = list(csv.DictReader(io.StringIO(client.get(Q1 + "&format=csv").get_data(as_text=True))))
    assert [r["section"] for r in rows] == ["Workshops and Meetings"] * 10 + ["Regional entities"] * 5 + [
        "Totals of the period"]
    figures = {r["title"][:20]: tuple(r[c] for c in FIGURES) for r in rows}
    assert figures["WCO First Online Reg"] == ("38", "exact", "37", "exact", "75", "exact", "25", "exact")
    assert figures["12th Capacity Buildi"] == ("300", "approximately", "", "", "300", "approximately", "", "")
    assert figures['Maritime Stakeholder'] == ("70", "over", "", "", "70", "over", "", "")
    assert figures["WCO Asia/Pacific Reg"] == ("50", "more than", "", "", "50", "more than", "17", "exact")
    assert figures["WCO Regional Virtual"] == ("", "", "", "", "", "", "21", "exact")  # named, not counted
    assert figures["International Custom"] == ("",) * 8
    # The news of the period: a month-only MoU spans its month, in words and as its first and last day.
    rdtc = next(r for r in rows if r["title"] == "RDTC Korea")
    assert (rdtc["dates"], rdtc["first_day"], rdtc["last_day"], rdtc["kind"]) == (
        "February 2021", "2021-02-01", "2021-02-28", "MoU signed")
    assert rdtc["summary"] == "February 2021: RDTC Korea (Korea), MoU signed."
    # The totals: what a spreadsheet adds up from the activity rows, the precision word saying how firm it is; the
    # summary keeps the report's careful words.
    totals = rows[-1]
    assert tuple(totals[c] for c in FIGURES) == (
        "458", "approximately", "37", "exact", "495", "approximately", "25", "at least")
    assert sum(int(r["people"]) for r in rows[:10] if r["people"]) == int(totals["people"])
    assert "People counted at them: at least 195, plus approximately 300." in totals["summary"]
    assert (totals["first_day"], totals["last_day"]) == ("2021-01-01", "2021-03-31")


def test_every_csv_cell_is_kept_from_running_as_a_formula():
    entry = ActivityEntry("=HYPERLINK(\"http://x\")", date(2021, 1, 12), date(2021, 1, 12), "online",
                          "regional workshop", "held", "+WCO", narrative="@SUM(A1)",
                          by_role={"formal participant": [(3, "exact")]}, people=[(3, "exact")])
    news = [EntityNews(date(2021, 2, 1), "month", "-RDTC", "Korea", "MoU signed", note="=1+1")]
    text = to_csv([entry], news, period_totals([entry], news), date(2021, 1, 1), date(2021, 3, 31))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["title"] == "'=HYPERLINK(\"http://x\")" and rows[0]["host"] == "'+WCO"
    assert rows[0]["narrative"] == "'@SUM(A1)" and rows[0]["formal_participants"] == "3"
    assert rows[1]["title"] == "'-RDTC" and rows[1]["narrative"] == "'=1+1"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


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


def test_the_detail_page_names_the_activity_and_its_organizers_as_the_report_does(seeded, client):
    def page(like):
        w = db.session.execute(select(Workshop).where(Workshop.title.like(like))).scalar_one()
        return client.get(f"/workshops/{w.id}").get_data(as_text=True)

    cbc = page("12th Capacity Building Committee")
    assert "The meeting was attended by approximately 300 delegates" in cbc and "The workshop was" not in cbc
    assert 'data-testid="party-opening-speaker">Dr. Kunio Mikuriya, the WCO Secretary General<' in cbc
    # The organizers in the newsletter's order, by the report's names (the host's own: "Royal Thai Customs").
    assert 'data-testid="organizers">WCO, JICA, ROCB A/P<' in page("%(MTP)%")
    assert 'data-testid="organizers">Royal Thai Customs, UNODC, USAID Wildlife Asia, TRAFFIC, WWF<' in page(
        "Maritime Stakeholder%")


def test_the_api_gives_the_whole_days_of_a_dates_only_record_no_zone(seeded, client):
    workshops = client.get("/api/v1/workshops?from=2021-01-01&to=2021-04-30").get_json()["workshops"]
    sessions = [s for w in workshops for s in w["sessions"]]
    assert len(sessions) == 21 and all(s["all_day"] and s["zone"] is None for s in sessions)
    assert {w["reference_zone"] for w in workshops} == {None}
