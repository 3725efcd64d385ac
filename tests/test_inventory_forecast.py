"""Low stock, run-out forecast from planned events, material plans, outcome posting."""

from __future__ import annotations

import pytest

from outreach.inventory.forecast import low_stock, run_out_forecast
from outreach.inventory.items import ItemError, add_item
from outreach.inventory.ledger import StockError, balance, record_movement, reverse_movement
from outreach.inventory.outcomes import pending_outcomes, post_outcome, post_outcome_hook
from outreach.inventory.plans import list_plans, set_plan
from tests.inventory_fixtures import add_event


def test_low_stock_lists_items_at_or_below_their_level(db):
    posters = add_item(db, name="海报", kind="posters", unit="张", low_stock_level=10)
    flyers = add_item(db, name="传单", kind="flyers", unit="张", low_stock_level=100)
    record_movement(db, item_id=posters.id, kind="received", quantity=10, date="2026-03-01")
    record_movement(db, item_id=flyers.id, kind="received", quantity=500, date="2026-03-01")
    low = low_stock(db)
    assert [(s.item.name, s.status) for s in low] == [("海报", "low")]


def test_planned_events_give_a_run_out_date_and_a_reorder(db):
    posters = add_item(db, name="海报", kind="posters", unit="张", low_stock_level=4)
    record_movement(db, item_id=posters.id, kind="received", quantity=12, date="2026-03-01")
    past = add_event(db, "2026-03-10", status="done")
    record_movement(
        db, item_id=posters.id, kind="issued", quantity=2, date="2026-03-10", event_id=past
    )
    october = add_event(db, "2026-10-17", "十月活动")
    november = add_event(db, "2026-11-15", "十一月活动", status="postponed")
    december = add_event(db, "2026-12-12", "十二月活动")
    add_event(db, "2026-12-20", "已取消", status="cancelled")
    set_plan(db, october, posters.id, 5)
    set_plan(db, november, posters.id, 5)
    # December has no plan: the average use per past event (2) stands in.
    [forecast] = run_out_forecast(db, "2026-10-01")
    assert forecast.balance == 10
    assert [(u.event.title, u.quantity, u.from_plan) for u in forecast.uses] == [
        ("十月活动", 5, True),
        ("十一月活动", 5, True),
        ("十二月活动", 2, False),
    ]
    assert forecast.run_out_event.id == december
    assert forecast.run_out_date == "2026-12-12"
    assert forecast.below_level_event.id == november
    assert forecast.suggested_reorder == 12 + 4 - 10
    # Events before "today" are not planned use any more.
    assert run_out_forecast(db, "2026-11-01")[0].total_expected == 7


def test_plans_are_edited_and_zero_removes_them(db):
    item = add_item(db, name="传单", kind="flyers", unit="张")
    event = add_event(db, "2026-10-17")
    set_plan(db, event, item.id, 200)
    set_plan(db, event, item.id, 250)
    assert [p.expected_quantity for p in list_plans(db)] == [250]
    set_plan(db, event, item.id, 0)
    assert list_plans(db) == []
    with pytest.raises(ItemError):
        set_plan(db, "no-event", item.id, 5)
    with pytest.raises(ItemError):
        set_plan(db, event, item.id, -1)


def _outcome(db, event_id, **materials):
    db["event_outcomes"].insert(
        {
            "event_id": event_id,
            "residents_reached": 80,
            "consultations": 10,
            "notes": "",
            "recorded_at": "2026-03-15T12:00:00",
        },
        replace=True,
    )
    db.execute("DELETE FROM event_outcome_materials WHERE event_id = ?", [event_id])
    for material, quantity in materials.items():
        db["event_outcome_materials"].insert(
            {"event_id": event_id, "material": material, "quantity": quantity}
        )


def test_an_outcome_is_posted_once_and_a_correction_posts_the_difference(db):
    flyers = add_item(db, name="传单", kind="flyers", unit="张")
    record_movement(db, item_id=flyers.id, kind="received", quantity=500, date="2026-03-01")
    event = add_event(db, "2026-03-15", status="done")
    _outcome(db, event, flyers=180)
    post_outcome_hook(db, event, {"flyers": 180})
    post_outcome_hook(db, event, {"flyers": 180})  # again: nothing more
    assert balance(db, flyers.id) == 320
    assert pending_outcomes(db) == []
    _outcome(db, event, flyers=150)  # corrected down: 30 come back
    post_outcome_hook(db, event, {"flyers": -30})
    assert balance(db, flyers.id) == 350
    assert pending_outcomes(db) == []


def test_an_outcome_that_cannot_be_posted_stays_pending(db):
    first = add_item(db, name="传单甲", kind="flyers", unit="张")
    second = add_item(db, name="传单乙", kind="flyers", unit="张")
    record_movement(db, item_id=first.id, kind="received", quantity=100, date="2026-03-01")
    event = add_event(db, "2026-03-15", status="done")
    _outcome(db, event, flyers=180)
    post_outcome_hook(db, event, {"flyers": 180})  # two flyer items: the organiser chooses
    [pending] = pending_outcomes(db)
    assert pending.to_post == 180
    with pytest.raises(StockError) as refused:
        post_outcome(db, event, "flyers", first.id)
    assert "100" in refused.value.message.render("en")
    record_movement(db, item_id=second.id, kind="received", quantity=300, date="2026-03-01")
    [movement] = post_outcome(db, event, "flyers", second.id)
    assert movement.kind == "issued" and movement.quantity == 180
    assert pending_outcomes(db) == []
    # Reversing the posted movement makes the outcome pending again.
    reverse_movement(db, movement.id, "记错物品")
    assert [p.to_post for p in pending_outcomes(db)] == [180]


def test_recording_an_outcome_through_the_events_concept_posts_it_once(db):
    """The real flow: the events concept's record_outcome calls the inventory hook inside its
    own transaction; a correction posts the difference; stock short leaves it pending."""
    from outreach.events.outcomes import Outcome, record_outcome
    from outreach.events.schedule import EventDraft, create_event

    flyers = add_item(db, name="传单", kind="flyers", unit="张")
    posters = add_item(db, name="海报", kind="posters", unit="张")
    record_movement(db, item_id=flyers.id, kind="received", quantity=400, date="2026-03-01")
    record_movement(db, item_id=posters.id, kind="received", quantity=3, date="2026-03-01")
    event = create_event(db, EventDraft(title="保险知识进社区·阳光社区", date="2026-03-15"))
    record_outcome(db, Outcome(event.id, 90, 12, materials={"flyers": 180, "posters": 5}))
    assert balance(db, flyers.id) == 220
    assert balance(db, posters.id) == 3  # 5 asked, 3 on hand: left pending, outcome kept
    [pending] = pending_outcomes(db)
    assert (pending.material, pending.to_post) == ("posters", 5)
    record_outcome(db, Outcome(event.id, 90, 12, materials={"flyers": 200, "posters": 2}))
    assert balance(db, flyers.id) == 200
    assert balance(db, posters.id) == 1
    assert pending_outcomes(db) == []
