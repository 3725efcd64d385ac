"""The expense ledger: integer fen, append-only in the database, reversals, budget vs actual;
money typed as yuan text parsed exactly."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.budget.categories import CategoryError, list_categories, set_planned
from outreach.budget.ledger import (
    BudgetError,
    actual_by_category,
    actual_by_event,
    check_ledger,
    find_by_source,
    list_expenses,
    record_expense,
    reverse_entry,
    totals,
)
from outreach.budget.money import MoneyError, format_fen, parse_yuan
from tests.inventory_fixtures import add_event


def test_the_seed_categories_are_there(db):
    codes = [c.code for c in list_categories(db)]
    assert codes == ["posters", "flyers", "prizes", "printing", "transport", "other"]
    names = {c.code: c.name_zh for c in list_categories(db)}
    assert (names["posters"], names["flyers"], names["prizes"]) == (
        "宣传海报",
        "制作传单",
        "奖项费用",
    )


def test_expenses_reversals_and_budget_against_actual(db):
    event = add_event(db, "2026-03-15", status="done")
    set_planned(db, "prizes", 240_000)
    set_planned(db, "flyers", 50_000)
    payout = record_expense(
        db,
        date="2026-03-20",
        amount_fen=8_000,
        category="prizes",
        payee="张芳",
        receipt_no="JX-001",
        source="award",
        source_id="award-1",
    )
    flyers = record_expense(
        db,
        date="2026-03-10",
        amount_fen=67_550,
        category="flyers",
        payee="明德图文快印店",
        event_id=event,
    )
    assert find_by_source(db, "award", "award-1") == [payout]
    reversal = reverse_entry(db, payout.id, "重复发放")
    assert reversal.amount_fen == -8_000 and reversal.reverses == payout.id
    assert reversal.category == "prizes" and reversal.source == "award"
    assert find_by_source(db, "award", "award-1") == []
    by_code = {t.code: t for t in actual_by_category(db)}
    assert by_code["prizes"].actual_fen == 0 and by_code["prizes"].remaining_fen == 240_000
    assert by_code["flyers"].actual_fen == 67_550
    assert by_code["flyers"].remaining_fen == 50_000 - 67_550  # overspent shows negative
    assert actual_by_event(db)[event] == {"flyers": 67_550}
    assert totals(db) == (290_000, 67_550)
    with pytest.raises(BudgetError):
        reverse_entry(db, payout.id, "again")
    with pytest.raises(BudgetError):
        reverse_entry(db, reversal.id, "reverse the reversal")
    assert check_ledger(db) == []
    assert flyers in list_expenses(db, event_id=event)


def test_the_database_refuses_update_and_delete(db):
    entry = record_expense(db, date="2026-03-20", amount_fen=100, category="other", payee="便利店")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE budget_expenses SET amount_fen = 1 WHERE id = ?", [entry.id])
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM budget_expenses")
    assert totals(db)[1] == 100


def test_bad_expenses_are_refused_and_nothing_is_written(db):
    good = {"date": "2026-03-20", "amount_fen": 100, "category": "other", "payee": "便利店"}
    for change in (
        {"amount_fen": 0},
        {"amount_fen": -5},
        {"amount_fen": 12.5},
        {"amount_fen": True},
        {"category": "holidays"},
        {"payee": "  "},
        {"date": "2026-02-30"},
        {"event_id": "no-such-event"},
    ):
        with pytest.raises(BudgetError):
            record_expense(db, **{**good, **change})
    with pytest.raises(CategoryError):
        set_planned(db, "posters", -1)
    assert list_expenses(db) == []


def test_an_awards_transaction_rolls_back_as_a_whole(db):
    with pytest.raises(RuntimeError), db.atomic():
        record_expense(db, date="2026-03-20", amount_fen=8_000, category="prizes", payee="甲")
        raise RuntimeError("the award failed later")
    assert list_expenses(db) == []


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("12.5", 1250),
        ("¥12.50", 1250),
        ("￥0.05", 5),
        ("80元", 8000),
        ("１２.３４", 1234),
        ("1,234.5", 123450),
        (" 7 ", 700),
        ("3.", 300),
    ],
)
def test_yuan_text_is_parsed_exactly(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "1.234", "1e3", "12.5.1", "¥", "-5", "0x10"])
def test_bad_yuan_text_is_refused(text):
    with pytest.raises(MoneyError):
        parse_yuan(text)


def test_money_is_shown_as_yuan():
    assert format_fen(1250) == "¥12.50"
    assert format_fen(5) == "¥0.05"
    assert format_fen(-123456) == "-¥1,234.56"
    assert parse_yuan("-¥12.50", allow_negative=True) == -1250


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_and_parse_round_trip(fen):
    assert parse_yuan(format_fen(fen), allow_negative=True) == fen


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=10**7), min_size=1, max_size=12), st.data())
def test_actual_is_the_sum_of_entries_and_reversals_restore(amounts, data):
    from outreach.storage import memory_programme

    programme = memory_programme()
    db = programme.db
    try:
        entries = [
            record_expense(db, date="2026-03-01", amount_fen=a, category="other", payee="p")
            for a in amounts
        ]
        undo = data.draw(st.sets(st.sampled_from(range(len(entries)))))
        for index in undo:
            reverse_entry(db, entries[index].id, "更正")
        expected = sum(a for i, a in enumerate(amounts) if i not in undo)
        assert totals(db)[1] == expected
        assert {t.code: t.actual_fen for t in actual_by_category(db)}["other"] == expected
        assert check_ledger(db) == []
    finally:
        programme.close()


def test_budget_against_actual_per_event(db):
    from outreach.budget.ledger import budget_by_event, set_event_planned

    march = add_event(db, "2026-03-15", "三月", status="done")
    april = add_event(db, "2026-04-12", "四月")
    set_event_planned(db, march, 10_000)
    set_event_planned(db, april, 5_000)
    record_expense(
        db, date="2026-03-15", amount_fen=12_000, category="transport", payee="滴滴", event_id=march
    )
    record_expense(db, date="2026-03-01", amount_fen=700, category="other", payee="文具店")
    rows = budget_by_event(db)
    assert [(r.event_id, r.planned_fen, r.actual_fen) for r in rows] == [
        (march, 10_000, 12_000),
        (april, 5_000, 0),
        (None, 0, 700),
    ]
    assert rows[0].remaining_fen == -2_000 and rows[0].by_category == {"transport": 12_000}
    set_event_planned(db, april, 0)  # removes the plan
    assert [r.event_id for r in budget_by_event(db)] == [march, None]
    with pytest.raises(BudgetError):
        set_event_planned(db, "no-such-event", 100)
