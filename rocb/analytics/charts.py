"""Charts of needs vs delivery (matplotlib, pure: no Flask, no database, no pyplot).

Each `build_*new_figure(frame, title, ...)` takes a frame from `rocb.analytics.frames` (or `.history`) and returns a
`matplotlib.figure.Figure` (inspectable in tests); `render(fig, formats)` turns it into a `Chart` with SVG
and/or PNG bytes. The charts over the years are in history_charts.py, the applied measure's in applied_chart.py.
Figures are created without pyplot, so there is no global figure registry and rendering is thread-safe (the
Agg canvas is picked per figure by savefig). Empty data gives a figure that says "No data".

Output is deterministic (same data, same bytes): SVG ids are salted with a fixed string, and neither SVG
nor PNG carries a date or software version. Colours are the Okabe-Ito colour-blind-safe palette.

Readable at the size shown: every mark (bar, cell, point) carries its label and value as an SVG <title>, a tooltip
on hover (svg_titles.py); long names are wrapped or shortened on the axes and given whole in the tooltips; long
axis labels are wrapped so that no text runs off the figure.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from rocb.analytics import svg_titles

# Read at save time, so they are set once here rather than per call (rcParams are process-global and
# rc_context from several threads would race). fonttype "none" keeps text as <text>: small, searchable,
# and drawn with the page's fonts.
matplotlib.rcParams["svg.hashsalt"] = "rocb-capacity"
matplotlib.rcParams["svg.fonttype"] = "none"

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
PRIORITY_COLOURS = {
    "none": "#FFFFFF",
    "low": OKABE_ITO["yellow"],
    "medium": OKABE_ITO["orange"],
    "high": OKABE_ITO["vermillion"],
}
KIND_COLOURS = {
    "ROCB": OKABE_ITO["blue"],
    "RILO": OKABE_ITO["vermillion"],
    "RTC": OKABE_ITO["bluish green"],
    "RCL": OKABE_ITO["orange"],
    "RDTC": OKABE_ITO["reddish purple"],
}
OTHER_COLOURS = (OKABE_ITO["sky blue"], OKABE_ITO["black"], OKABE_ITO["yellow"])
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LABEL_SIZE = 7
TITLE_SIZE = 10
NO_DATA = "No data"


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the title (for alt text and file names) and the formats asked of `render`: SVG for
    the page, PNG to download (None when not rendered)."""

    title: str
    svg: bytes | None = None
    png: bytes | None = None

    @property
    def svg_inline(self) -> str:
        """The <svg> element alone (no XML declaration or DOCTYPE), to place inside an HTML page."""
        text = self.svg.decode("utf-8")
        return text[text.index("<svg") :]


FORMATS = ("svg", "png")


def render(fig: Figure, formats: tuple[str, ...] = FORMATS, dpi: int = 150) -> Chart:
    """The bytes of a figure built by a `build_*new_figure` function in each of `formats` ("svg", "png").

    The page shows SVG only and PNG is a download, so the services ask for one format at a time: a page then
    runs matplotlib once per chart instead of twice.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats: choose among {', '.join(FORMATS)}")
    svg = png = None
    engine = fig.get_layout_engine()
    if "png" in formats:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
        png = buffer.getvalue()
        # Agg measured the text and the layout it settled is frozen for an SVG of the same figure (sparing a
        # second constrained-layout pass).
        fig.set_layout_engine("none")
    if "svg" in formats:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
        svg = svg_titles.insert(buffer.getvalue(), svg_titles.of(fig))
    fig.set_layout_engine(engine)
    return Chart(title=fig.get_suptitle(), svg=svg, png=png)


# --- titles -----------------------------------------------------------------------------------------------


def format_day(day: date) -> str:
    """'1 Jul 2021' whatever the server's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def cycle_title(subject: str, cycle_year: int, window: tuple[date, date], *filters: str | None) -> str:
    """'Needs vs delivery — 2021 survey, delivery 1 Jul 2021–30 Jun 2022' (+ ' · ASEAN' per filter given)."""
    start, end = window
    title = f"{subject} — {cycle_year} survey, delivery {format_day(start)}–{format_day(end)}"
    return " · ".join([title, *[f for f in filters if f]])


def years_title(subject: str, years: list[int] | pd.Series, *filters: str | None) -> str:
    """'Participation per administration — 2005–2024' (one year alone when first and last agree)."""
    years = sorted(set(int(y) for y in years))
    span = "" if not years else f" — {years[0]}" if years[0] == years[-1] else f" — {years[0]}–{years[-1]}"
    return " · ".join([f"{subject}{span}", *[f for f in filters if f]])


# --- helpers ----------------------------------------------------------------------------------------------


def new_figure(title: str, width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.suptitle(title, fontsize=TITLE_SIZE)
    return fig


def no_data(fig: Figure) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        NO_DATA,
        ha="center",
        va="center",
        fontsize=TITLE_SIZE,
        color="#555555",
        transform=ax.transAxes,
    )
    return fig


def rows_height(rows: int, per_row: float = 0.2) -> float:
    """Figures grow with their rows so that 35 administrations or 40 topics stay readable."""
    return max(2.5, 1.2 + per_row * rows)


def short(label: object, width: int = 42) -> str:
    text = str(label)
    return text if len(text) <= width else text[: width - 1] + "…"


def wrap(label: object, width: int = 28, lines: int = 2) -> str:
    """A long name on up to `lines` lines of about `width` characters, the last shortened with "…" if need be
    (the tooltips give it whole)."""
    parts = textwrap.wrap(str(label), width) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [short(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def number(value) -> str:
    """12, 2.5 or "none": how a value reads in a tooltip."""
    if value is None or pd.isna(value):
        return "none"
    return f"{value:g}" if isinstance(value, float) and not float(value).is_integer() else f"{int(value)}"


def bar_titles(fig: Figure, bars, titles) -> None:
    for bar, title in zip(bars, titles, strict=True):
        svg_titles.add(fig, bar, title)


def legend(ax, **kwargs) -> None:
    ax.legend(fontsize=LABEL_SIZE, frameon=False, **kwargs)


# --- charts -----------------------------------------------------------------------------------------------

MEASURES = {
    "administrations": (
        ("administrations_asking", "Administrations asking"),
        ("asking_reached", "Asking and reached (formal participant)"),
    ),
    "need": (
        ("weighted_need", "Weighted need (high 3, medium 2, low 1)"),
        ("formal_participants", "Formal participants"),
    ),
}
X_LABELS = {"administrations": "Administrations", "need": "Weighted need / formal participants"}


def build_needs_vs_delivery_figure(
    frame: pd.DataFrame, title: str, measure: str = "administrations"
) -> Figure:
    """Grouped horizontal bars per topic from one cycle of `needs_vs_delivery`: administrations asking vs
    reached (measure "administrations") or weighted need vs formal participants ("need"); coverage written at
    the end of each pair ("n/a" when nobody asked). Topics with neither are left out; biggest need on top."""
    (need, need_label), (delivery, delivery_label) = MEASURES[measure]
    rows = frame[(frame[need] > 0) | (frame[delivery] > 0)]
    # barh draws bottom-up: ascending order puts the biggest need at the top.
    rows = rows.sort_values([need, "topic_code"], ascending=[True, False])
    fig = new_figure(title, 8.0, rows_height(len(rows), 0.3))
    if rows.empty:
        return no_data(fig)
    ax = fig.add_subplot()
    y, height = np.arange(len(rows)), 0.4
    asked = ax.barh(y + height / 2, rows[need], height, label=need_label, color=OKABE_ITO["blue"])
    given = ax.barh(y - height / 2, rows[delivery], height, label=delivery_label, color=OKABE_ITO["orange"])
    names, coverages = rows["topic_name"].tolist(), rows["coverage"].tolist()
    bar_titles(fig, asked, [f"{n} — {need_label}: {number(v)}" for n, v in zip(names, rows[need], strict=True)])
    bar_titles(fig, given, [
        f"{n} — {delivery_label}: {number(v)}; coverage " + ("n/a (nobody asked)" if pd.isna(c) else f"{c:.0%}")
        for n, v, c in zip(names, rows[delivery], coverages, strict=True)])
    ends = np.maximum(rows[need].to_numpy(), rows[delivery].to_numpy())
    for position, end, coverage in zip(y, ends, rows["coverage"], strict=True):
        text = "n/a" if pd.isna(coverage) else f"{coverage:.0%}"
        ax.annotate(
            text,
            (end, position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=LABEL_SIZE,
            gid="coverage",
        )
    ax.set_xlim(0, max(ends.max(), 1) * 1.15)
    ax.set_yticks(y, [wrap(name, 34) for name in names], fontsize=LABEL_SIZE)
    ax.tick_params(axis="x", labelsize=LABEL_SIZE)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(
        textwrap.fill(f"{X_LABELS[measure]} (percentage: coverage, the share of the administrations asking that"
                      " were reached)", 80),
        fontsize=LABEL_SIZE,
    )
    legend(ax, loc="lower left", bbox_to_anchor=(0, 1), ncols=2)
    return fig


def build_heat_map_figure(
    breakdown: pd.DataFrame,
    title: str,
    administrations: pd.DataFrame | None = None,
    topics: pd.DataFrame | None = None,
) -> Figure:
    """Administration x topic grid from one cycle of `administration_topics`: administrations down the side and
    topics across, both in alphabetical order; colour = priority asked (the colour bar names the levels), a dot =
    reached (at least one formal participant), hatching = asked and not reached (the gap list). Each asked cell
    and each dot says administration, topic, priority and reach in its tooltip.
    `administrations` (code, name) and `topics` (code, name) fix the rows and columns, e.g. all 35 and all 40;
    by default the ones present in the breakdown."""
    admins = _axis_labels(breakdown, administrations, "administration_code", "administration_name")
    subjects = _axis_labels(breakdown, topics, "topic_code", "topic_name")
    # Square 0.2-inch cells, plus room for the administration names, the colour bar and the slanted topic names.
    fig = new_figure(title, max(6.0, 4.4 + 0.2 * len(subjects)), max(3.5, 2.6 + 0.2 * len(admins)))
    if breakdown.empty or not admins or not subjects:
        return no_data(fig)
    row = {code: i for i, (code, _) in enumerate(admins)}
    column = {code: j for j, (code, _) in enumerate(subjects)}
    cells = breakdown[breakdown["administration_code"].isin(row) & breakdown["topic_code"].isin(column)]
    ys, xs = cells["administration_code"].map(row).to_numpy(), cells["topic_code"].map(column).to_numpy()
    priority = cells["priority"].to_numpy()
    asked = priority != "none"
    reached = cells["reached"].to_numpy(dtype=bool)
    admin_names, topic_names = dict(admins), dict(subjects)
    tips = [f"{admin_names[a]} × {topic_names[t]}: " + (f"{p} priority" if p != "none" else "not asked")
            + ("; reached (formal participant)" if r else "; asked, not reached" if p != "none" else "")
            for a, t, p, r in zip(cells["administration_code"], cells["topic_code"], priority, reached, strict=True)]
    ax = fig.add_subplot()
    # Only asked cells are drawn (a few hundred paths, not rows x columns): "not asked" is the white background.
    drawn = PatchCollection(
        [Rectangle((x, y), 1, 1) for x, y in zip(xs[asked], ys[asked], strict=True)],
        facecolors=cells["priority"][asked].map(PRIORITY_COLOURS).tolist(), linewidth=0, gid="asked")
    ax.add_collection(drawn)
    svg_titles.add(fig, drawn, [tip for tip, a in zip(tips, asked, strict=True) if a])
    gap = asked & ~reached
    hatched = PatchCollection(
        [Rectangle((x, y), 1, 1) for x, y in zip(xs[gap], ys[gap], strict=True)],
        facecolor="none", edgecolor="#444444", hatch="////", linewidth=0, gid="not reached")
    ax.add_collection(hatched)
    svg_titles.add(fig, hatched, [tip for tip, g in zip(tips, gap, strict=True) if g])
    dots = ax.scatter(xs[reached] + 0.5, ys[reached] + 0.5, s=10, color=OKABE_ITO["black"], gid="reached")
    svg_titles.add(fig, dots, [tip for tip, r in zip(tips, reached, strict=True) if r])
    ax.set_xlim(0, len(subjects))
    ax.set_ylim(0, len(admins))
    ax.hlines(np.arange(len(admins) + 1), 0, len(subjects), color="#CCCCCC", linewidth=0.3, zorder=0.5)
    ax.vlines(np.arange(len(subjects) + 1), 0, len(admins), color="#CCCCCC", linewidth=0.3, zorder=0.5)
    ax.set_xticks(np.arange(len(subjects)) + 0.5, [short(n, 34) for _, n in subjects], fontsize=LABEL_SIZE,
                  rotation=45, ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(len(admins)) + 0.5, [short(n, 28) for _, n in admins], fontsize=LABEL_SIZE)
    ax.tick_params(length=2)
    ax.set_xlabel("Topic", fontsize=LABEL_SIZE)
    ax.set_ylabel("Administration", fontsize=LABEL_SIZE)
    ax.invert_yaxis()
    levels = list(PRIORITY_COLOURS)  # none, low, medium, high
    key = fig.colorbar(
        ScalarMappable(BoundaryNorm(np.arange(len(levels) + 1), len(levels)),
                       ListedColormap(list(PRIORITY_COLOURS.values()))),
        ax=ax, ticks=np.arange(len(levels)) + 0.5, shrink=min(1.0, 2.5 / fig.get_figheight() + 0.2), aspect=10,
        anchor=(0.0, 1.0), pad=0.01)
    key.ax.set_yticklabels(["not asked" if level == "none" else level for level in levels], fontsize=LABEL_SIZE)
    key.set_label("Priority asked in the survey", fontsize=LABEL_SIZE)
    key.outline.set_edgecolor("#999999")
    key.minorticks_off()
    handles = [
        Line2D([], [], marker="o", linestyle="", color=OKABE_ITO["black"], markersize=4,
               label="reached (formal participant)"),
        Patch(facecolor="white", edgecolor="#444444", hatch="////", label="asked, not reached"),
    ]
    ax.legend(handles=handles, fontsize=LABEL_SIZE, frameon=False, loc="lower left", bbox_to_anchor=(0, 1),
              ncols=2, borderaxespad=0.2)
    return fig


def _axis_labels(breakdown: pd.DataFrame, given: pd.DataFrame | None, code: str, name: str) -> list[tuple]:
    """(code, name) pairs in alphabetical order of the names (codes break ties)."""
    if given is not None:
        pairs = given[["code", "name"]]
    else:
        pairs = breakdown[[code, name]].drop_duplicates(code).set_axis(["code", "name"], axis=1)
    pairs = pairs.assign(name=pairs["name"].fillna(pairs["code"]).astype(str))
    return list(pairs.sort_values(["name", "code"], key=lambda c: c.str.casefold())
                .itertuples(index=False, name=None))
