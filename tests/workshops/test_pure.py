"""The pure parts: newsletter dates, the summary sentence, wall-clock times in zones, roster checking."""

from datetime import date, datetime

import pytest

from rocb.workshops.report import ActivityEntry, Funding, date_range, mode_and_host, period_totals
from rocb.workshops.report_text import to_csv, to_markdown
from rocb.workshops.roster import Directory, RosterFileError, check_rows, read_table
from rocb.workshops.summary import HeadcountFact, ParticipantFact, compute_figures, gender_sentence, summary_sentence
from rocb.workshops.times import SessionTimeError, instant, timed_session, whole_day_session

TODAY = date(2024, 1, 1)


@pytest.mark.parametrize("first, last, text", [
    (date(2021, 1, 12), date(2021, 1, 15), "12-15 January 2021"),
    (date(2021, 1, 26), date(2021, 1, 26), "26 January 2021"),
    (date(2021, 3, 30), date(2021, 4, 1), "30 March-1 April 2021"),
    (date(2021, 12, 30), date(2022, 1, 2), "30 December 2021-2 January 2022"),
])
def test_dates_are_written_as_the_newsletter_writes_them(first, last, text):
    assert date_range(first, last) == text


def test_mode_and_host_reads_like_the_newsletter():
    assert mode_and_host("online", "regional workshop", "WCO") == "Online Workshop hosted by WCO"
    assert mode_and_host("physical", "stakeholder meeting", "Royal Thai Customs", "Bangkok, Thailand") == \
        "Meeting hosted by Royal Thai Customs, Bangkok, Thailand"


def test_summary_sentence_from_headcounts():
    figures = compute_figures([], [HeadcountFact("formal participant", 38, None, 25), HeadcountFact("observer", 37)])
    assert summary_sentence(figures) == \
        "attended by 38 formal participants and 37 observers from 25 member administrations"


def test_summary_sentence_counts_only_named_participants_who_attended():
    people = [ParticipantFact("formal participant", True, 1, "female"), ParticipantFact("formal participant", True, 2),
              ParticipantFact("observer", False, 3), ParticipantFact("guest speaker", True, None, "male")]
    figures = compute_figures(people, [])
    assert summary_sentence(figures) == \
        "attended by 2 formal participants from 2 member administrations, with 1 guest speaker"
    assert gender_sentence(figures) == "of the 3 named participants: 1 female, 1 male, 1 not given"


def test_a_record_with_only_a_number_of_administrations():
    assert summary_sentence(compute_figures([], [], 21)) == "attended by 21 member administrations"
    assert summary_sentence(compute_figures([], [])) is None


def test_a_wall_time_in_a_dst_gap_is_refused_with_a_clear_message():
    with pytest.raises(SessionTimeError, match="does not exist in Europe/Brussels"):
        timed_session(datetime(2021, 3, 28, 2, 30), datetime(2021, 3, 28, 4, 0), "Europe/Brussels", TODAY)


def test_an_ambiguous_wall_time_is_its_first_occurrence():
    # 31 October 2021, 02:30 happens twice in Brussels; fold=0 is the earlier, still on summer time (UTC+2).
    assert instant(datetime(2021, 10, 31, 2, 30), "Europe/Brussels") == datetime(2021, 10, 31, 0, 30, tzinfo=instant(
        datetime(2021, 1, 1), "UTC").tzinfo)


def test_half_hour_zones_and_whole_days():
    times = timed_session(datetime(2021, 3, 29, 10, 0), datetime(2021, 3, 29, 12, 0), "Asia/Tehran", TODAY)
    assert times.start_utc.strftime("%H:%M") == "05:30"
    day = whole_day_session(date(2021, 1, 26), "Asia/Bangkok", TODAY)
    assert (day.local_start, day.local_end) == (datetime(2021, 1, 26), datetime(2021, 1, 27))
    assert day.start_utc.strftime("%Y-%m-%d %H:%M") == "2021-01-25 17:00"


@pytest.mark.parametrize("start, end, message", [
    (datetime(2021, 1, 1, 12), datetime(2021, 1, 1, 10), "end after it starts"),
    (datetime(1890, 1, 1, 12), datetime(1890, 1, 1, 13), "must fall between"),
    (datetime(2021, 1, 1, 9), datetime(2021, 1, 3, 9), "one session per day"),
])
def test_impossible_sessions_are_refused(start, end, message):
    with pytest.raises(SessionTimeError, match=message):
        timed_session(start, end, "Asia/Bangkok", TODAY)


DIRECTORY = Directory({"TH": 1, "JP": 2}, {"Thailand": "TH", "Japan": "JP"}, {"OECD": 9})


def test_roster_errors_are_named_by_row_and_column_with_the_closest_administration():
    rows = read_table("r.csv", b"name,email,administration,role\nA,a@x.org,TH,observer\n"
                               b"B,not-an-email,Thialand,boss\nC,a@x.org,Japan,observer\n")
    good, errors = check_rows(rows, DIRECTORY)
    assert [r.email for r in good] == ["a@x.org"]
    assert [(e.row, e.column) for e in errors] == [(3, "email"), (3, "administration"), (3, "role"), (4, "email")]
    assert "did you mean Thailand (TH)?" in errors[1].message


@pytest.mark.parametrize("name, data, message", [
    ("r.csv", b"", "empty"),
    ("r.csv", b"name,mail,administration,role\n", "missing column(s): email"),
    ("r.pdf", b"%PDF-1.4", "Upload a CSV"),
    ("r.xlsx", b"not a workbook", "not a valid .xlsx"),
    ("r.csv", b"name,email,administration,role\n", "no participants"),
])
def test_bad_roster_files_get_a_clear_message(name, data, message):
    with pytest.raises(RosterFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_rows(read_table(name, data), DIRECTORY)


def test_report_markdown_and_csv_keep_date_order():
    late = ActivityEntry("B", date(2021, 3, 30), date(2021, 4, 1), "online", "regional workshop", "held", "ROCB A/P")
    early = ActivityEntry("A", date(2021, 1, 12), date(2021, 1, 15), "online", "regional workshop", "held", "WCO",
                          funds=[Funding("CCF/China", "China Customs Cooperation Fund")],
                          summary="attended by 3 observers")
    md = to_markdown([late, early], [], period_totals([late, early], []), date(2021, 1, 1), date(2021, 3, 31))
    assert md.index("## A") < md.index("## B")
    assert "*12-15 January 2021, Online Workshop hosted by WCO*" in md
    assert "The workshop was held under the sponsorship of the China Customs Cooperation Fund (CCF/China). " \
           "The workshop was attended by 3 observers." in md
    assert to_csv([late, early]).splitlines()[1].startswith("2021-01-12,2021-01-15,12-15 January 2021,A")
