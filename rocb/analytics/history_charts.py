"""Charts over the years (matplotlib, pure: no Flask, no database, no pyplot): needs and delivery per survey
cycle, participation per administration, growth of the regional entities; from the frames of
`rocb.analytics.history`. The palette, helpers and rendering are those of charts.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rocb.analytics import svg_titles
from rocb.analytics.charts import (
    KIND_COLOURS,
    LABEL_SIZE,
    OKABE_ITO,
    OTHER_COLOURS,
    bar_titles,
    legend,
    new_figure,
    no_data,
    number,
    rows_height,
    short,
)

TREND_LINES = (
    ("weighted_need", "Weighted need", "blue"),
    ("workshops_held", "Workshops held", "orange"),
    ("formal_participants", "Formal participants", "bluish green"),
)


def build_trend_figure(trend: pd.DataFrame, title: str) -> Figure:
    """Year-over-year lines from `year_over_year`: weighted need, workshops held and formal participants, one
    panel each (their scales differ), sharing the survey-cycle axis."""
    fig = new_figure(title, 8.0, 6.0)
    if trend.empty:
        return no_data(fig)
    axes = fig.subplots(len(TREND_LINES), 1, sharex=True)
    for ax, (column, label, colour) in zip(axes, TREND_LINES, strict=True):
        (line,) = ax.plot(
            trend["cycle_year"], trend[column], marker="o", markersize=3, color=OKABE_ITO[colour], label=label
        )
        svg_titles.add(fig, line, [f"{int(year)} survey — {label}: {number(value)}"
                                   for year, value in zip(trend["cycle_year"], trend[column], strict=True)])
        ax.set_ylabel(label, fontsize=LABEL_SIZE)
        ax.set_ylim(bottom=0)
        ax.tick_params(labelsize=LABEL_SIZE)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color="#EEEEEE")
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].set_xlabel("Survey cycle (delivery in its window)", fontsize=LABEL_SIZE)
    return fig


def build_participation_figure(participation: pd.DataFrame, title: str, year: int | None = None) -> Figure:
    """Stacked horizontal bars per administration from `participation_by_year`: formal participants and
    observers, in `year` or summed over all years; the biggest total on top."""
    rows = participation if year is None else participation[participation["year"] == year]
    totals = rows.groupby(["administration_code", "administration_name"], as_index=False, dropna=False)[
        ["formal_participants", "observers"]
    ].sum()
    totals = totals.assign(total=totals["formal_participants"] + totals["observers"])
    totals = totals[totals["total"] > 0].sort_values(
        ["total", "administration_code"], ascending=[True, False]
    )
    fig = new_figure(title, 8.0, rows_height(len(totals)))
    if totals.empty:
        return no_data(fig)
    ax = fig.add_subplot()
    y = np.arange(len(totals))
    formal = ax.barh(y, totals["formal_participants"], 0.7, label="Formal participants", color=OKABE_ITO["blue"])
    observers = ax.barh(
        y,
        totals["observers"],
        0.7,
        left=totals["formal_participants"],
        label="Observers",
        color=OKABE_ITO["sky blue"],
    )
    names = totals["administration_name"].fillna(totals["administration_code"])
    for bars, column, label in ((formal, "formal_participants", "Formal participants"),
                                (observers, "observers", "Observers")):
        bar_titles(fig, bars, [f"{n} — {label}: {number(v)} (of {number(t)})"
                                for n, v, t in zip(names, totals[column], totals["total"], strict=True)])
    ax.set_yticks(y, [short(n, 28) for n in names], fontsize=LABEL_SIZE)
    ax.tick_params(axis="x", labelsize=LABEL_SIZE)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("People sent to held workshops", fontsize=LABEL_SIZE)
    legend(ax, loc="lower right")
    return fig


def build_entity_growth_figure(growth: pd.DataFrame, title: str) -> Figure:
    """Stacked areas from `entity_growth`, one per kind of regional entity: accredited entities at each year's
    end, so the top edge is the total (lines of equal counts would hide each other)."""
    fig = new_figure(title, 8.0, 3.5)
    if growth.empty:
        return no_data(fig)
    wide = growth.pivot(index="year", columns="kind", values="accredited").fillna(0)
    kinds = list(dict.fromkeys(growth["kind"]))  # the frame's order: ROCB, RILO, RTC, RCL, RDTC, others
    others = iter(OTHER_COLOURS * 4)
    colours = [KIND_COLOURS.get(kind) or next(others) for kind in kinds]
    ax = fig.add_subplot()
    ax.stackplot(wide.index, *[wide[kind] for kind in kinds], labels=kinds, colors=colours, alpha=0.9)
    # A point on the top edge of each band in each year it is not empty, with the count in its tooltip.
    tops, total = wide[kinds].cumsum(axis=1), wide[kinds].sum(axis=1)
    for kind, colour in zip(kinds, colours, strict=True):
        years = wide.index[wide[kind] > 0]
        points = ax.scatter(years, tops.loc[years, kind], s=8, color=colour, edgecolors="white", linewidths=0.5,
                            zorder=3)
        svg_titles.add(fig, points, [f"{kind}, end of {int(year)}: {number(wide.at[year, kind])} accredited "
                                     f"(all kinds: {number(total[year])})" for year in years])
    ax.set_xlim(wide.index.min(), max(wide.index.max(), wide.index.min() + 1))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=LABEL_SIZE)
    ax.set_ylabel("Accredited at year end", fontsize=LABEL_SIZE)
    ax.grid(axis="y", color="#EEEEEE")
    ax.set_axisbelow(True)
    legend(ax, loc="lower left", bbox_to_anchor=(0, 1), ncols=min(5, len(kinds)))
    return fig
