"""The stock ledger: balances derived from movements, never negative, append-only in the
database, corrections by reversal."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outreach.inventory.items import ItemError, add_item, update_item
from outreach.inventory.ledger import (
    StockError,
    all_movements,
    balance,
    balances,
    check_ledger,
    item_history,
    record_movement,
    reverse_movement,
)
from outreach.storage import memory_programme
from tests.inventory_fixtures import add_event


def _flyers(db, level=100):
    return add_item(db, name="保险知识宣传单", kind="flyers", unit="张", low_stock_level=level)


def test_balance_is_the_sum_of_the_movements(db):
    item = _flyers(db)
    event = add_event(db, "2026-03-15", status="done")
    record_movement(db, item_id=item.id, kind="received", quantity=500, date="2026-03-01")
    record_movement(
        db, item_id=item.id, kind="issued", quantity=180, date="2026-03-15", event_id=event
    )
    record_movement(db, item_id=item.id, kind="returned", quantity=20, date="2026-03-15")
    record_movement(db, item_id=item.id, kind="damaged", quantity=15, date="2026-03-16")
    assert balance(db, item.id) == 500 - 180 + 20 - 15
    counted = record_movement(db, item_id=item.id, kind="counted", quantity=300, date="2026-03-20")
    assert counted.delta == 300 - 325
    assert balances(db) == {item.id: 300}
    with pytest.raises(StockError) as refused:  # only 180 went out to the event
        record_movement(
            db, item_id=item.id, kind="returned", quantity=181, date="2026-03-21", event_id=event
        )
    assert "180" in refused.value.message.render("en")
    assert [m.kind for m in item_history(db, item.id)][-1] == "counted"


def test_issuing_more_than_on_hand_is_refused_with_the_numbers(db):
    item = _flyers(db)
    record_movement(db, item_id=item.id, kind="received", quantity=120, date="2026-03-01")
    with pytest.raises(StockError) as refused:
        record_movement(db, item_id=item.id, kind="issued", quantity=200, date="2026-03-02")
    text = refused.value.message.render("zh_CN")
    assert "120" in text and "200" in text and "80" in text and "保险知识宣传单" in text
    assert "120" in refused.value.message.render("en")
    assert len(all_movements(db)) == 1  # nothing written


def test_reversal_restores_and_happens_once(db):
    item = _flyers(db)
    receipt = record_movement(db, item_id=item.id, kind="received", quantity=50, date="2026-03-01")
    issue = record_movement(db, item_id=item.id, kind="issued", quantity=30, date="2026-03-02")
    reversal = reverse_movement(db, issue.id, "登记错误")
    assert reversal.reverses == issue.id and reversal.delta == 30
    assert balance(db, item.id) == 50
    with pytest.raises(StockError):
        reverse_movement(db, issue.id, "again")
    with pytest.raises(StockError):
        reverse_movement(db, reversal.id, "reverse the reversal")
    with pytest.raises(StockError):
        reverse_movement(db, receipt.id, "")  # a reason is required
    record_movement(db, item_id=item.id, kind="issued", quantity=40, date="2026-03-03")
    # Reversing the receipt now would take the balance to -40: refused.
    with pytest.raises(StockError):
        reverse_movement(db, receipt.id, "供应商退货")
    assert check_ledger(db) == []


def test_the_database_refuses_update_and_delete(db):
    item = _flyers(db)
    movement = record_movement(db, item_id=item.id, kind="received", quantity=10, date="2026-03-01")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE stock_movements SET quantity = 99 WHERE id = ?", [movement.id])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM stock_movements WHERE id = ?", [movement.id])
    assert balance(db, item.id) == 10


def test_bad_input_is_refused(db):
    item = _flyers(db)
    for kwargs in (
        {"kind": "stolen", "quantity": 1},
        {"kind": "received", "quantity": 0},
        {"kind": "received", "quantity": -5},
        {"kind": "received", "quantity": 2.5},
    ):
        with pytest.raises(StockError):
            record_movement(db, item_id=item.id, date="2026-03-01", **kwargs)
    with pytest.raises(StockError):
        record_movement(db, item_id=item.id, kind="received", quantity=1, date="15/03/2026")
    with pytest.raises(StockError):
        record_movement(db, item_id="nope", kind="received", quantity=1, date="2026-03-01")
    with pytest.raises(StockError):
        record_movement(
            db, item_id=item.id, kind="issued", quantity=1, date="2026-03-01", event_id="nope"
        )
    with pytest.raises(ItemError):
        add_item(db, name="保险知识宣传单", kind="flyers", unit="张")
    with pytest.raises(ItemError):
        add_item(db, name="x", kind="rockets", unit="个")
    with pytest.raises(ItemError):
        update_item(db, item.id, name="", kind="flyers", unit="张", low_stock_level=1)
    assert all_movements(db) == []


def test_check_finds_a_movement_written_behind_the_ledgers_back(db):
    item = _flyers(db)
    record_movement(db, item_id=item.id, kind="received", quantity=10, date="2026-03-01")
    db.execute(
        "INSERT INTO stock_movements (id, item_id, kind, quantity, delta, date, reason, "
        "created_at) VALUES ('x', ?, 'issued', 30, -30, '2026-03-02', '', '')",
        [item.id],
    )
    problems = check_ledger(db)
    assert any(p.key == "inventory.check.negative" for p in problems)


operation = st.tuples(
    st.sampled_from(["received", "issued", "returned", "counted", "damaged", "reverse"]),
    st.integers(min_value=0, max_value=2),  # which item
    st.integers(min_value=0, max_value=60),  # quantity
    st.integers(min_value=0, max_value=40),  # which earlier movement to reverse
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, max_size=30))
def test_ledger_invariants_hold_for_any_sequence(operations):
    programme = memory_programme()
    db = programme.db
    try:
        items = [add_item(db, name=f"物品{i}", kind="flyers", unit="张").id for i in range(3)]
        model = dict.fromkeys(items, 0)
        for kind, which, quantity, target in operations:
            item_id = items[which]
            before = balances(db)
            try:
                if kind == "reverse":
                    movements = all_movements(db)
                    if not movements:
                        continue
                    original = movements[target % len(movements)]
                    written = reverse_movement(db, original.id, "更正")
                    # A reversal restores: its change is exactly minus the original's.
                    assert written.delta == -original.delta
                else:
                    written = record_movement(
                        db, item_id=item_id, kind=kind, quantity=quantity, date="2026-03-01"
                    )
            except StockError:
                assert balances(db) == before  # a refusal changes nothing
                continue
            model[written.item_id] += written.delta
            on_hand = balances(db)
            assert on_hand == model
            assert all(value >= 0 for value in on_hand.values())
            if kind == "counted":
                assert on_hand[item_id] == quantity
        sums: dict[str, int] = dict.fromkeys(items, 0)
        for movement in all_movements(db):
            sums[movement.item_id] += movement.delta
        assert sums == balances(db)
        assert check_ledger(db) == []
    finally:
        programme.close()
