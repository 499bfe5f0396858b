"""Where a need did not lead to use, and what to plan next (pure: no Flask, no database): the gap list of a cycle
and the topics ranked by unmet need, built from `frames.administration_topics` and the applied measure
(`rocb.analytics.applied`). Split from frames.py, which builds the frames they read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from rocb.analytics import applied as use
from rocb.analytics.frames import (
    PRIORITY_WEIGHT,
    NeedsData,
    administration_topics,
    cycle_years,
    followups_of,
    formal_by_workshop,
    held_on_topic,
    int_columns,
    topics_in,
)

GAP_COLUMNS = (
    "cycle_year",
    "topic_code",
    "topic_name",
    "administration_code",
    "administration_name",
    "subregion",
    "priority",
    "officers",
    "gap",
)
NOT_REACHED = "not reached"
GAPS = (NOT_REACHED, use.USE_NOT_APPLIED, use.USE_NO_ANSWER)  # the order of the list within a topic


def gap_list(
    data: NeedsData, cycle_year: int | None = None, subregion: str | None = None, package: str | None = None
) -> pd.DataFrame:
    """Where a need did not lead to use, per administration that asked for a topic (`gap`): "not reached" in the
    window, "reached, not applied" (its follow-up says not yet) or "no answer yet" (followed up, no answer).
    Ordered by cycle, topic code, gap (in that order), priority (high first), administration code."""
    pairs = administration_topics(data, cycle_year, subregion, package)
    years = cycle_years(data, cycle_year)
    uses = use.use_pairs(held_on_topic(data, years, package), formal_by_workshop(data, subregion), followups_of(data))
    asked = pairs[pairs["priority"] != "none"].merge(uses, on=use.PAIR, how="left")
    gap = np.select([~asked["reached"].astype(bool), asked["use"] == use.USE_NOT_APPLIED,
                     asked["use"] == use.USE_NO_ANSWER], GAPS, default="")
    gaps = asked.assign(gap=gap)
    gaps = gaps[gaps["gap"] != ""]
    gaps = gaps.assign(weight=gaps["priority"].map(PRIORITY_WEIGHT), rank=gaps["gap"].map(GAPS.index))
    gaps = gaps.sort_values(
        ["cycle_year", "topic_code", "rank", "weight", "administration_code"],
        ascending=[True, True, True, False, True],
        ignore_index=True,
    )
    return gaps[list(GAP_COLUMNS)]


PLAN_COLUMNS = (
    "rank",
    "topic_code",
    "topic_name",
    "package",
    "unmet_need",
    "administrations_to_invite",
    "officers_to_train",
    "invite",
)


def plan_next(
    data: NeedsData,
    cycle_year: int,
    subregion: str | None = None,
    package: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Topics ranked by unmet need of a cycle (weighted need of the administrations that asked and were not
    reached), then by administrations to invite, officers to train and topic code. `invite` lists the
    administration codes to invite, highest priority first. Topics without unmet need are left out."""
    gaps = gap_list(data, cycle_year, subregion, package)
    gaps = gaps[gaps["gap"] == NOT_REACHED]
    gaps = gaps.assign(weight=gaps["priority"].map(PRIORITY_WEIGHT).astype("int64"))
    plan = gaps.groupby(["topic_code", "topic_name"], as_index=False, sort=False).agg(
        unmet_need=("weight", "sum"),
        administrations_to_invite=("administration_code", "nunique"),
        officers_to_train=("officers", "sum"),
        invite=("administration_code", list),
    )
    plan = plan.merge(topics_in(data, None)[["topic_code", "package"]], on="topic_code", how="left")
    plan = plan.sort_values(
        ["unmet_need", "administrations_to_invite", "officers_to_train", "topic_code"],
        ascending=[False, False, False, True],
        ignore_index=True,
    )
    plan.insert(0, "rank", pd.RangeIndex(1, len(plan) + 1).astype("int64"))
    plan = int_columns(plan, ["unmet_need", "administrations_to_invite", "officers_to_train"])
    return plan[list(PLAN_COLUMNS)].head(limit) if limit is not None else plan[list(PLAN_COLUMNS)]
