"""Needs versus delivery of a survey cycle as pandas frames (pure: no Flask, no database).

The view fetches rows, builds a `NeedsData` with `NeedsData.from_rows(...)` (lists of dicts or DataFrames
with the columns below) and calls the functions here; every function returns a new DataFrame with a
RangeIndex. Frames over the years (the trend, participation per year, growth of the regional entities) are
in `rocb.analytics.history`, built from the same `NeedsData` and building blocks.

Input columns:
  need_items        cycle_year, administration_code, topic_code, priority, officers  (submitted only)
  administrations   code, name, subregion
  topics            code, name, package
  workshops         workshop_id, title, status, first_day, last_day
  workshop_topics   workshop_id, topic_code
  participation     workshop_id, administration_code (null: organizations, loose headcounts), role, count
  cycles            year, closes, window_start, window_end (window optional: default
                    [closes + 1 day, closes + 12 months])
  followups         workshop_id, administration_code, applied ("not yet", "partly", "fully"; null: no answer yet)

Rules (DESIGN.md "Needs vs delivery"):
  - an administration asks for a topic when its priority is not "none"; weights high 3, medium 2, low 1;
  - delivery counts workshops with status "held" whose first day is inside the cycle's window (both ends
    included); planned, confirmed, postponed and cancelled workshops never count;
  - an administration is reached on a topic when it sent at least one formal participant (a named one, or a
    headcount row with count > 0) to such a workshop; observers, experts and speakers do not make it reached;
  - coverage = administrations that asked and were reached / administrations that asked; NaN when nobody asked
    (0 would read as "we failed them" where there was nothing to fail);
  - applied (rocb.analytics.applied): of the administrations that asked and were reached, those whose follow-up
    of a workshop that reached them says "partly" or "fully" applied; beside them, those that said "not yet"
    and those followed up that have not answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd

from rocb.analytics import applied as use
from rocb.analytics.applied import FOLLOWUP_COLUMNS

NEED_ITEM_COLUMNS = ("cycle_year", "administration_code", "topic_code", "priority", "officers")
ADMINISTRATION_COLUMNS = ("code", "name", "subregion")
TOPIC_COLUMNS = ("code", "name", "package")
WORKSHOP_COLUMNS = ("workshop_id", "title", "status", "first_day", "last_day")
WORKSHOP_TOPIC_COLUMNS = ("workshop_id", "topic_code")
PARTICIPATION_COLUMNS = ("workshop_id", "administration_code", "role", "count")
CYCLE_COLUMNS = ("year", "closes", "window_start", "window_end")

PRIORITY_WEIGHT = {"high": 3, "medium": 2, "low": 1, "none": 0}
HELD = "held"
FORMAL_PARTICIPANT = "formal participant"

Rows = pd.DataFrame | Iterable[dict] | None
_KEY = ["cycle_year", "topic_code"]


def as_frame(rows: Rows, columns: Iterable[str], optional: Iterable[str] = ()) -> pd.DataFrame:
    """A copy of `rows` as a DataFrame holding exactly `columns`; a missing required column: ValueError."""
    columns, optional = list(columns), set(optional)
    frame = rows.copy() if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows or []))
    missing = [c for c in columns if c not in frame.columns and (c not in optional and len(frame))]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    for column in columns:
        if column not in frame.columns:
            frame[column] = pd.Series([None] * len(frame), dtype=object)
    return frame[columns].reset_index(drop=True)


# What pandas can hold with room to spare (its nanosecond dates end in 2262). Forms keep people's dates inside
# 1950-2100; a row that got past them some other way is left out here and named, never a 500 for everyone.
SAFE_FIRST, SAFE_LAST = date(1900, 1, 1), date(2200, 12, 31)


def outside_safe_range(value) -> bool:
    if not isinstance(value, date) or value is pd.NaT:
        return False
    day = value.date() if isinstance(value, datetime) else value
    return not SAFE_FIRST <= day <= SAFE_LAST


def split_out_of_range(frame: pd.DataFrame, columns: Iterable[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows whose dates pandas can hold, the others)."""
    if frame.empty:
        return frame, frame
    bad = frame[list(columns)].map(outside_safe_range).any(axis=1)
    return frame[~bad].reset_index(drop=True), frame[bad]


def as_dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series).astype("datetime64[ns]")


def delivery_window_of(closing_day: date, start: date | None = None, end: date | None = None) -> tuple[date, date]:
    """A cycle's delivery window, both days included: each end as stated, else the default, the 12 months after
    the survey closes: [closing day + 1 day, closing day + 12 months] (29 February closes to 28 February)."""
    try:
        default_end = closing_day.replace(year=closing_day.year + 1)
    except ValueError:  # 29 February
        default_end = closing_day.replace(year=closing_day.year + 1, day=28)
    return start or closing_day + timedelta(days=1), end or default_end


def cycle_windows(cycles: Rows) -> pd.DataFrame:
    """Cycles with their delivery window filled in (`delivery_window_of`): year, closes, window_start, window_end
    (datetime64)."""
    frame = as_frame(cycles, CYCLE_COLUMNS, optional=("window_start", "window_end"))
    frame["year"] = frame["year"].astype("int64")
    for column in ("closes", "window_start", "window_end"):
        frame[column] = as_dates(frame[column])
    windows = [delivery_window_of(closes.date()) for closes in frame["closes"]]
    for position, column in enumerate(("window_start", "window_end")):
        defaults = pd.Series([pd.Timestamp(w[position]) for w in windows], index=frame.index, dtype="datetime64[ns]")
        frame[column] = frame[column].fillna(defaults)
    return frame.sort_values("year", ignore_index=True)


@dataclass(frozen=True)
class NeedsData:
    """Everything the needs-vs-delivery frames read, normalised (build it with `from_rows`)."""

    need_items: pd.DataFrame
    administrations: pd.DataFrame
    topics: pd.DataFrame
    workshops: pd.DataFrame
    workshop_topics: pd.DataFrame
    participation: pd.DataFrame
    cycles: pd.DataFrame
    followups: pd.DataFrame | None = None  # FOLLOWUP_COLUMNS (from_rows always sets it)
    left_out: tuple[str, ...] = ()  # rows whose dates are out of range, in words, for the page

    @classmethod
    def from_rows(
        cls,
        *,
        need_items: Rows = None,
        administrations: Rows = None,
        topics: Rows = None,
        workshops: Rows = None,
        workshop_topics: Rows = None,
        participation: Rows = None,
        cycles: Rows = None,
        followups: Rows = None,
    ) -> NeedsData:
        needs = as_frame(need_items, NEED_ITEM_COLUMNS)
        needs["cycle_year"] = needs["cycle_year"].astype("int64")
        needs["officers"] = pd.to_numeric(needs["officers"]).fillna(0).astype("int64")
        needs["priority"] = needs["priority"].fillna("none").astype(str).str.lower()
        unknown = sorted(set(needs["priority"]) - set(PRIORITY_WEIGHT))
        if unknown:
            raise ValueError(f"unknown priority: {', '.join(unknown)}")
        shops, bad_shops = split_out_of_range(as_frame(workshops, WORKSHOP_COLUMNS), ("first_day", "last_day"))
        shops["first_day"], shops["last_day"] = as_dates(shops["first_day"]), as_dates(shops["last_day"])
        left_out = [f"workshop {row['title']!r} ({row['first_day']} to {row['last_day']})"
                    for row in bad_shops.to_dict("records")]
        cycle_frame = as_frame(cycles, CYCLE_COLUMNS, optional=("window_start", "window_end"))
        for column in ("closes", "window_start", "window_end"):
            bad = cycle_frame[column].map(outside_safe_range)
            left_out += [f"survey cycle {row['year']}: {column.replace('_', ' ')} {row[column]} (read as "
                         + ("the default" if column != "closes" else str(SAFE_LAST)) + ")"
                         for row in cycle_frame[bad].to_dict("records")]
            cycle_frame[column] = cycle_frame[column].where(~bad, SAFE_LAST if column == "closes" else None)
        people = as_frame(participation, PARTICIPATION_COLUMNS)
        people["count"] = pd.to_numeric(people["count"]).fillna(0).astype("int64")
        return cls(
            need_items=needs,
            administrations=as_frame(administrations, ADMINISTRATION_COLUMNS),
            topics=as_frame(topics, TOPIC_COLUMNS),
            workshops=shops,
            workshop_topics=as_frame(workshop_topics, WORKSHOP_TOPIC_COLUMNS).drop_duplicates(),
            participation=people,
            cycles=cycle_windows(cycle_frame),
            followups=use.normalise(as_frame(followups, FOLLOWUP_COLUMNS)),
            left_out=tuple(left_out),
        )

    def window(self, cycle_year: int) -> tuple[date, date]:
        """The delivery window of a cycle, both days included (KeyError for an unknown cycle)."""
        row = self.cycles[self.cycles["year"] == cycle_year]
        if row.empty:
            raise KeyError(cycle_year)
        return row["window_start"].iloc[0].date(), row["window_end"].iloc[0].date()


# --- building blocks (shared with rocb.analytics.history) -------------------------------------------------


def cycle_years(data: NeedsData, cycle_year: int | None) -> list[int]:
    years = data.cycles["year"].tolist()
    return years if cycle_year is None else [y for y in years if y == cycle_year]


def topics_in(data: NeedsData, package: str | None) -> pd.DataFrame:
    topics = data.topics.rename(columns={"code": "topic_code", "name": "topic_name"})
    return topics if package is None else topics[topics["package"] == package]


def administration_names(data: NeedsData) -> pd.DataFrame:
    return data.administrations.rename(columns={"code": "administration_code", "name": "administration_name"})


def in_subregion(data: NeedsData, codes: pd.Series, subregion: str | None) -> pd.Series:
    if subregion is None:
        return pd.Series(True, index=codes.index)
    admins = data.administrations
    return codes.isin(admins.loc[admins["subregion"] == subregion, "code"])


def asked_items(data: NeedsData, years: list[int], subregion: str | None, package: str | None) -> pd.DataFrame:
    """Need items that ask (priority not "none"): cycle_year, administration_code, topic_code, priority,
    weight, officers. One row per administration x topic x cycle (a duplicate keeps the highest priority)."""
    items = data.need_items[
        data.need_items["cycle_year"].isin(years) & (data.need_items["priority"] != "none")
    ]
    items = items[in_subregion(data, items["administration_code"], subregion)]
    items = items[items["topic_code"].isin(topics_in(data, package)["topic_code"])]
    items = items.assign(weight=items["priority"].map(PRIORITY_WEIGHT).astype("int64"))
    items = items.sort_values("weight", ascending=False, kind="stable")
    items = items.drop_duplicates(["cycle_year", "administration_code", "topic_code"])
    return items[["cycle_year", "administration_code", "topic_code", "priority", "weight", "officers"]]


def held_on_topic(data: NeedsData, years: list[int], package: str | None) -> pd.DataFrame:
    """Held workshops on each topic inside each cycle's window: cycle_year, topic_code, workshop_id."""
    cycles = data.cycles[data.cycles["year"].isin(years)]
    held = data.workshops[data.workshops["status"] == HELD][["workshop_id", "first_day"]]
    pairs = cycles.merge(held, how="cross")
    pairs = pairs[(pairs["first_day"] >= pairs["window_start"]) & (pairs["first_day"] <= pairs["window_end"])]
    pairs = pairs.rename(columns={"year": "cycle_year"})[["cycle_year", "workshop_id"]]
    on_topic = pairs.merge(data.workshop_topics, on="workshop_id")
    on_topic = on_topic[on_topic["topic_code"].isin(topics_in(data, package)["topic_code"])]
    return on_topic[["cycle_year", "topic_code", "workshop_id"]].reset_index(drop=True)


def formal_by_workshop(data: NeedsData, subregion: str | None) -> pd.DataFrame:
    """Formal participants per workshop and administration (administration_code null for loose headcounts,
    dropped when a subregion is chosen): workshop_id, administration_code, formal."""
    people = data.participation[
        (data.participation["role"] == FORMAL_PARTICIPANT) & (data.participation["count"] > 0)
    ]
    people = people[in_subregion(data, people["administration_code"], subregion)]
    return (
        people.groupby(["workshop_id", "administration_code"], dropna=False, as_index=False)["count"]
        .sum()
        .rename(columns={"count": "formal"})
    )


def reached_pairs(held: pd.DataFrame, formal: pd.DataFrame) -> pd.DataFrame:
    """Administrations reached per cycle x topic with their formal participants:
    cycle_year, administration_code, topic_code, formal_participants."""
    attended = held.merge(formal.dropna(subset=["administration_code"]), on="workshop_id")
    pairs = (
        attended.groupby(["cycle_year", "administration_code", "topic_code"], as_index=False)["formal"]
        .sum()
        .rename(columns={"formal": "formal_participants"})
    )
    # With nothing held (a cycle whose window has no workshop yet) the empty columns come back as floats, and
    # merging them with the codes of the need items fails: keep the codes text.
    if pairs.empty:
        return pairs.astype({"administration_code": "object", "topic_code": "object"})
    return pairs


def followups_of(data: NeedsData) -> pd.DataFrame:
    if data.followups is None:
        return use.normalise(as_frame(None, FOLLOWUP_COLUMNS))
    return data.followups


def int_columns(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    for column in columns:
        frame[column] = frame[column].fillna(0).astype("int64")
    return frame


# --- public frames ----------------------------------------------------------------------------------------

NEEDS_VS_DELIVERY_COLUMNS = (
    "cycle_year",
    "topic_code",
    "topic_name",
    "package",
    "administrations_asking",
    "weighted_need",
    "officers_asked",
    "workshops_held",
    "formal_participants",
    "administrations_reached",
    "asking_reached",
    "coverage",
    "unmet_need",
    "asking_applied",
    "asking_not_applied",
    "asking_no_answer",
)


def needs_vs_delivery(
    data: NeedsData, cycle_year: int | None = None, subregion: str | None = None, package: str | None = None
) -> pd.DataFrame:
    """One row per cycle x topic of the taxonomy (every topic, also those nobody asked for), ordered by cycle
    and topic code.

    Need: administrations_asking, weighted_need, officers_asked. Delivery in the cycle's window:
    workshops_held, formal_participants (named + headcounts, organizations included),
    administrations_reached (any administration with a formal participant, whether it asked or not),
    asking_reached (those of them that asked), coverage (asking_reached / administrations_asking, NaN when
    nobody asked) and unmet_need (weighted need of the administrations that asked and were not reached).
    Use, of the administrations that asked and were reached (rocb.analytics.applied): asking_applied (their
    follow-up says partly or fully applied), asking_not_applied ("not yet"), asking_no_answer (followed up, no
    answer yet); the rest of asking_reached were not followed up yet.

    With a subregion, need, formal participants and reach count that subregion's administrations only;
    workshops_held still counts every held workshop on the topic (what was on offer to them).
    With a package, only that WCO package's topics.
    """
    years = cycle_years(data, cycle_year)
    topics = topics_in(data, package)[["topic_code", "topic_name", "package"]]
    grid = pd.DataFrame({"cycle_year": pd.Series(years, dtype="int64")}).merge(topics, how="cross")
    asked = asked_items(data, years, subregion, package)
    held = held_on_topic(data, years, package)
    formal = formal_by_workshop(data, subregion)
    reached = reached_pairs(held, formal)
    asked_reached = asked.merge(reached, on=["cycle_year", "administration_code", "topic_code"], how="left")
    asked_reached["is_reached"] = asked_reached["formal_participants"].notna()
    asked_reached["unmet"] = asked_reached["weight"].where(~asked_reached["is_reached"], 0)
    parts = [
        asked_reached.groupby(_KEY).agg(
            administrations_asking=("administration_code", "nunique"),
            weighted_need=("weight", "sum"),
            officers_asked=("officers", "sum"),
            asking_reached=("is_reached", "sum"),
            unmet_need=("unmet", "sum"),
        ),
        held.groupby(_KEY).agg(workshops_held=("workshop_id", "nunique")),
        held.merge(formal, on="workshop_id").groupby(_KEY).agg(formal_participants=("formal", "sum")),
        reached.groupby(_KEY).agg(administrations_reached=("administration_code", "nunique")),
        use.use_counts(asked_reached, use.use_pairs(held, formal, followups_of(data))),
    ]
    frame = grid.join(pd.concat(parts, axis=1), on=_KEY)
    frame = int_columns(frame, [c for c in NEEDS_VS_DELIVERY_COLUMNS[4:] if c != "coverage"])
    asking = frame["administrations_asking"]
    frame["coverage"] = (frame["asking_reached"] / asking.where(asking > 0)).astype("float64")
    return frame[list(NEEDS_VS_DELIVERY_COLUMNS)].sort_values(_KEY, ignore_index=True)


def needs_vs_delivery_by_subregion(
    data: NeedsData, cycle_year: int | None = None, package: str | None = None
) -> pd.DataFrame:
    """`needs_vs_delivery` for each subregion, with a `subregion` column after cycle_year."""
    frames = []
    for subregion in sorted(data.administrations["subregion"].dropna().unique()):
        frame = needs_vs_delivery(data, cycle_year, subregion, package)
        frames.append(frame.assign(subregion=subregion))
    columns = ["cycle_year", "subregion", *NEEDS_VS_DELIVERY_COLUMNS[1:]]
    if not frames:
        return needs_vs_delivery(data, cycle_year, None, package).assign(subregion="")[columns].iloc[0:0]
    return pd.concat(frames, ignore_index=True)[columns].sort_values(
        ["cycle_year", "subregion", "topic_code"], ignore_index=True
    )


ADMINISTRATION_TOPIC_COLUMNS = (
    "cycle_year",
    "administration_code",
    "administration_name",
    "subregion",
    "topic_code",
    "topic_name",
    "priority",
    "officers",
    "formal_participants",
    "reached",
)


def administration_topics(
    data: NeedsData, cycle_year: int | None = None, subregion: str | None = None, package: str | None = None
) -> pd.DataFrame:
    """Administration x topic per cycle: the priority it asked ("none" when it did not ask), officers asked,
    formal participants it sent on that topic in the window, and reached (at least one). One row for each pair
    that asked or was reached; the heat map fills the rest of the grid."""
    years = cycle_years(data, cycle_year)
    asked = asked_items(data, years, subregion, package).drop(columns="weight")
    reached = reached_pairs(held_on_topic(data, years, package), formal_by_workshop(data, subregion))
    frame = asked.merge(reached, on=["cycle_year", "administration_code", "topic_code"], how="outer")
    frame["priority"] = frame["priority"].fillna("none")
    frame = int_columns(frame, ["officers", "formal_participants"])
    frame["reached"] = frame["formal_participants"] > 0
    frame = frame.merge(administration_names(data), on="administration_code", how="left")
    frame = frame.merge(topics_in(data, None)[["topic_code", "topic_name"]], on="topic_code", how="left")
    return frame[list(ADMINISTRATION_TOPIC_COLUMNS)].sort_values(
        ["cycle_year", "administration_code", "topic_code"], ignore_index=True
    )
