"""Volunteers: booking with roles, clashes named, hours tallied, members as candidates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.events.outcomes import Outcome, get_outcome, record_outcome, register_outcome_hook
from outreach.events.schedule import EventDraft, EventError, cancel_event, create_event
from outreach.events.volunteers import (
    add_volunteer,
    assign,
    candidates,
    clashes_if_assigned,
    event_assignments,
    find_clashes,
    list_volunteers,
    remove_volunteer,
    volunteer_hours,
)


def test_a_person_at_two_overlapping_events_is_flagged_with_the_clash_named(db):
    morning = create_event(db, EventDraft("阳光社区宣传", "2026-11-14", "09:00", "11:30"))
    overlap = create_event(db, EventDraft("东湖社区宣传", "2026-11-14", "11:00", "12:00"))
    afternoon = create_event(db, EventDraft("和平街道宣传", "2026-11-14", "11:30", "13:00"))
    zhang = add_volunteer(db, name="张芳", phone="13800000000")
    li = add_volunteer(db, name="李明")
    _, clashes = assign(db, morning.id, zhang.id, "leader")
    assert clashes == []
    assert clashes_if_assigned(db, overlap.id, zhang.id) == ["阳光社区宣传 2026-11-14 09:00–11:30"]
    _, clashes = assign(db, overlap.id, zhang.id, "flyers")
    assert [(c.name, c.event_title, c.other_event_title) for c in clashes] == [
        ("张芳", "阳光社区宣传", "东湖社区宣传")
    ] or [(c.name, c.other_event_title, c.event_title) for c in clashes] == [
        ("张芳", "阳光社区宣传", "东湖社区宣传")
    ]
    # Back-to-back is not a clash; another person is not affected.
    _, clashes = assign(db, afternoon.id, li.id, "photos")
    assign(db, morning.id, li.id, "photos")
    assert clashes == []
    assert [c.name for c in find_clashes(db)] == ["张芳"]
    cancel_event(db, overlap.id)
    assert find_clashes(db) == []


def test_rebooking_changes_the_role_and_roles_are_checked(db):
    event = create_event(db, EventDraft("活动", "2026-11-14"))
    person = add_volunteer(db, name="王强")
    assign(db, event.id, person.id, "flyers")
    assign(db, event.id, person.id, "cleanup")
    assert [(a.name, a.role) for a in event_assignments(db, event.id)] == [("王强", "cleanup")]
    with pytest.raises(EventError):
        assign(db, event.id, person.id, "singer")
    with pytest.raises(EventError):
        remove_volunteer(db, person.id)


def test_hours_count_only_events_that_took_place(db):
    done = create_event(db, EventDraft("已办", "2026-10-10", "09:00", "11:30"))
    done2 = create_event(db, EventDraft("已办2", "2026-11-14", "14:00", "16:00"))
    planned = create_event(db, EventDraft("计划", "2026-12-12", "09:00", "11:30"))
    zhang = add_volunteer(db, name="张芳")
    li = add_volunteer(db, name="李明")
    nobody = add_volunteer(db, name="赵六")
    assign(db, done.id, zhang.id, "leader")
    assign(db, done2.id, zhang.id, "leader", hours=3)
    assign(db, planned.id, zhang.id, "leader")
    assign(db, done.id, li.id, "flyers")
    for event in (done, done2):
        record_outcome(db, Outcome(event.id, 100, 20))
    hours = {h.name: (h.hours, h.events) for h in volunteer_hours(db)}
    assert hours == {"张芳": (5.5, 2), "李明": (2.5, 1), "赵六": (0, 0)}
    assert volunteer_hours(db)[0].person_id == zhang.id
    assert nobody.member_id is None


def test_members_become_volunteers_with_their_roster_details(demo_db):
    db = demo_db
    before = len(list_volunteers(db))
    pool = candidates(db)
    assert pool and all(c.member_id for c in pool)
    # The demo's volunteers were taken from the exam's finalists first.
    from outreach.events.volunteers import finalist_member_ids

    finalists = finalist_member_ids(db)
    members = [v for v in list_volunteers(db) if v.member_id]
    assert finalists and all(v.member_id in finalists for v in members)
    flags = [c.finalist for c in pool]
    assert flags == sorted(flags, reverse=True)  # finalists listed first
    member = pool[0]
    volunteer = add_volunteer(db, member_id=member.member_id)
    assert volunteer.name == member.name and volunteer.member_id == member.member_id
    assert len(list_volunteers(db)) == before + 1
    assert member.member_id not in {c.member_id for c in candidates(db)}
    # Adding the same member twice gives the same volunteer.
    assert add_volunteer(db, member_id=member.member_id).id == volunteer.id
    with pytest.raises(EventError):
        add_volunteer(db, member_id="no-such-member")
    with pytest.raises(EventError):
        add_volunteer(db, name="  ")


def test_outcome_marks_done_keeps_materials_and_tells_the_hooks_the_change(db):
    event = create_event(db, EventDraft("活动", "2026-11-14"))
    from outreach.events import outcomes

    seen = []

    def hook(_db, event_id, change):
        seen.append((event_id, dict(change)))

    register_outcome_hook(hook)
    try:
        record_outcome(db, Outcome(event.id, 120, 30, "好", {"flyers": 200, "posters": 4}))
        assert get_outcome(db, event.id).materials == {"flyers": 200, "posters": 4}
        assert db.execute("SELECT status FROM events").fetchone()[0] == "done"
        record_outcome(db, Outcome(event.id, 120, 30, "好", {"flyers": 250, "posters": 4}))
    finally:
        outcomes._hooks.remove(hook)
    assert seen[-2:] == [(event.id, {"flyers": 200, "posters": 4}), (event.id, {"flyers": 50})]
    with pytest.raises(EventError):
        record_outcome(db, Outcome(event.id, -1, 30))
    assert get_outcome(db, event.id).residents_reached == 120


def test_a_failing_hook_rolls_the_outcome_back(db):
    from outreach.events import outcomes

    event = create_event(db, EventDraft("活动", "2026-11-14"))

    def refuse(_db, _event_id, _change):
        raise RuntimeError("stock would go below zero")

    outcomes.register_outcome_hook(refuse)
    try:
        with pytest.raises(RuntimeError):
            record_outcome(db, Outcome(event.id, 10, 1, materials={"flyers": 5}))
    finally:
        outcomes._hooks.remove(refuse)
    assert get_outcome(db, event.id) is None
    assert db.execute("SELECT status FROM events").fetchone()[0] == "planned"


@settings(max_examples=30, deadline=None)
@given(
    slots=st.lists(
        st.tuples(st.integers(0, 2), st.integers(8, 18), st.integers(1, 4), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_clashes_are_exactly_the_overlapping_pairs(slots):
    """Against a brute-force check: same day, times overlap, neither cancelled."""
    from outreach.storage import memory_programme

    programme = memory_programme()
    db = programme.db
    person = add_volunteer(db, name="张芳")
    booked = []
    for number, (day, start, length, cancelled) in enumerate(slots):
        end = min(start + length, 23)
        event = create_event(
            db, EventDraft(f"活动{number}", f"2026-11-1{day}", f"{start:02d}:00", f"{end:02d}:00")
        )
        assign(db, event.id, person.id, "flyers")
        if cancelled:
            cancel_event(db, event.id)
        booked.append((event.id, day, start, end, cancelled))
    expected = {
        frozenset((a[0], b[0]))
        for i, a in enumerate(booked)
        for b in booked[i + 1 :]
        if a[1] == b[1] and a[2] < b[3] and b[2] < a[3] and not a[4] and not b[4]
    }
    found = {frozenset((c.event_id, c.other_event_id)) for c in find_clashes(db)}
    programme.close()
    assert found == expected


@pytest.mark.parametrize("hours", [0, 0.0, -1, -0.5, 24.5, True, float("nan")])
def test_a_booking_with_no_or_impossible_hours_is_refused_naming_the_field(db, hours):
    event = create_event(db, EventDraft("活动", "2026-11-14", "09:00", "12:00"))
    zhang = add_volunteer(db, name="张芳")
    with pytest.raises(EventError) as caught:
        assign(db, event.id, zhang.id, "leader", hours=hours)
    (problem,) = caught.value.problems
    chinese, english = problem.render("zh_CN"), problem.render("en")
    assert "时长（小时）" in chinese and "张芳" in chinese
    assert '"Hours" for 张芳' in english and "more than 0" in english
    assert event_assignments(db, event.id) == []
    # An existing booking keeps its hours when a change is refused.
    assign(db, event.id, zhang.id, "leader", hours=2.5)
    with pytest.raises(EventError):
        assign(db, event.id, zhang.id, "photos", hours=hours)
    [(role, kept)] = [(a.role, a.hours) for a in event_assignments(db, event.id)]
    assert (role, kept) == ("leader", 2.5)


def test_a_booking_takes_hours_up_to_a_day_or_the_events_length(db):
    event = create_event(db, EventDraft("活动", "2026-11-14", "09:00", "12:00"))
    people = [add_volunteer(db, name=name) for name in ("甲", "乙", "丙")]
    for person, hours in zip(people, (None, 0.5, 24), strict=True):
        assign(db, event.id, person.id, "flyers", hours=hours)
    assert sorted(a.hours or 0 for a in event_assignments(db, event.id)) == [0, 0.5, 24]


def test_hours_read_as_people_write_them():
    from outreach.events.volunteers import format_hours, hours_number

    assert [format_hours(h) for h in (3.0, 3, 3.5, 2.25, 7 / 3, 0, 0.0, None, 1e6)] == [
        "3",
        "3",
        "3.5",
        "2.25",
        "2.33",
        "0",
        "0",
        "",
        "1000000",
    ]
    assert hours_number(3.0) == 3 and isinstance(hours_number(3.0), int)
    assert hours_number(5.5) == 5.5 and isinstance(hours_number(5.5), float)
