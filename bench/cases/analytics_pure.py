"""Needs-vs-delivery analytics without the database: the frames of the analytics page (pandas) and its five
charts (matplotlib, SVG as the page draws them) on a synthetic 20-year data set (35 administrations, 40 topics, 2,000
workshops, 60,000 participation rows, 20 survey cycles), each against the same work on the 1-year data set.

What the page computes for the latest cycle: needs_vs_delivery, administration_topics, gap_list, plan_next,
plus the year-over-year trend, participation per administration per year and entity growth over all years.
Budgets: frames 20y/1y ratio <= 3 (the page shows one cycle; only the trend and participation grow with
years), charts 20y/1y ratio <= 2 (a chart's size depends on its rows, not on the years behind them).
A last row draws the five charts as SVG and PNG together (what the page did before PNG became a download
drawn on demand), against the SVG alone.
"""

import datetime as dt

import numpy as np
import pandas as pd

from rocb.analytics import charts, frames, gaps, history_charts
from rocb.analytics.history import entity_growth, participation_by_year, year_over_year

ADMINISTRATIONS = 35
TOPICS = 40
WORKSHOPS_PER_YEAR = 100
PARTICIPANTS_PER_WORKSHOP = 30
FIRST_YEAR = 2005
SUBREGIONS = ("Sub-Continent", "Far East", "ASEAN", "Australasia/Oceania")
PACKAGES = ("Economic Competitiveness", "Revenue", "Compliance and Enforcement", "Organizational Development")
ROLES = ("formal participant", "observer", "expert", "guest speaker", "facilitator")


def synthetic_data(years, seed=7):
    """Deterministic rows for `years` survey cycles: (NeedsData, entity status history rows)."""
    rng = np.random.default_rng(seed)
    admins = pd.DataFrame(
        {
            "code": [f"A{i:02d}" for i in range(ADMINISTRATIONS)],
            "name": [f"Customs administration {i:02d}" for i in range(ADMINISTRATIONS)],
            "subregion": [SUBREGIONS[i % 4] for i in range(ADMINISTRATIONS)],
        }
    )
    topics = pd.DataFrame(
        {
            "code": [f"T{i:02d}" for i in range(TOPICS)],
            "name": [f"Capacity-building topic number {i:02d}" for i in range(TOPICS)],
            "package": [PACKAGES[i % 4] for i in range(TOPICS)],
        }
    )
    cycle_years = list(range(FIRST_YEAR, FIRST_YEAR + years))
    cycles = [{"year": y, "closes": dt.date(y, 6, 30)} for y in cycle_years]
    # Ten topics per administration per cycle, one in eight answered "none".
    needs = pd.DataFrame(
        [
            {
                "cycle_year": y,
                "administration_code": code,
                "topic_code": f"T{t:02d}",
                "priority": rng.choice(["high", "medium", "low", "none"], p=[0.3, 0.35, 0.225, 0.125]),
                "officers": int(rng.integers(0, 30)),
            }
            for y in cycle_years
            for code in admins["code"]
            for t in rng.choice(TOPICS, size=10, replace=False)
        ]
    )
    count = WORKSHOPS_PER_YEAR * years
    start = np.datetime64(f"{FIRST_YEAR}-07-01")
    first_days = start + rng.integers(0, 365 * years, size=count).astype("timedelta64[D]")
    workshops = pd.DataFrame(
        {
            "workshop_id": np.arange(count),
            "title": [f"Workshop {i}" for i in range(count)],
            "status": rng.choice(
                ["held", "cancelled", "postponed", "planned"], size=count, p=[0.8, 0.08, 0.05, 0.07]
            ),
            "first_day": first_days,
            "last_day": first_days + np.timedelta64(4, "D"),
        }
    )
    workshop_topics = pd.DataFrame(
        [
            {"workshop_id": w, "topic_code": f"T{t:02d}"}
            for w in range(count)
            for t in rng.choice(TOPICS, size=int(rng.integers(1, 4)), replace=False)
        ]
    )
    rows = count * PARTICIPANTS_PER_WORKSHOP
    codes = rng.choice(admins["code"].to_numpy(), size=rows).astype(object)
    codes[rng.random(rows) < 0.1] = None  # organizations and loose headcounts
    headcount = rng.random(rows) < 0.05
    participation = pd.DataFrame(
        {
            "workshop_id": np.repeat(np.arange(count), PARTICIPANTS_PER_WORKSHOP),
            "administration_code": codes,
            "role": rng.choice(ROLES, size=rows, p=[0.7, 0.15, 0.08, 0.04, 0.03]),
            "count": np.where(headcount, rng.integers(2, 20, size=rows), 1),
        }
    )
    data = frames.NeedsData.from_rows(
        need_items=needs,
        administrations=admins,
        topics=topics,
        workshops=workshops,
        workshop_topics=workshop_topics,
        participation=participation,
        cycles=cycles,
    )
    history = []
    for entity in range(30):
        accredited = dt.date(FIRST_YEAR, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365 * years)))
        kinds = ("ROCB", "RILO", "RTC", "RCL", "RDTC")
        kind = kinds[entity] if entity < 2 else kinds[2 + entity % 3]  # one ROCB, one RILO, many others
        history.append({"entity_id": entity, "kind": kind, "status": "accredited", "changed_on": accredited})
        if rng.random() < 0.2:
            history.append(
                {
                    "entity_id": entity,
                    "kind": kind,
                    "status": "closed",
                    "changed_on": accredited + dt.timedelta(days=int(rng.integers(100, 2000))),
                }
            )
    return data, history


def page_frames(data, history):
    cycle = int(data.cycles["year"].max())
    return {
        "needs": frames.needs_vs_delivery(data, cycle),
        "breakdown": frames.administration_topics(data, cycle),
        "gaps": gaps.gap_list(data, cycle),
        "plan": gaps.plan_next(data, cycle),
        "trend": year_over_year(data),
        "participation": participation_by_year(data),
        "growth": entity_growth(history),
    }


def page_charts(data, computed, formats=("svg",)):
    cycle = int(data.cycles["year"].max())
    window = data.window(cycle)
    figures = [
        charts.build_needs_vs_delivery_figure(
            computed["needs"], charts.cycle_title("Needs vs delivery", cycle, window)
        ),
        charts.build_heat_map_figure(
            computed["breakdown"],
            charts.cycle_title("Needs and reach", cycle, window),
            data.administrations,
            data.topics,
        ),
        history_charts.build_trend_figure(
            computed["trend"], charts.years_title("Needs and delivery", computed["trend"]["cycle_year"])
        ),
        history_charts.build_participation_figure(computed["participation"], "Participation", year=window[0].year),
        history_charts.build_entity_growth_figure(computed["growth"], "Regional entities"),
    ]
    return [charts.render(fig, formats=formats) for fig in figures]


def run(ctx):
    rows, times = [], {}
    for years in (1, 20):
        data, history = synthetic_data(years)
        computed = page_frames(data, history)
        times[years] = (
            ctx.timeit(lambda d=data, h=history: page_frames(d, h), repeat=5),
            ctx.timeit(lambda d=data, c=computed: page_charts(d, c), repeat=3),
        )
    both = ctx.timeit(lambda d=data, c=computed: page_charts(d, c, charts.FORMATS), repeat=3)
    for index, (what, budget) in enumerate((("frames", "ratio <= 3"), ("charts", "ratio <= 2"))):
        one, twenty = times[1][index], times[20][index]
        rows.append(
            {
                "case": f"analytics {what} 1 year (35 admins, 40 topics, 100 workshops, 3,000 participants)",
                "median_ms": round(one * 1000, 1),
                "baseline": None,
                "ratio": None,
                "queries": None,
                "budget": None,
            }
        )
        rows.append(
            {
                "case": f"analytics {what} 20 years (2,000 workshops, 60,000 participants, 20 cycles)",
                "median_ms": round(twenty * 1000, 1),
                "baseline": f"analytics {what} 1 year",
                "ratio": round(twenty / one, 2),
                "queries": None,
                "budget": budget,
            }
        )
    rows.append(
        {
            "case": "analytics charts SVG + PNG 20 years (PNG drawn up front)",
            "median_ms": round(both * 1000, 1),
            "baseline": "analytics charts 20 years (SVG only)",
            "ratio": round(both / times[20][1], 2),
            "queries": None,
            "budget": None,
        }
    )
    return rows
