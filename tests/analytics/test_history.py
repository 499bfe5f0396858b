"""Frames over the years on empty input: a record with nothing to count gives an empty table with the
documented columns and dtypes (what the page's data tables and CSV downloads show), never an error."""

from datetime import date

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from rocb.analytics.frames import (
    NEED_ITEM_COLUMNS,
    PARTICIPATION_COLUMNS,
    WORKSHOP_COLUMNS,
    WORKSHOP_TOPIC_COLUMNS,
    NeedsData,
)
from rocb.analytics.history import (
    ENTITY_GROWTH_DTYPES,
    PARTICIPATION_BY_YEAR_DTYPES,
    TREND_DTYPES,
    entity_growth,
    participation_by_year,
    year_over_year,
)
from tests.analytics.test_frames import ADMINISTRATIONS, person, sample


def empty(dtypes: dict) -> pd.DataFrame:
    return pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in dtypes.items()})


def no_rows(columns) -> pd.DataFrame:
    """What the database gives for a table without rows: object columns."""
    return pd.DataFrame([], columns=list(columns))


# Records as the services read them from an empty or young database.
EMPTY_RECORDS = {
    "nothing at all": lambda: NeedsData.from_rows(),
    "database without rows": lambda: NeedsData.from_rows(
        need_items=no_rows(NEED_ITEM_COLUMNS),
        administrations=pd.DataFrame(ADMINISTRATIONS).astype(object),
        workshops=no_rows(WORKSHOP_COLUMNS),
        workshop_topics=no_rows(WORKSHOP_TOPIC_COLUMNS),
        participation=no_rows(PARTICIPATION_COLUMNS),
    ),
    "held workshops, nobody attended": lambda: sample(participation=no_rows(PARTICIPATION_COLUMNS)),
    "only organizations and experts": lambda: sample(
        participation=[person(1, None, "formal participant", 4), person(1, "TH", "expert")]
    ),
    "no workshop held": lambda: sample(workshops=[], workshop_topics=[]),
}


@pytest.mark.parametrize("record", EMPTY_RECORDS.values(), ids=EMPTY_RECORDS.keys())
def test_participation_with_nobody_to_count_is_an_empty_table(record):
    assert_frame_equal(participation_by_year(record()), empty(PARTICIPATION_BY_YEAR_DTYPES))


def test_participation_of_a_subregion_that_sent_nobody_is_an_empty_table():
    assert_frame_equal(participation_by_year(sample(), subregion="South Asia"), empty(PARTICIPATION_BY_YEAR_DTYPES))


def test_participation_keeps_its_dtypes_when_the_database_gives_object_columns():
    frame = participation_by_year(sample(administrations=pd.DataFrame(ADMINISTRATIONS).astype(object)))
    assert frame.dtypes.astype(str).to_dict() == {
        column: str(pd.Series(dtype=dtype).dtype) for column, dtype in PARTICIPATION_BY_YEAR_DTYPES.items()
    }
    assert frame["administration_name"].tolist() == ["Fiji", "Japan", "Thailand", "Fiji"]


@pytest.mark.parametrize("record", [EMPTY_RECORDS["nothing at all"], EMPTY_RECORDS["database without rows"]])
def test_trend_without_a_survey_cycle_is_an_empty_table(record):
    assert_frame_equal(year_over_year(record()), empty(TREND_DTYPES))


def test_trend_of_a_cycle_without_answers_or_workshops_is_a_row_of_zeros():
    data = NeedsData.from_rows(
        need_items=no_rows(NEED_ITEM_COLUMNS),
        workshops=no_rows(WORKSHOP_COLUMNS),
        participation=no_rows(PARTICIPATION_COLUMNS),
        cycles=[{"year": 2021, "closes": date(2021, 6, 30)}],
    )
    expected = empty(TREND_DTYPES)
    expected.loc[0] = [2021, 0, 0, 0, 0, 0, 0, float("nan")]
    assert_frame_equal(year_over_year(data), expected.astype(TREND_DTYPES))


def test_entity_growth_without_history_is_an_empty_table():
    assert_frame_equal(entity_growth([]), empty(ENTITY_GROWTH_DTYPES))
    assert_frame_equal(entity_growth(no_rows(["entity_id", "kind", "status", "changed_on"])),
                       empty(ENTITY_GROWTH_DTYPES))
