"""The session list's cells, worked out once (``storage.cells``) and shown by
the home screen and by ``tui-interview sessions``."""

from datetime import datetime, timedelta, timezone

from tui_interview.domain.vocabulary import Status
from tui_interview.screens.home_listing import summary_row
from tui_interview.storage.cells import session_cells
from tui_interview.storage.commands import format_table
from tui_interview.storage.store import PROBLEM_DAMAGED
from tui_interview.storage.summaries import SessionSummary

ZONE = timezone(timedelta(hours=1))
CREATED = datetime(2026, 11, 25, 16, 0, tzinfo=ZONE)
STARTED = datetime(2026, 11, 26, 14, 5, tzinfo=ZONE)


def summary(**changes) -> SessionSummary:
    fields = {
        "id": "abc234",
        "candidate": "Ada\x1b[31m Lovelace",
        "role": "Service Manager",
        "interviewer": "Grace",
        "competencies": (("incident-management", 2), ("problem-management", 3)),
        "status": Status.IN_PROGRESS,
        "created_at": CREATED,
        "started_at": STARTED,
        "finished_at": None,
        "note_count": 7,
        "questions_total": 8,
        "questions_covered": 3,
        "updated_at": STARTED,
    }
    return SessionSummary(**{**fields, **changes})


def test_the_cells_of_a_started_session():
    cells = session_cells(summary())
    assert cells.competencies == "incident-management L2, problem-management L3"
    assert (cells.status, cells.problem) == ("in progress", None)
    assert cells.date == "2026-11-26"
    assert cells.started == "2026-11-26 14:05 +01:00"
    assert (cells.done, cells.notes) == ("3/8", "7")
    assert cells.candidate == "Ada\x1b[31m Lovelace"  # as stored: surfaces neutralise it


def test_a_session_not_started_is_dated_by_its_planning():
    cells = session_cells(summary(started_at=None, status=Status.PLANNED))
    assert (cells.date, cells.started, cells.status) == ("2026-11-25", "not started", "planned")


def test_a_damaged_entry_has_its_problem_and_no_known_status():
    cells = session_cells(summary(status=None, created_at=None, problem=PROBLEM_DAMAGED))
    assert (cells.status, cells.problem, cells.date) == ("", "damaged", "2026-11-26")


def test_home_and_cli_show_the_same_cells_neutralised():
    row = summary_row(summary())
    line = format_table([summary()]).splitlines()[1]
    for shown in (row["Candidate"], row["Competencies"], row["Status"], row["Id"]):
        assert shown in line
    assert row["Candidate"] == "Ada^[[31m Lovelace"
    assert row["Date"] == "2026-11-26" and "2026-11-26 14:05 +01:00" in line
    damaged = summary(problem=PROBLEM_DAMAGED)
    assert summary_row(damaged)["Status"] == "⚠ damaged"
    assert "(damaged)" in format_table([damaged])
