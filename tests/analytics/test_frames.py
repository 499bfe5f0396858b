"""Needs vs delivery frames on a small hand-checked data set.

Three administrations (TH in ASEAN, JP in the Far East, FJ in Oceania), two topics (RM risk management,
VA valuation) and the 2021 survey (closes 30 June 2021, default window 1 Jul 2021-30 Jun 2022). One regional
risk-management workshop is held in the window: Thailand sends two formal participants, Japan one observer,
the WCO Secretariat an expert, and a headcount of three formal participants from no administration. Around it:
a workshop the day the survey closed, one held after the window and a cancelled one, which must not count
for 2021.
"""

from datetime import date

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from rocb.analytics.frames import (
    NeedsData,
    administration_topics,
    cycle_windows,
    needs_vs_delivery,
    needs_vs_delivery_by_subregion,
)
from rocb.analytics.gaps import gap_list, plan_next
from rocb.analytics.history import entity_growth, participation_by_year, year_over_year

ADMINISTRATIONS = [
    {"code": "TH", "name": "Thailand", "subregion": "ASEAN"},
    {"code": "JP", "name": "Japan", "subregion": "Far East"},
    {"code": "FJ", "name": "Fiji", "subregion": "Australasia/Oceania"},
]
TOPICS = [
    {"code": "RM", "name": "Risk management", "package": "Compliance and Enforcement"},
    {"code": "VA", "name": "Customs valuation", "package": "Revenue"},
]


def need(admin, topic, priority, officers, year=2021):
    return {
        "cycle_year": year,
        "administration_code": admin,
        "topic_code": topic,
        "priority": priority,
        "officers": officers,
    }


def person(workshop, admin, role, count=1):
    return {"workshop_id": workshop, "administration_code": admin, "role": role, "count": count}


def workshop(workshop_id, status, first_day, last_day=None):
    return {
        "workshop_id": workshop_id,
        "title": f"Workshop {workshop_id}",
        "status": status,
        "first_day": first_day,
        "last_day": last_day or first_day,
    }


def sample(**overrides):
    rows = dict(
        administrations=ADMINISTRATIONS,
        topics=TOPICS,
        cycles=[{"year": 2021, "closes": date(2021, 6, 30)}],
        need_items=[
            need("TH", "RM", "high", 10),
            need("JP", "RM", "medium", 4),
            need("FJ", "RM", "low", 2),
            need("TH", "VA", "none", 0),
            need("FJ", "VA", "high", 5),
            need("JP", "VA", "high", 3),
        ],
        workshops=[
            workshop(1, "held", date(2021, 9, 13), date(2021, 9, 17)),
            workshop(2, "held", date(2022, 7, 5)),  # after the 2021 window
            workshop(3, "cancelled", date(2021, 10, 1)),
            workshop(4, "held", date(2021, 6, 30)),  # the day the survey closed: before the window
        ],
        workshop_topics=[
            {"workshop_id": 1, "topic_code": "RM"},
            {"workshop_id": 2, "topic_code": "RM"},
            {"workshop_id": 3, "topic_code": "VA"},
            {"workshop_id": 4, "topic_code": "VA"},
        ],
        participation=[
            person(1, "TH", "formal participant"),
            person(1, "TH", "formal participant"),
            person(1, "JP", "observer"),
            person(1, None, "expert"),
            person(1, None, "formal participant", 3),
            person(2, "FJ", "formal participant"),
            person(3, "FJ", "formal participant", 4),
            person(4, "FJ", "formal participant"),
        ],
    )
    rows.update(overrides)
    return NeedsData.from_rows(**rows)


def nvd_row(year, code, name, package, *values):
    keys = [
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
    ]
    return {
        "cycle_year": year,
        "topic_code": code,
        "topic_name": name,
        "package": package,
        **dict(zip(keys, values, strict=True)),
    }


RM = ("RM", "Risk management", "Compliance and Enforcement")
VA = ("VA", "Customs valuation", "Revenue")


def expected(rows, ints=()):
    frame = pd.DataFrame(rows)
    for column in ints:
        frame[column] = frame[column].astype("int64")
    return frame


NVD_INTS = [
    "cycle_year",
    "administrations_asking",
    "weighted_need",
    "officers_asked",
    "workshops_held",
    "formal_participants",
    "administrations_reached",
    "asking_reached",
    "unmet_need",
    "asking_applied",
    "asking_not_applied",
    "asking_no_answer",
]


def test_needs_vs_delivery_of_the_2021_cycle():
    frame = needs_vs_delivery(sample(), 2021)
    assert_frame_equal(
        frame,
        expected(
            [
                # Japan only observed and Fiji's workshop was after the window: one of three reached.
                nvd_row(2021, *RM, 3, 6, 16, 1, 5, 1, 1, 1 / 3, 3, 0, 0, 0),  # no follow-up yet
                # The valuation workshop was cancelled and the other held the day the survey closed.
                nvd_row(2021, *VA, 2, 6, 8, 0, 0, 0, 0, 0.0, 6, 0, 0, 0),
            ],
            NVD_INTS,
        ),
    )


def test_a_fiscal_year_window_and_a_topic_nobody_asked_for():
    cycles = [
        {"year": 2021, "closes": date(2021, 6, 30)},
        {
            "year": 2022,
            "closes": date(2022, 5, 31),
            "window_start": date(2022, 7, 1),
            "window_end": date(2023, 6, 30),
        },
    ]
    frame = needs_vs_delivery(sample(cycles=cycles))
    assert frame["cycle_year"].tolist() == [2021, 2021, 2022, 2022]
    rm_2022 = frame.iloc[2]
    # Fiji's July 2022 workshop belongs to the 2022 fiscal-year window; nobody asked, so coverage is NaN.
    assert rm_2022[
        [
            "workshops_held",
            "formal_participants",
            "administrations_reached",
            "asking_reached",
            "administrations_asking",
            "unmet_need",
        ]
    ].tolist() == [1, 1, 1, 0, 0, 0]
    assert np.isnan(rm_2022["coverage"])
    assert frame.iloc[0]["workshops_held"] == 1


def test_default_window_is_the_twelve_months_after_the_survey_closes():
    windows = cycle_windows([{"year": 2021, "closes": date(2021, 6, 30)}])
    assert windows.loc[0, "window_start"] == pd.Timestamp(2021, 7, 1)
    assert windows.loc[0, "window_end"] == pd.Timestamp(2022, 6, 30)
    assert sample().window(2021) == (date(2021, 7, 1), date(2022, 6, 30))


def test_cancelled_workshops_never_count_even_inside_the_window():
    held = sample(workshops=[workshop(1, "held", date(2021, 9, 13)), workshop(3, "held", date(2021, 10, 1))])
    cancelled = sample(
        workshops=[workshop(1, "cancelled", date(2021, 9, 13)), workshop(3, "cancelled", date(2021, 10, 1))]
    )
    assert needs_vs_delivery(held, 2021)["workshops_held"].tolist() == [1, 1]
    assert needs_vs_delivery(held, 2021)["asking_reached"].tolist() == [1, 1]
    assert needs_vs_delivery(cancelled, 2021)["workshops_held"].tolist() == [0, 0]
    assert needs_vs_delivery(cancelled, 2021)["formal_participants"].tolist() == [0, 0]


def test_subregion_filter_counts_its_administrations_only():
    frame = needs_vs_delivery(sample(), 2021, subregion="ASEAN")
    assert frame["administrations_asking"].tolist() == [1, 0]
    # Thailand's two formal participants, not the headcount without an administration.
    assert frame["formal_participants"].tolist() == [2, 0]
    assert frame["coverage"].iloc[0] == 1.0
    assert np.isnan(frame["coverage"].iloc[1])
    by_subregion = needs_vs_delivery_by_subregion(sample(), 2021)
    assert by_subregion["subregion"].unique().tolist() == ["ASEAN", "Australasia/Oceania", "Far East"]
    far_east_rm = by_subregion[
        (by_subregion["subregion"] == "Far East") & (by_subregion["topic_code"] == "RM")
    ]
    assert far_east_rm[["administrations_asking", "asking_reached"]].values.tolist() == [[1, 0]]


def test_package_filter_keeps_that_packages_topics():
    frame = needs_vs_delivery(sample(), 2021, package="Revenue")
    assert frame["topic_code"].tolist() == ["VA"]


def test_administration_topic_breakdown():
    frame = administration_topics(sample(), 2021)
    assert_frame_equal(
        frame,
        expected(
            [
                {
                    "cycle_year": 2021,
                    "administration_code": code,
                    "administration_name": name,
                    "subregion": sub,
                    "topic_code": topic,
                    "topic_name": topic_name,
                    "priority": priority,
                    "officers": officers,
                    "formal_participants": formal,
                    "reached": formal > 0,
                }
                for code, name, sub, topic, topic_name, priority, officers, formal in [
                    ("FJ", "Fiji", "Australasia/Oceania", "RM", "Risk management", "low", 2, 0),
                    ("FJ", "Fiji", "Australasia/Oceania", "VA", "Customs valuation", "high", 5, 0),
                    ("JP", "Japan", "Far East", "RM", "Risk management", "medium", 4, 0),
                    ("JP", "Japan", "Far East", "VA", "Customs valuation", "high", 3, 0),
                    ("TH", "Thailand", "ASEAN", "RM", "Risk management", "high", 10, 2),
                ]
            ],
            ["cycle_year", "officers", "formal_participants"],
        ),
    )


def test_an_administration_reached_without_asking_shows_priority_none():
    data = sample(
        participation=[person(1, "TH", "formal participant")], need_items=[need("JP", "RM", "high", 1)]
    )
    frame = administration_topics(data, 2021)
    assert frame[["administration_code", "priority", "reached"]].values.tolist() == [
        ["JP", "high", False],
        ["TH", "none", True],
    ]
    assert needs_vs_delivery(data, 2021)["administrations_reached"].tolist() == [1, 0]
    assert needs_vs_delivery(data, 2021)["asking_reached"].tolist() == [0, 0]


def test_gap_list_names_who_asked_and_was_not_reached():
    gaps = gap_list(sample(), 2021)
    assert gaps[
        ["topic_code", "administration_code", "administration_name", "priority", "officers"]
    ].values.tolist() == [
        ["RM", "JP", "Japan", "medium", 4],
        ["RM", "FJ", "Fiji", "low", 2],
        ["VA", "FJ", "Fiji", "high", 5],
        ["VA", "JP", "Japan", "high", 3],
    ]


def test_plan_next_ranks_topics_by_unmet_need():
    plan = plan_next(sample(), 2021)
    assert_frame_equal(
        plan,
        expected(
            [
                {
                    "rank": 1,
                    "topic_code": "VA",
                    "topic_name": "Customs valuation",
                    "package": "Revenue",
                    "unmet_need": 6,
                    "administrations_to_invite": 2,
                    "officers_to_train": 8,
                    "invite": ["FJ", "JP"],
                },
                {
                    "rank": 2,
                    "topic_code": "RM",
                    "topic_name": "Risk management",
                    "package": "Compliance and Enforcement",
                    "unmet_need": 3,
                    "administrations_to_invite": 2,
                    "officers_to_train": 6,
                    "invite": ["JP", "FJ"],
                },
            ],
            ["rank", "unmet_need", "administrations_to_invite", "officers_to_train"],
        ),
    )
    assert plan_next(sample(), 2021, limit=1)["topic_code"].tolist() == ["VA"]


def test_year_over_year_trend():
    cycles = [{"year": 2021, "closes": date(2021, 6, 30)}, {"year": 2022, "closes": date(2022, 6, 30)}]
    trend = year_over_year(sample(cycles=cycles))
    assert_frame_equal(
        trend,
        expected(
            [
                {
                    "cycle_year": 2021,
                    "administrations_asking": 3,
                    "weighted_need": 12,
                    "officers_asked": 24,
                    "workshops_held": 1,
                    "formal_participants": 5,
                    "administrations_reached": 1,
                    "coverage": 0.2,
                },
                {
                    "cycle_year": 2022,
                    "administrations_asking": 0,
                    "weighted_need": 0,
                    "officers_asked": 0,
                    "workshops_held": 1,
                    "formal_participants": 1,
                    "administrations_reached": 1,
                    "coverage": np.nan,
                },
            ],
            [
                "cycle_year",
                "administrations_asking",
                "weighted_need",
                "officers_asked",
                "workshops_held",
                "formal_participants",
                "administrations_reached",
            ],
        ),
    )


def test_a_workshop_on_two_topics_counts_once_in_the_trend():
    topics = [{"workshop_id": 1, "topic_code": "RM"}, {"workshop_id": 1, "topic_code": "VA"}]
    data = sample(workshop_topics=topics)
    assert needs_vs_delivery(data, 2021)["formal_participants"].tolist() == [5, 5]
    assert year_over_year(data)[["workshops_held", "formal_participants"]].values.tolist() == [[1, 5]]


def test_participation_per_administration_per_year():
    frame = participation_by_year(sample())
    assert_frame_equal(
        frame,
        expected(
            [
                {
                    "year": 2021,
                    "administration_code": "FJ",
                    "administration_name": "Fiji",
                    "subregion": "Australasia/Oceania",
                    "formal_participants": 1,
                    "observers": 0,
                },
                {
                    "year": 2021,
                    "administration_code": "JP",
                    "administration_name": "Japan",
                    "subregion": "Far East",
                    "formal_participants": 0,
                    "observers": 1,
                },
                {
                    "year": 2021,
                    "administration_code": "TH",
                    "administration_name": "Thailand",
                    "subregion": "ASEAN",
                    "formal_participants": 2,
                    "observers": 0,
                },
                {
                    "year": 2022,
                    "administration_code": "FJ",
                    "administration_name": "Fiji",
                    "subregion": "Australasia/Oceania",
                    "formal_participants": 1,
                    "observers": 0,
                },
            ],
            ["year", "formal_participants", "observers"],
        ),
    )


def test_entity_growth_counts_accredited_entities_at_the_end_of_each_year():
    history = [
        {"entity_id": 1, "kind": "RTC", "status": "accredited", "changed_on": date(2020, 3, 1)},
        {"entity_id": 2, "kind": "RTC", "status": "candidate", "changed_on": date(2021, 5, 1)},
        {"entity_id": 2, "kind": "RTC", "status": "accredited", "changed_on": date(2022, 2, 10)},
        {"entity_id": 3, "kind": "RTC", "status": "accredited", "changed_on": date(2019, 1, 1)},
        {"entity_id": 3, "kind": "RTC", "status": "closed", "changed_on": date(2021, 12, 31)},
        {"entity_id": 4, "kind": "RILO", "status": "accredited", "changed_on": date(2020, 6, 1)},
        {"entity_id": 4, "kind": "RILO", "status": "suspended", "changed_on": date(2022, 3, 1)},
    ]
    growth = entity_growth(history, first_year=2020, last_year=2022)
    assert_frame_equal(
        growth,
        expected(
            [
                {"year": 2020, "kind": "RILO", "accredited": 1},
                {"year": 2020, "kind": "RTC", "accredited": 2},
                {"year": 2021, "kind": "RILO", "accredited": 1},
                {"year": 2021, "kind": "RTC", "accredited": 1},
                {"year": 2022, "kind": "RILO", "accredited": 0},
                {"year": 2022, "kind": "RTC", "accredited": 2},
            ],
            ["year", "accredited"],
        ),
    )
    assert entity_growth(history)["year"].unique().tolist() == [2019, 2020, 2021, 2022]


def test_empty_data_gives_empty_frames_not_errors():
    data = NeedsData.from_rows()
    assert needs_vs_delivery(data).empty
    assert gap_list(data).empty
    assert plan_next(data, 2021).empty
    assert year_over_year(data).empty
    assert participation_by_year(data).empty
    assert entity_growth([]).empty
    # A cycle without any answer still lists the taxonomy with zeros.
    frame = needs_vs_delivery(sample(need_items=[], participation=[], workshops=[]), 2021)
    assert frame["weighted_need"].tolist() == [0, 0]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="officers"):
        NeedsData.from_rows(
            need_items=[
                {"cycle_year": 2021, "administration_code": "TH", "topic_code": "RM", "priority": "high"}
            ]
        )
    with pytest.raises(ValueError, match="urgent"):
        NeedsData.from_rows(need_items=[need("TH", "RM", "urgent", 1)])
