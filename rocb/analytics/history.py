"""Frames over the years (pure: no Flask, no database): the year-over-year trend of need and delivery, the
participation of each administration per year, and the growth of the regional entities.

The trend and participation read a `frames.NeedsData` and follow the rules of `rocb.analytics.frames`
(held workshops only, formal participants make an administration reached, observers are counted apart).
Entity growth reads the dated status history alone:
  status history    entity_id, kind, status, changed_on

Every function returns a new DataFrame with a RangeIndex and the columns and dtypes of its *_DTYPES,
also when there is nothing to count (an empty frame, never an error).
"""

from __future__ import annotations

import pandas as pd

from rocb.analytics.frames import (
    FORMAL_PARTICIPANT,
    HELD,
    NeedsData,
    Rows,
    administration_names,
    as_dates,
    as_frame,
    asked_items,
    cycle_years,
    formal_by_workshop,
    held_on_topic,
    in_subregion,
    reached_pairs,
)

STATUS_HISTORY_COLUMNS = ("entity_id", "kind", "status", "changed_on")
OBSERVER = "observer"
ACCREDITED = "accredited"
ENTITY_KINDS = ("ROCB", "RILO", "RTC", "RCL", "RDTC")

TREND_DTYPES = {
    "cycle_year": "int64",
    "administrations_asking": "int64",
    "weighted_need": "int64",
    "officers_asked": "int64",
    "workshops_held": "int64",
    "formal_participants": "int64",
    "administrations_reached": "int64",
    "coverage": "float64",  # NaN when nobody asked in that cycle
}
TREND_COLUMNS = tuple(TREND_DTYPES)

PARTICIPATION_BY_YEAR_DTYPES = {
    "year": "int64",
    "administration_code": "str",
    "administration_name": "str",
    "subregion": "str",
    "formal_participants": "int64",
    "observers": "int64",
}
PARTICIPATION_BY_YEAR_COLUMNS = tuple(PARTICIPATION_BY_YEAR_DTYPES)

ENTITY_GROWTH_DTYPES = {"year": "int64", "kind": "str", "accredited": "int64"}
ENTITY_GROWTH_COLUMNS = tuple(ENTITY_GROWTH_DTYPES)


def _typed(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """`frame` with exactly the columns of `dtypes`, in that order and of those dtypes (missing counts: 0)."""
    frame = frame.reindex(columns=list(dtypes))
    counts = [column for column, dtype in dtypes.items() if dtype == "int64"]
    frame[counts] = frame[counts].fillna(0)
    return frame.astype(dtypes).reset_index(drop=True)


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in dtypes.items()})


def year_over_year(data: NeedsData, subregion: str | None = None, package: str | None = None) -> pd.DataFrame:
    """Per cycle: total need (administrations asking anything, weighted need, officers) and delivery in its
    window (distinct held workshops on a topic in scope, their formal participants counted once per workshop,
    administrations reached on any topic) and coverage of asked administration x topic pairs. One row per
    cycle, zeros when nothing was asked or held; no cycle at all: an empty frame."""
    years = cycle_years(data, None)
    if not years:
        return _empty(TREND_DTYPES)
    asked = asked_items(data, years, subregion, package)
    held = held_on_topic(data, years, package)
    formal = formal_by_workshop(data, subregion)
    reached = reached_pairs(held, formal)
    pairs = asked.merge(reached, on=["cycle_year", "administration_code", "topic_code"], how="left")
    pairs["is_reached"] = pairs["formal_participants"].notna()
    workshops = held[["cycle_year", "workshop_id"]].drop_duplicates()
    parts = [
        asked.groupby("cycle_year").agg(
            administrations_asking=("administration_code", "nunique"),
            weighted_need=("weight", "sum"),
            officers_asked=("officers", "sum"),
        ),
        workshops.groupby("cycle_year").agg(workshops_held=("workshop_id", "nunique")),
        workshops.merge(formal, on="workshop_id")
        .groupby("cycle_year")
        .agg(formal_participants=("formal", "sum")),
        reached.groupby("cycle_year").agg(administrations_reached=("administration_code", "nunique")),
        pairs.groupby("cycle_year").agg(coverage=("is_reached", "mean")),
    ]
    frame = pd.DataFrame({"cycle_year": pd.Series(years, dtype="int64")})
    return _typed(frame.join(pd.concat(parts, axis=1), on="cycle_year"), TREND_DTYPES)


def participation_by_year(data: NeedsData, subregion: str | None = None) -> pd.DataFrame:
    """Formal participants and observers each administration sent to held workshops, per calendar year of the
    workshop's first day. Organizations and headcounts without an administration are left out, and so are
    experts, guest speakers and facilitators, and workshops without a first day (no session left). Nobody to
    count: an empty frame."""
    held = data.workshops[data.workshops["status"] == HELD][["workshop_id", "first_day"]]
    held = held[held["first_day"].notna()]  # a held workshop whose sessions were all removed has no year
    people = data.participation[
        data.participation["role"].isin([FORMAL_PARTICIPANT, OBSERVER])
        & data.participation["administration_code"].notna()
    ]
    people = people[in_subregion(data, people["administration_code"], subregion)].merge(
        held, on="workshop_id"
    )
    if people.empty:
        # An empty pivot has a float index that would not merge with the administration codes.
        return _empty(PARTICIPATION_BY_YEAR_DTYPES)
    people = people.assign(year=people["first_day"].dt.year.astype("int64"))
    counts = people.pivot_table(
        index=["year", "administration_code"], columns="role", values="count", aggfunc="sum", fill_value=0
    )
    counts = counts.reindex(columns=[FORMAL_PARTICIPANT, OBSERVER], fill_value=0)
    counts.columns = ["formal_participants", "observers"]
    frame = counts.reset_index().merge(administration_names(data), on="administration_code", how="left")
    frame = frame.sort_values(["year", "administration_code"])
    return _typed(frame, PARTICIPATION_BY_YEAR_DTYPES)


def entity_growth(
    status_history: Rows, first_year: int | None = None, last_year: int | None = None
) -> pd.DataFrame:
    """Accredited regional entities per kind at the end of each year: year, kind, accredited.

    An entity's status at the end of a year is its last dated record on or before 31 December (same-day
    records keep their input order); it counts when that status is "accredited", so it counts from its
    accreditation until a later suspended or closed record. Years run from the first record (or
    `first_year`) to the last record (or `last_year`); kinds in the order ROCB, RILO, RTC, RCL, RDTC, then
    any other alphabetically.
    """
    history = as_frame(status_history, STATUS_HISTORY_COLUMNS)
    history["changed_on"] = as_dates(history["changed_on"])
    history = history.sort_values(["entity_id", "changed_on"], kind="stable")
    if history.empty and (first_year is None or last_year is None):
        return _empty(ENTITY_GROWTH_DTYPES)
    first = first_year if first_year is not None else int(history["changed_on"].dt.year.min())
    last = last_year if last_year is not None else int(history["changed_on"].dt.year.max())
    present = set(history["kind"].dropna())
    kinds = [k for k in ENTITY_KINDS if k in present] + sorted(present - set(ENTITY_KINDS))
    rows = []
    for year in range(first, last + 1):
        known = history[history["changed_on"] <= pd.Timestamp(year, 12, 31)]
        latest = known.groupby("entity_id").tail(1)
        counts = latest[latest["status"] == ACCREDITED].groupby("kind").size()
        rows.extend({"year": year, "kind": kind, "accredited": int(counts.get(kind, 0))} for kind in kinds)
    return _typed(pd.DataFrame(rows, columns=list(ENTITY_GROWTH_COLUMNS)), ENTITY_GROWTH_DTYPES)
