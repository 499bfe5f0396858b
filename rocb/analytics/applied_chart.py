"""The chart of the "applied" measure (matplotlib, pure: no Flask, no database, no pyplot), apart from charts.py.

One horizontal bar per topic from a cycle of `frames.needs_vs_delivery`: the administrations that asked for it,
split into what became of each: applied (partly or fully, by its follow-up), reached but not applied ("not yet"),
followed up without an answer yet, reached but not followed up yet, and not reached.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from rocb.analytics.charts import (
    LABEL_SIZE,
    OKABE_ITO,
    bar_titles,
    legend,
    new_figure,
    no_data,
    number,
    rows_height,
    wrap,
)

SEGMENTS = (  # (label, colour), left to right
    ("Applied (partly or fully)", OKABE_ITO["bluish green"]),
    ("Reached, not applied yet", OKABE_ITO["orange"]),
    ("Reached, no answer yet", OKABE_ITO["sky blue"]),
    ("Reached, not followed up yet", "#BBBBBB"),
    ("Not reached", OKABE_ITO["vermillion"]),
)


def segments(frame: pd.DataFrame) -> pd.DataFrame:
    """The five counts of each topic's asking administrations (they add up to administrations_asking)."""
    not_followed = (frame["asking_reached"] - frame["asking_applied"] - frame["asking_not_applied"]
                    - frame["asking_no_answer"])
    values = [frame["asking_applied"], frame["asking_not_applied"], frame["asking_no_answer"], not_followed,
              frame["administrations_asking"] - frame["asking_reached"]]
    return pd.DataFrame({label: column.to_numpy() for (label, _), column in zip(SEGMENTS, values, strict=True)},
                        index=frame.index)


def build_applied_figure(frame: pd.DataFrame, title: str) -> Figure:
    """Stacked bars per topic asked for, biggest need on top; topics nobody asked for are left out."""
    rows = frame[frame["administrations_asking"] > 0].sort_values(
        ["administrations_asking", "topic_code"], ascending=[True, False])
    fig = new_figure(title, 8.0, rows_height(len(rows), 0.3))
    if rows.empty:
        return no_data(fig)
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    names, asking = rows["topic_name"].tolist(), rows["administrations_asking"].tolist()
    for (label, colour), (_, counts) in zip(SEGMENTS, segments(rows).items(), strict=True):
        values = counts.to_numpy(dtype=float)
        bars = ax.barh(y, values, 0.6, left=left, label=label, color=colour)
        bar_titles(fig, bars, [f"{name} — {label}: {number(v)} of {number(n)} asking"
                                for name, v, n in zip(names, values, asking, strict=True)])
        left += values
    ax.set_xlim(0, max(left.max(), 1) * 1.05)
    ax.set_yticks(y, [wrap(name) for name in names], fontsize=LABEL_SIZE)  # whole in the tooltips
    ax.tick_params(axis="x", labelsize=LABEL_SIZE)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel("Administrations asking for the topic, by what became of the delivery (follow-up answers)",
                  fontsize=LABEL_SIZE)
    legend(ax, loc="lower left", bbox_to_anchor=(0, 1), ncols=3)
    return fig
