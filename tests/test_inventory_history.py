"""Chart series: stock over time and hand-outs per event."""

from __future__ import annotations

from outreach.inventory.history import handed_out_per_event, stock_over_time
from outreach.inventory.items import add_item
from outreach.inventory.ledger import record_movement, reverse_movement
from tests.inventory_fixtures import add_event


def test_stock_over_time_and_flyers_per_event(db):
    flyers = add_item(db, name="传单", kind="flyers", unit="张")
    posters = add_item(db, name="海报", kind="posters", unit="张")
    march = add_event(db, "2026-03-15", "三月", status="done")
    april = add_event(db, "2026-04-12", "四月", status="done")
    record_movement(db, item_id=flyers.id, kind="received", quantity=500, date="2026-03-01")
    record_movement(db, item_id=posters.id, kind="received", quantity=9, date="2026-03-01")
    record_movement(
        db, item_id=flyers.id, kind="issued", quantity=200, date="2026-03-15", event_id=march
    )
    record_movement(
        db, item_id=flyers.id, kind="returned", quantity=20, date="2026-03-15", event_id=march
    )
    wrong = record_movement(
        db, item_id=flyers.id, kind="issued", quantity=90, date="2026-04-12", event_id=april
    )
    reverse_movement(db, wrong.id, "记错活动", date="2026-04-13")
    record_movement(
        db, item_id=flyers.id, kind="issued", quantity=150, date="2026-04-12", event_id=april
    )
    record_movement(
        db, item_id=posters.id, kind="issued", quantity=4, date="2026-04-12", event_id=april
    )
    assert stock_over_time(db, flyers.id) == [
        ("2026-03-01", 500),
        ("2026-03-15", 320),
        ("2026-04-12", 80),
        ("2026-04-13", 170),
    ]
    assert [(h.title, h.quantity) for h in handed_out_per_event(db)] == [
        ("三月", 180),
        ("四月", 150),
    ]
    assert [(h.title, h.quantity) for h in handed_out_per_event(db, "posters")] == [("四月", 4)]
