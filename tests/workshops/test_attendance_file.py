"""Attendance reports as Zoom, Webex and Teams export them, and matching them to a roster (pure)."""

import pytest

from rocb.workshops.attendance_file import AttendanceFileError, RosterEntry, match, read_report
from rocb.workshops.rates import attendance_rates

ZOOM = (b"Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        b"Somchai Jaidee,somchai@customs.go.th,03/29/2027 10:00:12 AM,03/29/2027 11:00:00 AM,60,No\n"
        b"Somchai Jaidee,somchai@customs.go.th,03/29/2027 11:05:00 AM,03/29/2027 11:50:00 AM,45,No\n"
        b"Aiko (Aiko Tanaka),,03/29/2027 10:01:00 AM,03/29/2027 12:00:00 PM,119,Yes\n"
        b"iPhone 12,,03/29/2027 10:03:00 AM,03/29/2027 10:30:00 AM,27,Yes\n")
TEAMS = ("1. Summary\nMeeting title\tRisk management\nAttended participants\t2\n\n2. Participants\n"
         "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
         "Somchai Jaidee\t3/29/27, 10:00:12 AM\t3/29/27, 11:50:00 AM\t1h 50m\tsomchai@customs.go.th\t"
         "somchai@customs.go.th\tAttendee\n\n3. In-Meeting Activities\nName\tJoin Time\n").encode("utf-16")
ROSTER = [RosterEntry(1, "Somchai Jaidee", "somchai@customs.go.th"), RosterEntry(2, "Ms. Aiko TANAKA", None),
          RosterEntry(3, "Mele Tupou", "mele@customs.gov.to")]


def test_a_zoom_report_is_one_attendee_per_person_with_minutes_added():
    attendees = read_report("participants_8123.csv", ZOOM)
    assert [(a.name, a.email, a.minutes) for a in attendees] == [
        ("Somchai Jaidee", "somchai@customs.go.th", 105), ("Aiko (Aiko Tanaka)", "", 119), ("iPhone 12", "", 27)]


def test_a_teams_report_in_utf16_with_a_summary_block_is_read():
    (somchai,) = read_report("attendance.csv", TEAMS)
    assert (somchai.name, somchai.email, somchai.minutes) == ("Somchai Jaidee", "somchai@customs.go.th", 110)


def test_matching_by_email_then_by_name_and_the_rest_left_to_staff():
    found = match(read_report("z.csv", ZOOM), ROSTER)
    assert {pid: found.how[pid] for pid in found.matched} == {1: "e-mail", 2: "name"}
    assert [a.name for a in found.unmatched] == ["iPhone 12"]


def test_unknown_columns_name_what_was_expected():
    with pytest.raises(AttendanceFileError) as error:
        read_report("report.csv", b"Who,When\nSomchai,10:00\n")
    assert "The file's columns (Who, When) are not an attendance report" in str(error.value)
    assert "Name (Original Name)" in str(error.value) and "User Email" in str(error.value)
    with pytest.raises(AttendanceFileError, match="CSV"):
        read_report("report.xlsx", b"PK\x03\x04rest")


def test_rates_count_sessions_held_per_participant_and_per_administration():
    rates = attendance_rates([10, 11], [(1, 7), (2, 7), (3, 8)], {(1, 10), (1, 11), (2, 10), (3, 99)})
    assert str(rates.by_participant[1]) == "2/2 (100%)" and rates.by_participant[3].attended == 0
    assert rates.by_administration[7].percent == 75 and rates.by_administration[8].percent == 0
    assert rates.overall.percent == 50
