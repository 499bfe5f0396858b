"""Charts: valid SVG and PNG with the title, the expected series, and "No data" instead of an exception."""

import io
import xml.etree.ElementTree as ET
from datetime import date

import matplotlib.image
import pandas as pd
import pytest
from matplotlib.collections import PatchCollection, PathCollection, PolyCollection

from rocb.analytics import charts, frames, history_charts
from rocb.analytics.history import entity_growth, participation_by_year, year_over_year
from tests.analytics.test_frames import sample

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TITLE = charts.cycle_title("Needs vs delivery", 2021, (date(2021, 7, 1), date(2022, 6, 30)))


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")]


def assert_valid(chart: charts.Chart, title: str):
    assert chart.title == title
    assert title in svg_texts(chart.svg)
    assert chart.png.startswith(PNG_SIGNATURE)
    pixels = matplotlib.image.imread(io.BytesIO(chart.png))
    assert pixels.shape[0] > 100 and pixels.shape[1] > 100
    assert chart.svg_inline.startswith("<svg")


def test_title_says_cycle_and_window():
    assert TITLE == "Needs vs delivery — 2021 survey, delivery 1 Jul 2021–30 Jun 2022"
    assert (
        charts.cycle_title("Needs vs delivery", 2021, (date(2021, 7, 1), date(2022, 6, 30)), "ASEAN", None)
        == "Needs vs delivery — 2021 survey, delivery 1 Jul 2021–30 Jun 2022 · ASEAN"
    )
    assert charts.years_title("Needs and delivery", [2007, 2005, 2006]) == "Needs and delivery — 2005–2007"


def test_needs_vs_delivery_bars_with_coverage():
    fig = charts.build_needs_vs_delivery_figure(frames.needs_vs_delivery(sample(), 2021), TITLE)
    ax = fig.axes[0]
    assert len(ax.containers) == 2
    assert [[bar.get_width() for bar in container] for container in ax.containers] == [[2, 3], [0, 1]]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Customs valuation", "Risk management"]
    assert sorted(text.get_text() for text in ax.texts) == ["0%", "33%"]
    assert_valid(charts.render(fig), TITLE)


def test_needs_vs_delivery_by_weighted_need_and_a_topic_nobody_asked_for():
    frame = frames.needs_vs_delivery(sample(need_items=[]), 2021)
    fig = charts.build_needs_vs_delivery_figure(frame, TITLE, measure="need")
    ax = fig.axes[0]
    # Only risk management had a workshop: 0 need, 5 formal participants, coverage not applicable.
    assert [[bar.get_width() for bar in container] for container in ax.containers] == [[0], [5]]
    assert [text.get_text() for text in ax.texts] == ["n/a"]


def test_heat_map_marks_reached_and_gaps():
    breakdown = frames.administration_topics(sample(), 2021)
    data = sample()
    fig = charts.build_heat_map_figure(breakdown, TITLE, data.administrations, data.topics)
    ax = fig.axes[0]
    by_gid = {collection.get_gid(): collection for collection in ax.collections}
    assert isinstance(by_gid["asked"], PatchCollection) and len(by_gid["asked"].get_paths()) == 5
    assert len(by_gid["not reached"].get_paths()) == 4
    reached = by_gid["reached"]
    assert isinstance(reached, PathCollection)
    # Thailand (row 2 of Fiji, Japan, Thailand) reached on risk management (column 1 of Customs valuation, Risk
    # management): both axes in alphabetical order of the names.
    assert reached.get_offsets().tolist() == [[1.5, 2.5]]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Fiji", "Japan", "Thailand"]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["Customs valuation", "Risk management"]
    assert_valid(charts.render(fig), TITLE)


def test_heat_map_grows_with_administrations_and_topics():
    small = charts.build_heat_map_figure(frames.administration_topics(sample(), 2021), TITLE)
    admins = pd.DataFrame(
        {"code": [f"A{i:02d}" for i in range(35)], "name": [f"Admin {i}" for i in range(35)]}
    )
    topics = pd.DataFrame(
        {"code": [f"T{i:02d}" for i in range(40)], "name": [f"Topic {i}" for i in range(40)]}
    )
    big = charts.build_heat_map_figure(frames.administration_topics(sample(), 2021), TITLE, admins, topics)
    assert big.get_figheight() > small.get_figheight() + 5
    assert big.get_figwidth() > small.get_figwidth() + 5


def test_trend_has_three_lines():
    cycles = [{"year": 2021, "closes": date(2021, 6, 30)}, {"year": 2022, "closes": date(2022, 6, 30)}]
    trend = year_over_year(sample(cycles=cycles))
    title = charts.years_title("Needs and delivery", trend["cycle_year"])
    fig = history_charts.build_trend_figure(trend, title)
    lines = [line for ax in fig.axes for line in ax.get_lines()]
    assert [line.get_label() for line in lines] == ["Weighted need", "Workshops held", "Formal participants"]
    assert lines[2].get_ydata().tolist() == [5, 1]
    assert_valid(charts.render(fig), title)


def test_participation_stacks_formal_participants_and_observers():
    fig = history_charts.build_participation_figure(
        participation_by_year(sample()), "Participation 2021", 2021
    )
    ax = fig.axes[0]
    assert [container.get_label() for container in ax.containers] == ["Formal participants", "Observers"]
    # Biggest total on top: Thailand 2, then Fiji 1 (code order breaks the tie with Japan's 1 observer).
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Japan", "Fiji", "Thailand"]
    assert [bar.get_width() for bar in ax.containers[1]] == [1, 0, 0]
    assert_valid(charts.render(fig), "Participation 2021")


def test_entity_growth_has_one_area_per_kind():
    history = [
        {"entity_id": 1, "kind": "RTC", "status": "accredited", "changed_on": date(2020, 3, 1)},
        {"entity_id": 2, "kind": "RILO", "status": "accredited", "changed_on": date(2021, 3, 1)},
        {"entity_id": 3, "kind": "RCL", "status": "candidate", "changed_on": date(2021, 3, 1)},
    ]
    fig = history_charts.build_entity_growth_figure(entity_growth(history), "Regional entities")
    areas = [c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]
    assert len(areas) == 3
    assert [text.get_text() for text in fig.axes[0].get_legend().get_texts()] == ["RILO", "RTC", "RCL"]
    assert_valid(charts.render(fig), "Regional entities")


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.build_needs_vs_delivery_figure(
            frames.needs_vs_delivery(frames.NeedsData.from_rows()), TITLE
        ),
        lambda: charts.build_heat_map_figure(
            frames.administration_topics(frames.NeedsData.from_rows()), TITLE
        ),
        lambda: history_charts.build_trend_figure(year_over_year(frames.NeedsData.from_rows()), TITLE),
        lambda: history_charts.build_participation_figure(
            participation_by_year(frames.NeedsData.from_rows()), TITLE
        ),
        lambda: history_charts.build_entity_growth_figure(entity_growth([]), TITLE),
    ],
)
def test_empty_data_says_no_data(build):
    chart = charts.render(build())
    assert_valid(chart, TITLE)
    assert "No data" in svg_texts(chart.svg)


def test_same_data_gives_the_same_bytes():
    frame = frames.needs_vs_delivery(sample(), 2021)
    first = charts.render(charts.build_needs_vs_delivery_figure(frame, TITLE))
    second = charts.render(charts.build_needs_vs_delivery_figure(frame, TITLE))
    assert first.svg == second.svg
    assert first.png == second.png
    # No creation date or software version: a cached chart and a fresh one are interchangeable.
    assert b"dc:date" not in first.svg and b"Matplotlib v" not in first.svg
    assert b"Software" not in first.png


def test_one_format_at_a_time_gives_the_same_bytes_each_time():
    frame = frames.needs_vs_delivery(sample(), 2021)
    svg = [charts.render(charts.build_needs_vs_delivery_figure(frame, TITLE), formats=("svg",)) for _ in range(2)]
    png = [charts.render(charts.build_needs_vs_delivery_figure(frame, TITLE), formats=("png",)) for _ in range(2)]
    assert svg[0].png is None and png[0].svg is None
    assert svg[0].svg == svg[1].svg and TITLE in svg_texts(svg[0].svg)
    assert png[0].png == png[1].png
    # The PNG downloaded alone is the one rendered with the SVG.
    both = charts.render(charts.build_needs_vs_delivery_figure(frame, TITLE))
    assert png[0].png == both.png
    with pytest.raises(ValueError, match="svg, png"):
        charts.render(charts.build_needs_vs_delivery_figure(frame, TITLE), formats=("pdf",))
