"""Charts readable at their shown size: a tooltip (SVG <title>) with label and value on every bar, cell and point,
no text outside the SVG's view box (measured from the SVG itself with the font's metrics), long names wrapped on
the axes and whole in the tooltips, and the heat map's axes in alphabetical order with a labelled colour bar."""

import csv
import math
import re
import xml.etree.ElementTree as ET
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from rocb.analytics import charts, frames, history_charts, svg_titles
from rocb.analytics.applied_chart import build_applied_figure
from rocb.analytics.history import entity_growth, participation_by_year, year_over_year
from tests.analytics.test_frames import sample

SVG = "{http://www.w3.org/2000/svg}"
SEED = Path(__file__).resolve().parents[2] / "seed"
TITLE = charts.cycle_title("Needs vs delivery", 2021, (date(2021, 7, 1), date(2022, 6, 30)))
FILL = {colour.lower(): level for level, colour in charts.PRIORITY_COLOURS.items()}


def svg_of(fig) -> ET.Element:
    return ET.fromstring(charts.render(fig, formats=("svg",)).svg)


def title_of(element) -> str | None:
    title = element.find(SVG + "title")
    return title.text if title is not None else None


def group(root, gid) -> ET.Element:
    return next(e for e in root.iter(SVG + "g") if e.get("id") == gid)


def marks(root, gid, tag) -> list[ET.Element]:
    """The drawn elements (`path` or `use`, not those inside <defs>) of the group named `gid`, in document order."""
    def walk(element):
        for child in element:
            if child.tag == SVG + tag:
                yield child
            elif child.tag != SVG + "defs":
                yield from walk(child)
    return list(walk(group(root, gid)))


def bar_titles(fig, root) -> list[list[str]]:
    """The tooltip of each bar of each bar container, in the order of the bars."""
    return [[title_of(group(root, bar.get_gid())) for bar in container] for container in fig.axes[0].containers]


# ---------------------------------------------------------------- tooltips on every mark


def test_every_bar_of_needs_vs_delivery_names_its_topic_and_value():
    fig = charts.build_needs_vs_delivery_figure(frames.needs_vs_delivery(sample(), 2021), TITLE)
    root = svg_of(fig)
    assert bar_titles(fig, root) == [
        ["Customs valuation — Administrations asking: 2", "Risk management — Administrations asking: 3"],
        ["Customs valuation — Asking and reached (formal participant): 0; coverage 0%",
         "Risk management — Asking and reached (formal participant): 1; coverage 33%"],
    ]
    for container in fig.axes[0].containers:  # each title sits with the bar it describes
        for bar in container:
            assert len(marks(root, bar.get_gid(), "path")) == 1


def test_every_segment_of_the_applied_chart_names_its_topic_what_became_of_it_and_the_count():
    frame = frames.needs_vs_delivery(sample(), 2021)
    fig = build_applied_figure(frame, TITLE)
    root = svg_of(fig)
    titles = bar_titles(fig, root)
    assert len(titles) == 5 and all(len(t) == 2 for t in titles)  # five segments, two topics asked for
    assert titles[0] == ["Customs valuation — Applied (partly or fully): 0 of 2 asking",
                         "Risk management — Applied (partly or fully): 0 of 3 asking"]
    assert titles[4] == ["Customs valuation — Not reached: 2 of 2 asking",
                         "Risk management — Not reached: 2 of 3 asking"]


def test_a_topic_nobody_asked_for_says_so_in_its_tooltip():
    frame = frames.needs_vs_delivery(sample(need_items=[]), 2021)
    fig = charts.build_needs_vs_delivery_figure(frame, TITLE, measure="need")
    assert bar_titles(fig, svg_of(fig)) == [
        ["Risk management — Weighted need (high 3, medium 2, low 1): 0"],
        ["Risk management — Formal participants: 5; coverage n/a (nobody asked)"],
    ]


def test_every_cell_and_dot_of_the_heat_map_names_administration_topic_priority_and_reach():
    data = sample()
    fig = charts.build_heat_map_figure(frames.administration_topics(data, 2021), TITLE, data.administrations,
                                       data.topics)
    root = svg_of(fig)
    cells = marks(root, "asked", "path")
    tips = [title_of(cell) for cell in cells]
    assert sorted(tips) == [
        "Fiji × Customs valuation: high priority; asked, not reached",
        "Fiji × Risk management: low priority; asked, not reached",
        "Japan × Customs valuation: high priority; asked, not reached",
        "Japan × Risk management: medium priority; asked, not reached",
        "Thailand × Risk management: high priority; reached (formal participant)",
    ]
    for cell, tip in zip(cells, tips, strict=True):  # the colour drawn is the priority the tooltip names
        fill = re.search(r"fill: (#[0-9a-f]{6})", cell.get("style")).group(1)
        assert f"{FILL[fill]} priority" in tip
    by_shape = dict(zip((c.get("d") for c in cells), tips, strict=True))
    hatched = marks(root, "not reached", "path")
    assert len(hatched) == 4
    assert all(title_of(h) == by_shape[h.get("d")] and "not reached" in title_of(h) for h in hatched)
    (dot,) = marks(root, "reached", "use")
    assert title_of(dot) == "Thailand × Risk management: high priority; reached (formal participant)"


def test_every_point_of_the_trend_names_its_year_and_value():
    cycles = [{"year": 2021, "closes": date(2021, 6, 30)}, {"year": 2022, "closes": date(2022, 6, 30)}]
    trend = year_over_year(sample(cycles=cycles))
    fig = history_charts.build_trend_figure(trend, charts.years_title("Needs and delivery", trend["cycle_year"]))
    root = svg_of(fig)
    points = {line.get_label(): [title_of(u) for u in marks(root, line.get_gid(), "use")]
              for ax in fig.axes for line in ax.get_lines()}
    assert points["Formal participants"] == ["2021 survey — Formal participants: 5",
                                             "2022 survey — Formal participants: 1"]
    assert all(len(tips) == 2 and None not in tips for tips in points.values())


def test_every_bar_of_participation_names_its_administration_and_count():
    fig = history_charts.build_participation_figure(participation_by_year(sample()), "Participation 2021", 2021)
    assert bar_titles(fig, svg_of(fig)) == [
        ["Japan — Formal participants: 0 (of 1)", "Fiji — Formal participants: 1 (of 1)",
         "Thailand — Formal participants: 2 (of 2)"],
        ["Japan — Observers: 1 (of 1)", "Fiji — Observers: 0 (of 1)", "Thailand — Observers: 0 (of 2)"],
    ]


def test_every_point_of_entity_growth_names_kind_year_and_count():
    history = [
        {"entity_id": 1, "kind": "RTC", "status": "accredited", "changed_on": date(2020, 3, 1)},
        {"entity_id": 2, "kind": "RILO", "status": "accredited", "changed_on": date(2021, 3, 1)},
    ]
    fig = history_charts.build_entity_growth_figure(entity_growth(history), "Regional entities")
    root = svg_of(fig)
    tips = {gid: [title_of(u) for u in marks(root, gid, "use")] for gid in svg_titles.of(fig)}
    assert sorted(t for ts in tips.values() for t in ts) == [
        "RILO, end of 2021: 1 accredited (all kinds: 2)",
        "RTC, end of 2020: 1 accredited (all kinds: 1)",
        "RTC, end of 2021: 1 accredited (all kinds: 2)",
    ]


def test_a_long_topic_name_is_wrapped_on_the_axis_and_whole_in_the_tooltip():
    long_name = "Authorized Economic Operator (AEO) programmes and mutual recognition arrangements in the region"
    topics = [{"code": "RM", "name": long_name, "package": "Compliance and Enforcement"},
              {"code": "VA", "name": "Customs valuation", "package": "Revenue"}]
    fig = charts.build_needs_vs_delivery_figure(frames.needs_vs_delivery(sample(topics=topics), 2021), TITLE)
    label = fig.axes[0].get_yticklabels()[1].get_text()
    assert "\n" in label and label.endswith("…") and len(label) < len(long_name)
    assert bar_titles(fig, svg_of(fig))[0][1] == f"{long_name} — Administrations asking: 3"


def test_a_group_whose_marks_do_not_match_its_titles_is_left_without_tooltips():
    svg = b'<svg><g id="asked"><path d="M 0 0"/><path d="M 1 1"/></g></svg>'
    assert svg_titles.insert(svg, {"asked": "both"}) == b'<svg><g id="asked"><title>both</title><path d="M 0 0"/>' \
                                                        b'<path d="M 1 1"/></g></svg>'
    assert svg_titles.insert(svg, {"asked": ["one"]}) == svg
    assert svg_titles.insert(svg, {"asked": ["one", "two", "three"]}) == svg
    assert svg_titles.insert(svg, {"asked": ["a < b", "c & d"]}) == (
        b'<svg><g id="asked"><path d="M 0 0"><title>a &lt; b</title></path><path d="M 1 1"><title>c &amp; d'
        b'</title></path></g></svg>')


# ---------------------------------------------------------------- no label cut


@lru_cache(maxsize=4096)
def _extent(text: str, size: float) -> tuple[float, float, float]:
    return TextToPath().get_text_width_height_descent(text, FontProperties(family="DejaVu Sans", size=size),
                                                      ismath=False)


def texts_outside(svg: bytes, tolerance: float = 0.5) -> list[str]:
    """The <text> elements of `svg` some part of which lies outside its viewBox: each text's box (its width and
    height at its font size, placed by its anchor, rotated and moved as its transform says) against the box."""
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    outside = []
    for element in root.iter(SVG + "text"):
        content = "".join(element.itertext())
        if not content.strip():
            continue
        style = {k.strip(): v.strip() for k, _, v in (p.partition(":") for p in element.get("style", "").split(";"))}
        transform = element.get("transform", "")
        moved = re.search(r"translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)", transform)
        x, y = float(element.get("x", 0)), float(element.get("y", 0))
        if moved:
            x, y = x + float(moved.group(1)), y + float(moved.group(2))
        turned = re.search(r"rotate\(([-\d.e]+)", transform)  # about the anchor, in either of matplotlib's forms
        angle = math.radians(float(turned.group(1))) if turned else 0.0
        w, h, d = _extent(content, float(style.get("font-size", "10px").rstrip("px")))
        left = {"start": 0.0, "middle": -w / 2, "end": -w}[style.get("text-anchor", "start")]
        for cx, cy in ((left, d), (left + w, d), (left, d - h), (left + w, d - h)):
            px = x + cx * math.cos(angle) - cy * math.sin(angle)
            py = y + cx * math.sin(angle) + cy * math.cos(angle)
            if not (-tolerance <= px <= width + tolerance and -tolerance <= py <= height + tolerance):
                outside.append(content)
                break
    return outside


def test_the_measure_finds_a_label_that_runs_off_the_figure():
    fig = Figure(figsize=(3, 2))
    fig.text(0.5, 0.5, "inside")
    fig.text(0.8, 0.5, "this label runs past the right edge of the figure")
    fig.text(0.1, 0.9, "rotated upwards past the top", rotation=90)
    assert texts_outside(charts.render(fig, formats=("svg",)).svg) == [
        "this label runs past the right edge of the figure", "rotated upwards past the top"]


def region():
    """All 35 administrations and 41 topics of seed/, with long names, asking and attending over three years."""
    with (SEED / "administrations.csv").open() as f:
        admins = [{k: r[k] for k in ("code", "name", "subregion")} for r in csv.DictReader(f)]
    with (SEED / "topics.csv").open() as f:
        topics = [{k: r[k] for k in ("code", "name", "package")} for r in csv.DictReader(f)]
    levels = ("low", "medium", "high")
    needs = [{"cycle_year": year, "administration_code": a["code"], "topic_code": t["code"],
              "priority": levels[(i + j + year) % 3], "officers": 2}
             for year in (2020, 2021, 2022) for i, a in enumerate(admins) for j, t in enumerate(topics)
             if (i * 7 + j * 3 + year) % 5 == 0]
    shops = [{"workshop_id": n, "title": f"Workshop {n}", "status": "held", "first_day": date(2021, 9, 1 + n % 28),
              "last_day": None} for n in range(40)]
    people = [{"workshop_id": n, "administration_code": a["code"], "role": "formal participant", "count": 1 + n % 3}
              for n in range(40) for i, a in enumerate(admins) if (n + i) % 6 == 0]
    return frames.NeedsData.from_rows(
        need_items=needs, administrations=admins, topics=topics, workshops=shops,
        workshop_topics=[{"workshop_id": n, "topic_code": topics[n]["code"]} for n in range(40)],
        participation=people, cycles=[{"year": y, "closes": date(y, 6, 30)} for y in (2020, 2021, 2022)])


REGION = region()
HISTORY = [{"entity_id": n, "kind": kind, "status": "accredited", "changed_on": date(2005 + n, 3, 1)}
           for n, kind in enumerate(["RTC", "RILO", "RCL", "RDTC", "ROCB", "RTC", "RCL", "Vice-Chair office"] * 2)]
BUILDS = {
    "needs vs delivery": lambda: charts.build_needs_vs_delivery_figure(frames.needs_vs_delivery(REGION, 2021), TITLE),
    "weighted need": lambda: charts.build_needs_vs_delivery_figure(frames.needs_vs_delivery(REGION, 2021), TITLE,
                                                                   measure="need"),
    "heat map": lambda: charts.build_heat_map_figure(frames.administration_topics(REGION, 2021), TITLE,
                                                     REGION.administrations, REGION.topics),
    "trend": lambda: history_charts.build_trend_figure(year_over_year(REGION), "Needs and delivery — 2020–2022"),
    "participation": lambda: history_charts.build_participation_figure(
        participation_by_year(REGION), "Formal participants and observers per administration — 2021", 2021),
    "entity growth": lambda: history_charts.build_entity_growth_figure(entity_growth(HISTORY), "Accredited entities"),
    "applied": lambda: build_applied_figure(frames.needs_vs_delivery(REGION, 2021), TITLE),
}


@pytest.mark.parametrize("name", list(BUILDS))
def test_no_text_runs_off_a_chart_of_the_whole_region(name):
    svg = charts.render(BUILDS[name](), formats=("svg",)).svg
    assert texts_outside(svg) == []
    assert len(svg_titles.of(BUILDS[name]())) > 0


def test_heat_map_reads_administrations_down_topics_across_and_names_its_colours():
    fig = BUILDS["heat map"]()
    ax, key = fig.axes
    names = [label.get_text() for label in ax.get_yticklabels()]
    assert len(names) == 35 and names == sorted(names, key=str.casefold)
    assert names[:3] == ["Afghanistan", "Australia", "Bangladesh"] and names[-1] == "Viet Nam"
    topics = [label.get_text() for label in ax.get_xticklabels()]
    assert len(topics) == len(REGION.topics) and topics == sorted(topics, key=str.casefold)
    assert {label.get_rotation() for label in ax.get_xticklabels()} == {45.0}  # slanted, not on end
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Topic", "Administration")
    assert key.get_ylabel() == "Priority asked in the survey"
    assert [t.get_text() for t in key.get_yticklabels()] == ["not asked", "low", "medium", "high"]
    texts = {"".join(t.itertext()) for t in svg_of(fig).iter(SVG + "text")}
    assert {"Priority asked in the survey", "not asked", "high", "Topic", "Administration"} <= texts


def test_heat_map_gives_the_same_bytes_each_time():
    assert charts.render(BUILDS["heat map"]()).svg == charts.render(BUILDS["heat map"]()).svg
    assert pd.notna(TITLE)
