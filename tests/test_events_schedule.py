"""Outreach schedule: single events, the monthly series planner, postponement with history,
cancellation, and the preparation checklists with their T−N due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.events.checklists import (
    due_checklist_items,
    event_checklist,
    list_template,
    save_template,
    set_item_done,
)
from outreach.events.partners import Partner, list_partners, remove_partner, save_partner
from outreach.events.schedule import (
    EventDraft,
    EventError,
    SeriesPlan,
    cancel_event,
    create_event,
    event_history,
    get_event,
    list_events,
    nth_weekday,
    plan_series,
    postpone_event,
    save_series,
    upcoming_events,
    update_event,
)


@pytest.fixture
def communities(db):
    return [
        save_partner(db, Partner("", "community", name)).id
        for name in ("阳光社区", "东湖社区", "和平街道")
    ]


def test_create_event_generates_the_checklist_from_the_template(db, communities):
    event = create_event(db, EventDraft("保险进社区", "2026-11-14", community_id=communities[0]))
    assert event.community_name == "阳光社区" and event.status == "planned"
    items = event_checklist(db, event.id)
    by_title = {i.title: i.due_date for i in items}
    assert by_title["设计宣传资料（传单、展板）"] == "2026-10-31"  # T−14
    assert by_title["对参加人员进行一次简单的培训"] == "2026-11-07"  # T−7
    assert by_title["联系新闻部的干事"] == "2026-11-07"  # T−7
    assert by_title["制作相应的海报"] == "2026-11-09"  # T−5
    assert len(items) == len(list_template(db))


def test_bad_drafts_are_refused_with_every_problem_named(db):
    with pytest.raises(EventError) as caught:
        create_event(db, EventDraft("", "2026-02-30", "10:00", "25:00"))
    keys = [p.key for p in caught.value.problems]
    assert keys == ["events.error.title_missing", "events.error.bad_date", "events.error.bad_time"]
    with pytest.raises(EventError) as caught:
        create_event(db, EventDraft("x", "2026-02-03", "11:00", "10:00"))
    assert caught.value.problems[0].key == "events.error.end_before_start"
    assert list_events(db) == []


def test_nth_weekday():
    assert nth_weekday(2026, 11, 5, 2) == dt.date(2026, 11, 14)  # second Saturday
    assert nth_weekday(2026, 11, 0, 1) == dt.date(2026, 11, 2)  # first Monday
    assert nth_weekday(2026, 11, 0, -1) == dt.date(2026, 11, 30)  # last Monday
    assert nth_weekday(2026, 2, 0, 5) == dt.date(2026, 2, 23)  # no 5th Monday: the last


def test_series_rotates_communities_one_a_month_and_is_saved_only_after_review(db, communities):
    plan = SeriesPlan(
        "保险知识进社区", "2026-11", 6, weekday=5, week_of_month=2, community_ids=tuple(communities)
    )
    drafts = plan_series(db, plan)
    assert list_events(db) == []  # proposals only
    assert [d.date for d in drafts] == [
        "2026-11-14",
        "2026-12-12",
        "2027-01-09",
        "2027-02-13",
        "2027-03-13",
        "2027-04-10",
    ]
    assert [d.community_id for d in drafts] == communities * 2
    # The organisers adjust a proposal before saving.
    drafts[1] = EventDraft(**{**drafts[1].__dict__, "date": "2026-12-19"})
    saved = save_series(db, plan, drafts)
    assert [e.date for e in saved][:2] == ["2026-11-14", "2026-12-19"]
    assert len({e.series_id for e in saved}) == 1
    assert all(event_checklist(db, e.id) for e in saved)


def test_a_series_with_one_bad_row_saves_nothing(db, communities):
    plan = SeriesPlan("系列", "2026-11", 3, 5, 2, tuple(communities))
    drafts = plan_series(db, plan)
    drafts[2] = EventDraft(**{**drafts[2].__dict__, "start_time": "9点"})
    with pytest.raises(EventError) as caught:
        save_series(db, plan, drafts)
    assert "3" in caught.value.problems[0].render("en")
    assert list_events(db) == []


@settings(max_examples=40, deadline=None)
@given(
    year=st.integers(2024, 2030),
    month=st.integers(1, 12),
    months=st.integers(1, 24),
    weekday=st.integers(0, 6),
    week=st.sampled_from([1, 2, 3, 4, -1]),
)
def test_series_dates_fall_on_the_chosen_weekday_once_a_month(year, month, months, weekday, week):
    from outreach.storage import memory_programme

    programme = memory_programme()
    plan = SeriesPlan("s", f"{year}-{month:02d}", months, weekday, week, ("c",))
    days = [dt.date.fromisoformat(d.date) for d in plan_series(programme.db, plan)]
    programme.close()
    assert len(days) == months
    assert all(day.weekday() == weekday for day in days)
    assert len({(d.year, d.month) for d in days}) == months
    assert days == sorted(days)
    if week > 0:
        assert all((d.day - 1) // 7 + 1 == week for d in days)
    else:
        assert all((d + dt.timedelta(days=7)).month != d.month for d in days)


def test_postpone_keeps_history_and_moves_unfinished_checklist_items(db, communities):
    event = create_event(db, EventDraft("活动", "2026-11-14", community_id=communities[0]))
    first = event_checklist(db, event.id)[0]
    set_item_done(db, first.id, True)
    moved = postpone_event(db, event.id, "2026-11-21", reason="下雨")
    assert moved.status == "postponed" and moved.date == "2026-11-21"
    history = event_history(db, event.id)
    assert [h.action for h in history] == ["created", "postponed"]
    assert (history[1].old_date, history[1].new_date, history[1].reason) == (
        "2026-11-14",
        "2026-11-21",
        "下雨",
    )
    items = {i.id: i for i in event_checklist(db, event.id)}
    assert items[first.id].due_date == first.due_date  # done items keep their date
    assert all(
        i.due_date == (dt.date(2026, 11, 21) - dt.timedelta(days=i.days_before)).isoformat()
        for i in items.values()
        if not i.done
    )
    with pytest.raises(Exception, match="append-only"):
        db.execute("UPDATE event_history SET reason = 'x'")


def test_cancel_and_edit(db, communities):
    event = create_event(db, EventDraft("活动", "2026-11-14"))
    edited = update_event(
        db, event.id, EventDraft("活动（改）", "2026-11-15", community_id=communities[1])
    )
    assert edited.title == "活动（改）" and edited.community_name == "东湖社区"
    cancelled = cancel_event(db, event.id, "社区临时有事")
    assert cancelled.status == "cancelled"
    with pytest.raises(EventError):
        postpone_event(db, event.id, "2026-12-01")
    assert [h.action for h in event_history(db, event.id)] == ["created", "edited", "cancelled"]
    assert upcoming_events(db, "2026-01-01") == []


def test_upcoming_and_due_items_across_events(db):
    soon = create_event(db, EventDraft("近期活动", "2026-11-14"))
    later = create_event(db, EventDraft("远期活动", "2027-03-14"))
    create_event(db, EventDraft("过去活动", "2026-10-01"))
    assert [e.id for e in upcoming_events(db, dt.date(2026, 11, 1), limit=5)] == [soon.id, later.id]
    due = due_checklist_items(db, dt.date(2026, 11, 1))
    assert {d.event_id for d in due} <= {soon.id, get_event(db, list_events(db)[0].id).id}
    soon_items = [d for d in due if d.event_id == soon.id]
    # T−14 (10-31) is overdue, T−10 (11-04) and T−7 (11-07) due within a week, T−5 is not.
    assert [(d.title, d.overdue) for d in soon_items][:1] == [("设计宣传资料（传单、展板）", True)]
    assert {d.due_date for d in soon_items} == {"2026-10-31", "2026-11-04", "2026-11-07"}
    assert not any(d.event_id == later.id for d in due)
    for item in soon_items:
        set_item_done(db, item.item_id, True)
    assert not any(d.event_id == soon.id for d in due_checklist_items(db, dt.date(2026, 11, 1)))


def test_template_is_editable_and_applies_to_new_events(db):
    save_template(db, [("设计宣传资料", 14), ("  ", 3), ("活动总结", -2)])
    assert [(t.title, t.days_before) for t in list_template(db)] == [
        ("设计宣传资料", 14),
        ("活动总结", -2),
    ]
    event = create_event(db, EventDraft("活动", "2026-11-14"))
    assert [i.due_date for i in event_checklist(db, event.id)] == ["2026-10-31", "2026-11-16"]


def test_partners_in_use_cannot_be_removed(db, communities):
    create_event(db, EventDraft("活动", "2026-11-14", community_id=communities[0]))
    with pytest.raises(EventError):
        remove_partner(db, communities[0])
    remove_partner(db, communities[2])
    assert [p.name for p in list_partners(db)] == ["东湖社区", "阳光社区"]
