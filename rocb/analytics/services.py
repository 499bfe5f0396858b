"""Needs vs delivery from the database: rows fetched with a fixed number of queries, frames and charts cached.

Flow of a request (views.py and api.py):
    choice = choose_filters(request.args, timings)    # data version (one query), options and filters:
    version, filters = choice.version, choice.filters  # choice.errors by field when a value is refused
    result = analysis(version, filters)               # frames + plan next (cached; pandas + planner)
    svg = chart_file(version, filters, "trend", "svg")  # one rendered chart (cached per format; matplotlib)

Every cache key carries `data_version("workshops", "surveys", "registry", "followups")`: a change to any record of those
domains gives a new version, so nothing stale is ever read back (old entries simply expire). The rows are
cached per version (not per filter), so changing a filter costs pandas and matplotlib but no query.
Each phase that really runs adds its seconds to `timings` (queries, pandas, planner, matplotlib), which the
view sends as a Server-Timing header and the benchmark reports.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select

from rocb import params, spreadsheets
from rocb.analytics import applied_chart, charts, frames, gaps, history_charts
from rocb.analytics.history import STATUS_HISTORY_COLUMNS, entity_growth, participation_by_year, year_over_year
from rocb.analytics.planning import PlannedTopic, next_quarter, plan_with_slots
from rocb.extensions import cache, db, utcnow
from rocb.followups.models import FollowUp
from rocb.kept import keep, store
from rocb.precision import figure
from rocb.registry.models import (
    SUBREGIONS,
    WCO_PACKAGES,
    Administration,
    EntityStatusChange,
    RegionalEntity,
    Topic,
)
from rocb.services import ServiceError
from rocb.surveys.models import CycleTopic, NeedItem, SurveyCycle, SurveyResponse
from rocb.versioning import data_version
from rocb.workshops.models import Headcount, Participant, Workshop, workshop_topics

DOMAINS = ("workshops", "surveys", "registry", "followups")  # follow-up answers change "applied"
HELD = "held"
PLAN_LIMIT = 10


def current_version() -> str:
    return data_version(*DOMAINS)


# --- timings ----------------------------------------------------------------------------------------------


@dataclass
class Timings:
    """Seconds spent per phase in this request (only phases that ran: a cache hit adds nothing)."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def header(self) -> str:
        """Server-Timing: queries;dur=12.3, pandas;dur=40.1 (milliseconds)."""
        return ", ".join(f"{name};dur={value * 1000:.1f}" for name, value in self.seconds.items())


# --- rows from the database -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """Everything analytics reads, fetched in a fixed number of queries whatever the size of the record."""

    data: frames.NeedsData
    status_history: pd.DataFrame  # entity_id, kind, status, changed_on, entity_name, host_subregion
    places: pd.DataFrame  # code, name, timezone, working_days, work_start, work_end
    cycles: tuple[tuple[int, datetime, bool], ...]  # (year, closes_at, closed_manually), by year
    # Headcounts of held workshops that the record gives as a bound or an approximation, in words: the charts count
    # them at the figure given, so the page names them.
    given_figures: tuple[str, ...] = ()


def _frame(statement, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(db.session.execute(statement).all(), columns=columns)


def _given_figures() -> tuple[str, ...]:
    """'12th Capacity Building Committee (22 Feb 2021): approximately 300 formal participants', by date."""
    found = db.session.execute(
        select(Workshop.title, Workshop.first_day, Headcount.count, Headcount.precision, Headcount.role,
               Administration.name)
        .join(Workshop, Workshop.id == Headcount.workshop_id)
        .outerjoin(Administration, Headcount.administration_id == Administration.id)
        .where(Workshop.status == HELD, Headcount.precision != "exact")
        .order_by(Workshop.first_day, Workshop.id, Headcount.id)
    ).all()
    return tuple(f"{title} ({day.strftime('%d %b %Y')}): {figure(count, precision)} {role}s"
                 + (f" from {name}" if name else "") for title, day, count, precision, role, name in found)


def fetch_rows() -> Rows:
    """Eleven queries: need items, administrations, topics, cycles, held workshops, their topics, named
    participants who attended (counted per workshop, administration and role), headcounts, follow-ups of held
    workshops (what each administration said it applied), status history, headcounts given as bounds or
    approximations."""
    need_items = _frame(
        select(SurveyCycle.year, Administration.code, CycleTopic.code, NeedItem.priority, NeedItem.officers)
        .join(SurveyResponse, NeedItem.response_id == SurveyResponse.id)
        .join(SurveyCycle, SurveyResponse.cycle_id == SurveyCycle.id)
        .join(Administration, SurveyResponse.administration_id == Administration.id)
        .join(CycleTopic, NeedItem.cycle_topic_id == CycleTopic.id)
        .where(SurveyResponse.status == "submitted"),
        list(frames.NEED_ITEM_COLUMNS),
    )
    places = _frame(
        select(Administration.code, Administration.name, Administration.subregion, Administration.timezone,
               Administration.working_days, Administration.work_start, Administration.work_end)
        .order_by(Administration.code),
        ["code", "name", "subregion", "timezone", "working_days", "work_start", "work_end"],
    )
    topics = _frame(select(Topic.code, Topic.name, Topic.package).order_by(Topic.code), list(frames.TOPIC_COLUMNS))
    cycle_records = db.session.execute(select(SurveyCycle).order_by(SurveyCycle.year)).scalars().all()
    cycles = []
    for cycle in cycle_records:
        # The surveys package owns the rule of the delivery window (stated, else the 12 months after closing).
        start, end = cycle.delivery_window()
        cycles.append({"year": cycle.year, "closes": cycle.closes_at.date(), "window_start": start,
                       "window_end": end})
    workshops = _frame(
        select(Workshop.id, Workshop.title, Workshop.status, Workshop.first_day, Workshop.last_day)
        .where(Workshop.status == HELD),
        list(frames.WORKSHOP_COLUMNS),
    )
    topic_links = _frame(
        select(workshop_topics.c.workshop_id, Topic.code)
        .join(Topic, Topic.id == workshop_topics.c.topic_id)
        .join(Workshop, Workshop.id == workshop_topics.c.workshop_id)
        .where(Workshop.status == HELD),
        list(frames.WORKSHOP_TOPIC_COLUMNS),
    )
    named = _frame(
        select(Participant.workshop_id, Administration.code, Participant.role, func.count(Participant.id))
        .outerjoin(Administration, Participant.administration_id == Administration.id)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.attended.is_(True), Workshop.status == HELD)
        .group_by(Participant.workshop_id, Administration.code, Participant.role),
        list(frames.PARTICIPATION_COLUMNS),
    )
    counted = _frame(
        select(Headcount.workshop_id, Administration.code, Headcount.role, func.sum(Headcount.count))
        .outerjoin(Administration, Headcount.administration_id == Administration.id)
        .join(Workshop, Workshop.id == Headcount.workshop_id)
        .where(Workshop.status == HELD)
        .group_by(Headcount.workshop_id, Administration.code, Headcount.role),
        list(frames.PARTICIPATION_COLUMNS),
    )
    followups = _frame(
        select(FollowUp.workshop_id, Administration.code, FollowUp.applied)
        .join(Administration, Administration.id == FollowUp.administration_id)
        .join(Workshop, Workshop.id == FollowUp.workshop_id)
        .where(Workshop.status == HELD),
        list(frames.FOLLOWUP_COLUMNS),
    )
    history = _frame(
        select(EntityStatusChange.entity_id, RegionalEntity.kind, EntityStatusChange.status,
               EntityStatusChange.changed_on, RegionalEntity.name, Administration.subregion)
        .join(RegionalEntity, RegionalEntity.id == EntityStatusChange.entity_id)
        .join(Administration, Administration.id == RegionalEntity.host_id)
        .order_by(EntityStatusChange.entity_id, EntityStatusChange.changed_on.asc().nulls_first(),
                  EntityStatusChange.id),
        [*STATUS_HISTORY_COLUMNS, "entity_name", "host_subregion"],
    )
    participation = pd.concat([frame for frame in (named, counted) if len(frame)] or [named], ignore_index=True)
    data = frames.NeedsData.from_rows(
        need_items=need_items,
        administrations=places[list(frames.ADMINISTRATION_COLUMNS)],
        topics=topics,
        workshops=workshops,
        workshop_topics=topic_links,
        participation=participation,
        cycles=cycles,
        followups=followups,
    )
    return Rows(
        data=data,
        status_history=history,
        places=places,
        cycles=tuple((c.year, c.closes_at, c.closed_manually) for c in cycle_records),
        given_figures=_given_figures(),
    )


def rows(version: str, timings: Timings) -> Rows:
    key = f"analytics:{version}:rows"
    found = cache.get(key)
    if found is None:
        with timings.phase("queries"):
            found = fetch_rows()
        cache.set(key, found)
    return found


# --- filters ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """What the filters offer: survey cycles (newest first) and the default one, subregions, packages."""

    cycles: tuple[int, ...]
    default_cycle: int | None
    subregions: tuple[str, ...] = SUBREGIONS
    packages: tuple[str, ...] = WCO_PACKAGES


def analytics_options(version: str, timings: Timings, now: datetime | None = None) -> Options:
    # This worker keeps the cycles of the last version it read (a version's cycles never change): a warm page reads
    # them from memory, not from the shared cache.
    kept = store("analytics cycles")
    cycles = kept.get(version)
    if cycles is None:
        key = f"analytics:{version}:cycles"
        cycles = cache.get(key)
        if cycles is None:
            cycles = rows(version, timings).cycles
            cache.set(key, cycles)
        keep(kept, version, cycles, 1)
    now = now or utcnow()
    # The default is the latest cycle whose survey has closed (its answers are final), else the latest.
    closed = [year for year, closes_at, manually in cycles if manually or closes_at <= now]
    years = [year for year, _, _ in cycles]
    default = (closed or years or [None])[-1]
    return Options(cycles=tuple(reversed(years)), default_cycle=default)


@dataclass(frozen=True)
class Filters:
    """The chosen cycle (None only when there is no survey cycle at all), subregion and WCO package."""

    cycle: int | None = None
    subregion: str | None = None
    package: str | None = None

    def key(self) -> str:
        return f"{self.cycle}|{self.subregion or ''}|{self.package or ''}"

    def args(self) -> dict:
        """Query arguments that reproduce these filters (for links and downloads)."""
        return {k: v for k, v in (("cycle", self.cycle), ("subregion", self.subregion),
                                  ("package", self.package)) if v is not None}


def read_filters(args, options: Options) -> Filters:
    """Filters from query arguments; an empty or missing value means the default (all, latest closed
    cycle). A value that names nothing known: ServiceError naming the field and what is accepted."""
    errors = {}
    cycle = options.default_cycle
    text = (args.get("cycle") or "").strip()
    if text:
        if params.whole_number(text) not in options.cycles:
            known = ", ".join(str(y) for y in sorted(options.cycles)) or "none yet"
            errors["cycle"] = f"There is no {text[:20]!r} survey cycle (cycles: {known})."
        else:
            cycle = params.whole_number(text)
    chosen = {}
    for name, allowed, label in (("subregion", options.subregions, "subregion"),
                                 ("package", options.packages, "WCO package")):
        value = (args.get(name) or "").strip()
        if value and value not in allowed:
            errors[name] = f"{value[:60]!r} is not a {label} (choose one of: {', '.join(allowed)})."
        chosen[name] = value or None
    if errors:
        raise ServiceError(errors)
    return Filters(cycle=cycle, **chosen)


@dataclass(frozen=True)
class FilterChoice:
    """What a request asked for: the data version, the options offered and the filters read from the query
    arguments (None, with `errors` by field, when a value names nothing known)."""

    version: str
    options: Options
    filters: Filters | None
    errors: dict[str, str]

    @property
    def message(self) -> str:
        """The errors as one sentence, for a 400 answer."""
        return " ".join(self.errors.values())


def choose_filters(args, timings: Timings) -> FilterChoice:
    """The filters of a request (page, download or JSON twin), read against the cycles of this data version."""
    version = current_version()
    options = analytics_options(version, timings)
    try:
        return FilterChoice(version, options, read_filters(args, options), {})
    except ServiceError as error:
        return FilterChoice(version, options, None, error.errors)


# --- frames (pandas) and the plan (planner) ---------------------------------------------------------------


@dataclass(frozen=True)
class Analysis:
    """The frames of one filter choice, and what to plan next with a proposed slot per topic."""

    filters: Filters
    window: tuple[date, date] | None
    tables: dict[str, pd.DataFrame]  # by chart name, plus "gaps" and "plan"
    plan: tuple[PlannedTopic, ...]
    plan_dates: tuple[date, date]
    undated_entities: tuple[str, ...]  # status records without a date are left out of entity growth
    left_out: tuple[str, ...] = ()  # rows whose dates no analysis can hold (frames.SAFE_FIRST/SAFE_LAST), in words
    given_figures: tuple[str, ...] = ()  # Rows.given_figures: counted at the figure given, a bound or an approximation


def _history(history: pd.DataFrame, subregion: str | None) -> tuple[pd.DataFrame, tuple[str, ...], tuple[str, ...]]:
    if subregion:
        history = history[history["host_subregion"] == subregion]
    undated = history[history["changed_on"].isna()]
    dated, out_of_range = frames.split_out_of_range(history[history["changed_on"].notna()], ["changed_on"])
    bad = tuple(f"status record of {row['entity_name']} ({row['status']}, {row['changed_on']})"
                for row in out_of_range.to_dict("records"))
    return dated, tuple(dict.fromkeys(undated["entity_name"])), bad


def compute_analysis(found: Rows, filters: Filters, today: date, timings: Timings) -> Analysis:
    data, cycle, subregion, package = found.data, filters.cycle, filters.subregion, filters.package
    tables = {}
    with timings.phase("pandas"):
        window = data.window(cycle) if cycle is not None else None
        if cycle is not None:
            tables["needs-vs-delivery"] = frames.needs_vs_delivery(data, cycle, subregion, package)
            tables["applied"] = tables["needs-vs-delivery"]  # the same rows; its chart and table show the use
            tables["heat-map"] = frames.administration_topics(data, cycle, subregion, package)
            tables["gaps"] = gaps.gap_list(data, cycle, subregion, package)
            tables["plan"] = gaps.plan_next(data, cycle, subregion, package, limit=PLAN_LIMIT)
        tables["trend"] = year_over_year(data, subregion, package)
        participation = participation_by_year(data, subregion)
        if window is not None:
            participation = participation[participation["year"] == window[0].year].reset_index(drop=True)
        tables["participation"] = participation
        dated, undated, bad_history = _history(found.status_history, subregion)
        last_year = max(today.year, int(dated["changed_on"].map(lambda d: d.year).max())) if len(dated) else None
        tables["entity-growth"] = entity_growth(
            dated[list(STATUS_HISTORY_COLUMNS)], last_year=last_year)
    plan_dates = next_quarter(today)
    plan: tuple[PlannedTopic, ...] = ()
    if "plan" in tables:
        with timings.phase("planner"):
            plan = plan_with_slots(tables["plan"], found.places, plan_dates, package)
    return Analysis(filters, window, tables, plan, plan_dates, undated, data.left_out + bad_history,
                    found.given_figures)


def analysis(version: str, filters: Filters, timings: Timings, today: date | None = None) -> Analysis:
    today = today or utcnow().date()
    plan_dates = next_quarter(today)
    # The plan proposes slots in the next quarter: a new quarter is a new entry even on unchanged data.
    key = f"analytics:{version}:{filters.key()}:{plan_dates[0].isoformat()}:analysis"
    found = cache.get(key)
    if found is None:
        found = compute_analysis(rows(version, timings), filters, today, timings)
        cache.set(key, found)
    return found


# --- charts (matplotlib) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChartSpec:
    """One chart of the page: its name in addresses, heading, and whether only staff may see it."""

    name: str
    heading: str
    staff_only: bool = False
    needs_cycle: bool = False
    # Loaded into the page after it (rocb/static/js/app.js): the heat map's 1,400 tooltips and table were more than
    # half of the staff page, which a phone on a slow link then waited for before anything else.
    later: bool = False


# Aggregated figures are public; the heat map shows each administration's answers to the survey, so it is
# staff-only like the gap list and the plan (see templates/analytics/index.html for the notice).
CHARTS = (
    ChartSpec("needs-vs-delivery", "Needs vs delivery per topic", needs_cycle=True),
    ChartSpec("applied", "Asked, delivered and applied per topic", needs_cycle=True),
    ChartSpec("heat-map", "Needs and reach per administration and topic", staff_only=True, needs_cycle=True,
              later=True),
    ChartSpec("trend", "Needs and delivery over the years", needs_cycle=True),
    ChartSpec("participation", "Participation per administration"),
    ChartSpec("entity-growth", "Growth of the regional entities"),
)
CHART_BY_NAME = {spec.name: spec for spec in CHARTS}
# Tables without a chart, downloadable as CSV only.
GAP_LIST = ChartSpec("gaps", "Gap list: who asked and was not reached, or did not apply", staff_only=True,
                     needs_cycle=True)


def visible_charts(staff: bool, filters: Filters) -> list[ChartSpec]:
    return [spec for spec in CHARTS
            if (staff or not spec.staff_only) and (filters.cycle is not None or not spec.needs_cycle)]


def build_figure(name: str, result: Analysis, found: Rows | None = None):
    """The matplotlib figure of chart `name` (titles say cycle, window and filters)."""
    f, table = result.filters, result.tables[name]
    extra = (f.subregion, f.package)
    if name == "needs-vs-delivery":
        return charts.build_needs_vs_delivery_figure(
            table, charts.cycle_title("Needs vs delivery", f.cycle, result.window, *extra))
    if name == "applied":
        return applied_chart.build_applied_figure(
            table, charts.cycle_title("Asked, delivered and applied", f.cycle, result.window, *extra))
    if name == "heat-map":
        admins = topics = None
        if found is not None:  # the whole grid: every administration (of the subregion) and topic (of the package)
            admins = found.data.administrations
            admins = admins[admins["subregion"] == f.subregion] if f.subregion else admins
            topics = found.data.topics
            topics = topics[topics["package"] == f.package] if f.package else topics
        return charts.build_heat_map_figure(
            table, charts.cycle_title("Needs and reach", f.cycle, result.window, *extra), admins, topics)
    if name == "trend":
        return history_charts.build_trend_figure(
            table, charts.years_title("Needs and delivery", table["cycle_year"], *extra))
    if name == "participation":
        years = [result.window[0].year] if result.window else table["year"]
        return history_charts.build_participation_figure(
            table, charts.years_title("Formal participants and observers per administration", years, f.subregion))
    if name == "entity-growth":
        return history_charts.build_entity_growth_figure(
            table, charts.years_title("Accredited regional entities at year end", table["year"], f.subregion))
    raise KeyError(name)


def _chart_key(version: str, filters: Filters, name: str, kind: str) -> str:
    return f"analytics:{version}:{filters.key()}:chart:{name}:{kind}"


def charts_of(version: str, filters: Filters, names: list[str], timings: Timings,
              today: date | None = None, kind: str = "svg") -> dict[str, charts.Chart]:
    """Charts by name rendered as `kind` ("svg" for the page, "png" for a download), each format cached apart:
    matplotlib runs only for those not cached under this data version, and a page never draws a PNG."""
    keys = [_chart_key(version, filters, name, kind) for name in names]
    found = dict(zip(names, cache.get_many(*keys), strict=True)) if names else {}
    missing = [name for name in names if found[name] is None]
    if missing:
        result = analysis(version, filters, timings, today)
        source = rows(version, timings) if "heat-map" in missing else None
        with timings.phase("matplotlib"):
            for name in missing:
                found[name] = charts.render(build_figure(name, result, source), formats=(kind,))
        cache.set_many({_chart_key(version, filters, name, kind): found[name] for name in missing})
    return found


def chart_file(version: str, filters: Filters, name: str, kind: str, timings: Timings) -> bytes:
    """The bytes of one chart as "svg" or "png" (a download)."""
    chart = charts_of(version, filters, [name], timings, kind=kind)[name]
    return chart.png if kind == "png" else chart.svg


def csv_of(result: Analysis, name: str) -> bytes:
    """The data table of a chart as CSV (UTF-8 with a byte-order mark, so that Excel reads the accents)."""
    # Every text cell through the one escaping function; pandas writes the numbers, dates and blanks as before.
    return result.tables[name].map(spreadsheets.cell_text).to_csv(index=False).encode("utf-8-sig")
