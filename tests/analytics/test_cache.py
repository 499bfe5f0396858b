"""Frames and charts are cached by data version: an unchanged chart is never drawn twice, a changed record is
seen at once, and the number of queries does not grow with the record."""

from datetime import date

from rocb.analytics import charts
from rocb.extensions import cache, db
from tests.analytics.records import administration, answer, hand_checked, make_cycle, workshop
from tests.conftest import QueryCounter


def count_renders(monkeypatch) -> list:
    """Titles of the charts drawn by matplotlib, with the formats asked for."""
    calls = []
    real = charts.render

    def counting(fig, *args, **kwargs):
        calls.append((fig.get_suptitle(), kwargs.get("formats", charts.FORMATS)))
        return real(fig, *args, **kwargs)

    monkeypatch.setattr(charts, "render", counting)
    return calls


def test_a_second_view_of_an_unchanged_chart_does_not_draw_it_again(staff_client, client, monkeypatch):
    hand_checked()
    calls = count_renders(monkeypatch)
    staff_client.get("/analytics/?cycle=2021")
    assert len(calls) == 6
    staff_client.get("/analytics/?cycle=2021")
    staff_client.get("/analytics/charts/heat-map.svg?cycle=2021")
    staff_client.get("/analytics/charts/trend.svg?cycle=2021")
    assert len(calls) == 6
    # Another filter is another set of charts.
    staff_client.get("/analytics/charts/trend.png?cycle=2021&subregion=ASEAN")
    assert len(calls) == 7


def test_the_page_draws_svg_only_and_a_png_once_when_first_downloaded(staff_client, monkeypatch):
    hand_checked()
    calls = count_renders(monkeypatch)
    staff_client.get("/analytics/?cycle=2021")
    assert [formats for _, formats in calls] == [("svg",)] * 6
    png = staff_client.get("/analytics/charts/trend.png?cycle=2021")
    assert png.data.startswith(b"\x89PNG") and len(calls) == 7
    assert calls[-1] == (calls[3][0], ("png",))  # the trend chart, drawn as PNG alone
    again = staff_client.get("/analytics/charts/trend.png?cycle=2021")
    staff_client.get("/analytics/?cycle=2021")
    assert again.data == png.data and len(calls) == 7


def test_the_public_page_reuses_the_charts_staff_already_drew(staff_client, monkeypatch):
    hand_checked()
    calls = count_renders(monkeypatch)
    staff_client.get("/analytics/?cycle=2021")
    staff_client.post("/logout")
    page = staff_client.get("/analytics/?cycle=2021").get_data(as_text=True)
    assert len(calls) == 6 and 'data-testid="chart-trend"' in page


def test_a_changed_record_changes_the_version_and_the_figures(staff_client, monkeypatch):
    hand_checked()
    calls = count_renders(monkeypatch)
    before = staff_client.get("/api/v1/analytics/needs-vs-delivery?cycle=2021").get_json()
    staff_client.get("/analytics/?cycle=2021")
    assert len(calls) == 6
    # Japan's observer was in fact a formal participant: Japan is reached on valuation.
    shop = workshop("Second valuation workshop", date(2021, 11, 8), ["valuation"],
                    people=[("JP", "formal participant", True)])
    db.session.commit()
    after = staff_client.get("/api/v1/analytics/needs-vs-delivery?cycle=2021").get_json()
    valuation = [next(t for t in d["topics"] if t["topic_code"] == "valuation") for d in (before, after)]
    assert (valuation[0]["asking_reached"], valuation[1]["asking_reached"]) == (1, 2)
    page = staff_client.get("/analytics/?cycle=2021").get_data(as_text=True)
    assert len(calls) == 12
    assert "<td>Customs Valuation</td><td>Japan</td>" not in page
    # A registry change (a name) is seen too.
    administration("FJ").name = "Republic of Fiji"
    db.session.commit()
    assert "Republic of Fiji" in staff_client.get("/analytics/?cycle=2021").get_data(as_text=True)
    assert shop.id


def test_query_count_is_fixed_whatever_the_size_of_the_record(staff_client):
    hand_checked()
    staff_client.get("/")  # the session's user is checked once and kept while no account changes
    cache.clear()
    with QueryCounter() as small:
        assert staff_client.get("/analytics/?cycle=2021").status_code == 200
    # Two more cycles, answers from more administrations, more workshops and participants.
    for year in (2022, 2023):
        cycle = make_cycle(year)
        for code in ("TH", "JP", "FJ", "MY", "IN", "AU"):
            answer(cycle, code, {"valuation": ("high", 4), "risk-management": ("low", 1)})
        for n in range(5):
            workshop(f"Workshop {year}-{n}", date(year, 8 + n, 1), ["valuation", "risk-management"],
                     people=[(c, "formal participant", True) for c in ("TH", "MY", "AU")],
                     headcounts=[("IN", "observer", 2), (None, "formal participant", 7)])
    db.session.commit()
    cache.clear()
    with QueryCounter() as large:
        assert staff_client.get("/analytics/?cycle=2021").status_code == 200
    assert large.count == small.count
    with QueryCounter() as warm:
        staff_client.get("/analytics/?cycle=2021")
    assert warm.count == 0  # the user kept (no account changed), the data versions and the page cached
