"""The Interview service: every change saved, rolled back when the save fails,
and a clock left running by a crash stopped at the last save."""

from datetime import timedelta

import pytest
from conftest import plan_shipped

from tui_interview.domain.interview import Interview, NotSaved, Unstored


def planned(clock):
    return plan_shipped(clock(), 2, session_id="dom-1")


def test_every_change_is_saved_and_a_failed_save_changes_nothing(clock):
    saved = []
    interview = Interview(Unstored(planned(clock), saved.append), now=clock)
    interview.start()
    interview.record_note("first")
    assert len(saved) == 2 and saved[-1].notes[0].text == "first"

    def full_disk(session):
        raise OSError("disk full")

    interview._file = Unstored(interview.session, full_disk)
    with pytest.raises(NotSaved, match="disk full") as raised:
        interview.record_note("second")
    assert isinstance(raised.value.__cause__, OSError)
    assert interview.not_saved == "disk full"
    assert [n.text for n in interview.session.notes] == ["first"]


def test_every_change_records_its_save_time_from_the_injected_clock(clock):
    saved = []
    session = planned(clock)
    assert session.saved_at == clock()
    interview = Interview(Unstored(session, lambda s: saved.append(s.saved_at)), now=clock)
    interview.start()
    clock.advance(90)
    interview.record_note("first")
    clock.advance(15)
    interview.save_draft("seco")
    assert saved == [clock() - timedelta(seconds=105), clock() - timedelta(seconds=15), clock()]
    assert interview.session.saved_at == clock()


def test_a_failed_save_keeps_the_earlier_save_time(clock):
    interview = Interview(Unstored(planned(clock)), now=clock)
    interview.start()
    started = clock()

    def full_disk(session):
        raise OSError("disk full")

    interview._file = Unstored(interview.session, full_disk)
    clock.advance(60)
    with pytest.raises(NotSaved, match="disk full"):
        interview.record_note("lost")
    assert interview.session.saved_at == started


def test_clock_left_running_stops_at_the_last_save(clock):
    interview = Interview(Unstored(planned(clock)), now=clock)
    interview.start()
    clock.advance(300)
    interview.record_note("the last save")
    clock.advance(8 * 3600)
    assert interview.stop_clock_left_running() == 300
    assert interview.session.elapsed(clock()) == 300
    assert interview.stop_clock_left_running() is None


def test_a_last_save_before_the_clock_started_counts_nothing(clock):
    interview = Interview(Unstored(planned(clock)), now=clock)
    interview.start()
    interview.session.saved_at = clock() - timedelta(hours=1)  # e.g. another machine's clock
    clock.advance(3600)
    assert interview.stop_clock_left_running() == 0
    assert interview.session.elapsed(clock.advance(60)) == 0


# -- planning and storing a new interview ---------------------------------------


def shipped_choice(level=2):
    from conftest import CONTENT_DIR, SMP

    from tui_interview.content.loader import load_file
    from tui_interview.domain.planning import CompetencyChoice

    competency, _ = load_file(CONTENT_DIR / f"{SMP}.yaml")
    return CompetencyChoice(competency, level)


def plan_form(**changes):
    form = {
        "candidate": "  Ada Lovelace ",
        "role": "Service Manager",
        "interviewer": "Grace",
        "choices": [shipped_choice()],
    }
    return {**form, **changes}


def test_plan_and_store_stores_the_planned_session_under_a_new_id(tmp_path, clock):
    from tui_interview.domain.planning import plan_and_store
    from tui_interview.storage import SessionStore

    store = SessionStore(tmp_path, now=clock)
    session = plan_and_store(store, now=clock(), time_budget_minutes=45, **plan_form())
    stored = store.load(session.id)
    assert stored.candidate == "Ada Lovelace"
    assert stored.time_budget_minutes == 45
    assert stored.plan == session.plan and len(stored.plan) == 2
    assert [s.id for s in store.list_summaries()] == [session.id]


def test_plan_and_store_stores_nothing_when_the_form_has_mistakes(tmp_path, clock):
    from tui_interview.domain.planning import PlanError, plan_and_store
    from tui_interview.storage import SessionStore

    store = SessionStore(tmp_path, now=clock)
    with pytest.raises(PlanError) as plan_error:
        plan_and_store(
            store, now=clock(), form_errors={"budget": "not a number"}, **plan_form(candidate=" ")
        )
    assert plan_error.value.errors == {
        "candidate": "The candidate's name is required.",
        "budget": "not a number",
    }
    # A form that plans well is still not stored while the caller found a mistake.
    with pytest.raises(PlanError) as form_error:
        plan_and_store(store, now=clock(), form_errors={"budget": "not a number"}, **plan_form())
    assert form_error.value.errors == {"budget": "not a number"}
    assert store.list_summaries() == []


def test_plan_and_store_passes_on_the_store_refusal(clock):
    from tui_interview.domain.planning import plan_and_store

    class FullDisk:
        def new_id(self):
            return "abc234"

        def create(self, session):
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        plan_and_store(FullDisk(), now=clock(), **plan_form())


def test_the_saved_draft_is_the_sessions_and_clears_only_with_a_saved_note(clock):
    saved = []
    interview = Interview(Unstored(planned(clock), lambda s: saved.append(s.draft)), now=clock)
    interview.start()
    interview.save_draft("half a no")
    interview.save_draft("half a no")  # unchanged: not saved again
    assert saved == ["", "half a no"]

    def full_disk(session):
        raise OSError("disk full")

    interview._file = Unstored(interview.session, full_disk)
    with pytest.raises(NotSaved, match="disk full"):
        interview.record_note("half a note")
    assert interview.session.draft == "half a no"
    interview._file = Unstored(interview.session, lambda s: saved.append(s.draft))
    interview.record_note("half a note")
    assert interview.session.draft == "" and saved[-1] == ""
