"""Regressions found by the end-to-end QA pass of the outreach, stock and money parts: domain
refusals read in the organiser's language, with no internal codes in them."""

from __future__ import annotations

import pytest

from outreach.events.outcomes import Outcome, record_outcome
from outreach.events.schedule import (
    EventDraft,
    EventError,
    cancel_event,
    create_event,
    postpone_event,
)


def test_a_refusal_for_a_cancelled_event_names_its_status_in_the_language(db):
    event = create_event(db, EventDraft("活动", "2026-11-14"))
    cancel_event(db, event.id, "下雨")
    for attempt in (
        lambda: postpone_event(db, event.id, "2026-12-01"),
        lambda: cancel_event(db, event.id),
        lambda: record_outcome(db, Outcome(event.id, 10, 2)),
    ):
        with pytest.raises(EventError) as caught:
            attempt()
        (problem,) = caught.value.problems
        assert "已取消" in problem.render("zh_CN") and "cancelled" not in problem.render("zh_CN")
        assert "cancelled" in problem.render("en").lower()


def test_a_bad_outcome_count_is_named_as_the_organiser_sees_it(db):
    event = create_event(db, EventDraft("活动", "2026-11-14"))
    with pytest.raises(EventError) as caught:
        record_outcome(db, Outcome(event.id, -1, 2, materials={"flyers": -5}))
    texts = [p.render("zh_CN") for p in caught.value.problems]
    assert len(texts) == 2
    assert "覆盖居民" in texts[0] and "residents" not in texts[0]
    assert "传单" in texts[1] and "flyers" not in texts[1]
    assert "Residents reached" in caught.value.problems[0].render("en")
