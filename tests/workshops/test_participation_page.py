"""An administration's participation page: totals per year and role, and each workshop's figures for it alone."""

import re
from datetime import date

from tests.factories import make_headcount, make_participant, make_workshop


def _years_table(html: str) -> dict[int, list[int]]:
    """{year: [formal participants, observers, experts, guest speakers, facilitators]} of the By year table (its
    first column, workshops attended, left out; years with workshops attended but no figures too)."""
    table = html.split('data-testid="years"', 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr><td>(\d{4})</td>(.*?)</tr>", table):
        people = [int(n) for n in re.findall(r'<td class="text-end">(\d+)</td>', row[1])][1:]
        if any(people):
            rows[int(row[0])] = people
    return rows


def _people(w, code, n, role="formal participant", attended=True):
    for i in range(n):
        name = f"{code} {role} {i}{'' if attended else ' absent'}"
        make_participant(w, name, email=f"{name.replace(' ', '.').lower()}@customs.go.th", code=code, role=role,
                         attended=attended)


def test_totals_per_year_count_attended_people_and_figures_of_this_administration_only(seeded, client):
    first = make_workshop("Workshop 2019", sessions=[date(2019, 3, 4)], status="held")
    _people(first, "TH", 3)
    _people(first, "TH", 2, attended=False)  # registered, did not come: not counted
    _people(first, "JP", 4)  # another administration
    make_headcount(first, "observer", 5, code="TH")
    make_headcount(first, "observer", 50, administrations_count=20)  # a total over several: no one's in particular
    second = make_workshop("Workshop 2020", sessions=[date(2020, 11, 30)], status="held")
    _people(second, "TH", 1, role="expert")
    _people(second, "TH", 2, role="observer")
    later = make_workshop("Workshop 2020 bis", sessions=[date(2020, 12, 1)], status="held")
    _people(later, "TH", 4)
    html = client.get("/administrations/TH/participation").get_data(as_text=True)
    assert _years_table(html) == {2020: [4, 2, 1, 0, 0], 2019: [3, 5, 0, 0, 0]}
    row_2019 = html.split("Workshop 2019", 1)[1].split("</tr>", 1)[0]
    assert "3 formal participants, 5 observers" in row_2019  # TH's share of the workshop only


def _with_a_private_workshop():
    public = make_workshop("Public workshop", sessions=[date(2021, 5, 3)], status="held")
    _people(public, "TH", 2)
    private = make_workshop("Internal meeting", kind="meeting", sessions=[date(2021, 6, 3)], status="held",
                            is_public=False)
    _people(private, "TH", 3)
    make_headcount(private, "observer", 4, code="TH")


def test_a_private_workshop_does_not_count_for_the_public(seeded, client):
    _with_a_private_workshop()
    html = client.get("/administrations/TH/participation").get_data(as_text=True)
    assert _years_table(html) == {2021: [2, 0, 0, 0, 0]} and "Internal meeting" not in html


def test_a_private_workshop_counts_for_staff(staff_client):
    _with_a_private_workshop()
    html = staff_client.get("/administrations/TH/participation").get_data(as_text=True)
    assert _years_table(html) == {2021: [5, 4, 0, 0, 0]} and "Internal meeting" in html
