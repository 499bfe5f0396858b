"""What no source gives is visible where the registry is read: an organization's time zone assumed from its seat,
an assumed fund or topic, an administration's working week (the best-known default) each carry a badge naming
the assumption until staff record them; a sourced row shows its source and no badge."""

import re

from sqlalchemy import select

from rocb.cli import run_seed
from rocb.extensions import db
from rocb.registry.models import Administration, Organization, Topic

NOT_RECORDED = 'data-testid="not-recorded">not recorded</span>'
ASSUMED = 'data-testid="assumed">assumed</span>'


def row_of(html: str, name: str) -> str:
    """The table row of a list page that names `name` in its first cell."""
    rows = re.findall(r'<tr data-testid="row">(.*?)</tr>', html, re.S)
    found = [r for r in rows if re.match(rf"\s*<td>{re.escape(name)}</td>", r)]
    assert len(found) == 1, (name, len(found))
    return found[0]


def test_an_organization_zone_assumed_from_its_seat_has_a_badge_a_sourced_one_has_none(seeded, client):
    html = client.get("/organizations/").get_data(as_text=True)
    oecd = row_of(html, "Organisation for Economic Co-operation and Development")
    assert f"{NOT_RECORDED}, Europe/Paris assumed (its seat, Paris)" in oecd
    assert "E-Commerce workshop p.28 (guest speaker)" in oecd  # its source, for what the source does give
    wco = row_of(html, "WCO Secretariat")
    assert "not-recorded" not in wco and "<td>Europe/Brussels</td>" in wco
    assert "16th Global Meeting, p.31" in wco
    assert html.count(NOT_RECORDED) == 10  # the 11 organizations but the WCO


def test_an_assumed_fund_has_a_badge_naming_the_assumption_a_sourced_one_its_source(seeded, client):
    html = client.get("/funds/").get_data(as_text=True)
    japan = row_of(html, "CCF/Japan")
    assert f"{ASSUMED} not in the reference sources; named like CCF/China and CCF/Korea" in japan
    china = row_of(html, "CCF/China")
    assert "assumed" not in china and "E-Commerce workshop p.28 and Disruptive Technologies workshop p.36" in china
    assert ASSUMED in row_of(html, "CCF/India") and ASSUMED in row_of(html, "JICA")


def test_an_assumed_topic_has_a_badge_a_sourced_one_its_source(seeded, client):
    html = client.get("/topics/").get_data(as_text=True)
    kyoto = row_of(html, "revised-kyoto")
    assert f"{ASSUMED} the project&#39;s topic taxonomy, grouped by WCO package; no reference source names it" in kyoto
    ecommerce = row_of(html, "e-commerce")
    assert "assumed" not in ecommerce and "Workshops and Meetings, E-Commerce workshop p.28" in ecommerce
    assert html.count(ASSUMED) == 29  # of the 41 topics, 12 are in the newsletter


def test_the_working_week_is_not_recorded_until_staff_set_it(seeded, staff_client):
    page = staff_client.get("/administrations/IR").get_data(as_text=True)
    week = re.search(r'data-testid="working-week">(.*?)</dd>', page, re.S).group(1)
    assert week == f'<span class="badge text-bg-warning" {NOT_RECORDED}, Sat-Wed assumed (the best-known ' \
                   'public-sector week)'
    # The source named is the membership's, not the working week's.
    assert "Source of the membership" in page
    listing = staff_client.get("/administrations/").get_data(as_text=True)
    assert f"{NOT_RECORDED}, Sat-Wed assumed</td>" in listing
    edit = staff_client.get("/administrations/IR/edit").get_data(as_text=True)
    assert "Not recorded, assumed: the working week Sat-Wed (the best-known public-sector week)" in edit
    form = {"code": "IR", "name": "Iran", "subregion": "Sub-Continent", "timezone": "Asia/Tehran",
            "working_days": "Sat-Thu", "work_start": "09:00", "work_end": "17:00"}
    assert staff_client.post("/administrations/IR/edit", data=form).status_code == 302
    week = re.search(r'data-testid="working-week">(.*?)</dd>',
                     staff_client.get("/administrations/IR").get_data(as_text=True), re.S).group(1)
    assert week == "Sat-Thu"
    api = staff_client.get("/api/v1/administrations").get_json()["administrations"]
    assert next(a for a in api if a["code"] == "IR")["working_days_recorded"] is True
    assert next(a for a in api if a["code"] == "AF")["working_days_recorded"] is False
    # A second seed keeps the week staff set; the others keep following the file.
    run_seed()
    iran = db.session.execute(select(Administration).filter_by(code="IR")).scalar_one()
    assert (iran.working_days, iran.working_days_recorded) == ("Sat-Thu", True)


def test_staff_record_an_assumed_zone_and_the_seed_keeps_it(seeded, staff_client):
    oecd = db.session.execute(select(Organization).filter_by(short_name="OECD")).scalar_one()
    edit = staff_client.get(f"/organizations/{oecd.id}/edit").get_data(as_text=True)
    assert "Time zone not recorded: Europe/Paris is assumed (its seat, Paris)" in edit
    form = {"name": oecd.name, "short_name": "OECD", "kind": oecd.kind, "timezone": "Europe/Paris",
            "timezone_recorded": "y", "source": oecd.source}
    assert staff_client.post(f"/organizations/{oecd.id}/edit", data=form).status_code == 302
    assert "not-recorded" not in row_of(staff_client.get("/organizations/").get_data(as_text=True), oecd.name)
    run_seed()
    db.session.refresh(oecd)
    assert oecd.timezone_recorded and oecd.timezone == "Europe/Paris"


def test_an_assumed_topic_must_say_what_is_assumed(seeded, staff_client):
    topic = db.session.execute(select(Topic).filter_by(code="revised-kyoto")).scalar_one()
    form = {"code": "revised-kyoto", "name": "Revised Kyoto Convention (RKC)", "package": "Economic Competitiveness",
            "assumed": "y", "source": ""}
    response = staff_client.post(f"/topics/{topic.id}/edit", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Say what is assumed" in html
    assert 'value="Revised Kyoto Convention (RKC)"' in html  # what was typed is kept
    # Given a source, it is no longer assumed: the badge goes.
    form.update(assumed="", source="WCO Revised Kyoto Convention, General Annex")
    assert staff_client.post(f"/topics/{topic.id}/edit", data=form).status_code == 302
    kyoto = row_of(staff_client.get("/topics/").get_data(as_text=True), "revised-kyoto")
    assert "assumed" not in kyoto and "WCO Revised Kyoto Convention, General Annex" in kyoto
