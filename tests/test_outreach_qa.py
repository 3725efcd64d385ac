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


def test_stock_issued_ahead_to_a_planned_event_is_not_counted_twice_in_the_forecast(db):
    from outreach.inventory.forecast import run_out_forecast
    from outreach.inventory.items import add_item
    from outreach.inventory.ledger import record_movement, reverse_movement
    from outreach.inventory.plans import set_plan
    from tests.inventory_fixtures import add_event

    flyers = add_item(db, name="传单", kind="flyers", unit="张", low_stock_level=100)
    record_movement(db, item_id=flyers.id, kind="received", quantity=800, date="2026-11-01")
    december = add_event(db, "2026-12-12", "十二月活动")
    january = add_event(db, "2027-01-09", "一月活动")
    set_plan(db, december, flyers.id, 300)
    set_plan(db, january, flyers.id, 300)
    [before] = run_out_forecast(db, "2026-12-01")
    assert (before.total_expected, before.suggested_reorder) == (600, 0)
    # The December flyers are taken out of the store a few days early: 500 stay on hand.
    issue = record_movement(
        db, item_id=flyers.id, kind="issued", quantity=300, date="2026-12-10", event_id=december
    )
    [after] = run_out_forecast(db, "2026-12-01")
    assert after.balance == 500
    assert [(u.event.id, u.quantity) for u in after.uses] == [(january, 300)]
    assert (after.total_expected, after.run_out_event, after.suggested_reorder) == (300, None, 0)
    # Half issued: only the rest is still to come; a reversed issue counts for nothing.
    reverse_movement(db, issue.id, "拿错了")
    record_movement(
        db, item_id=flyers.id, kind="issued", quantity=100, date="2026-12-10", event_id=december
    )
    [partly] = run_out_forecast(db, "2026-12-01")
    assert [(u.event.id, u.quantity) for u in partly.uses] == [(december, 200), (january, 300)]
    assert partly.suggested_reorder == 0


def test_flyers_issued_to_an_event_by_hand_are_not_issued_again_by_its_outcome(db):
    from outreach.events.outcomes import Outcome, record_outcome
    from outreach.inventory.items import add_item
    from outreach.inventory.ledger import balance, item_history, record_movement
    from outreach.inventory.outcomes import pending_outcomes

    flyers = add_item(db, name="传单", kind="flyers", unit="张")
    brochures = add_item(db, name="手册", kind="brochures", unit="本")
    record_movement(db, item_id=flyers.id, kind="received", quantity=1000, date="2026-11-01")
    record_movement(db, item_id=brochures.id, kind="received", quantity=100, date="2026-11-01")
    event = create_event(db, EventDraft("保险知识进社区", "2026-11-14"))
    # The organiser takes 300 flyers (and 40 brochures) to the event from the Inventory page …
    for item, quantity in ((flyers, 300), (brochures, 40)):
        record_movement(
            db,
            item_id=item.id,
            kind="issued",
            quantity=quantity,
            date="2026-11-13",
            event_id=event.id,
        )
    # … and afterwards records that 250 flyers were handed out: 50 come back, none go out again.
    record_outcome(db, Outcome(event.id, 80, 10, materials={"flyers": 250}))
    assert balance(db, flyers.id) == 750
    assert [(m.kind, m.quantity) for m in item_history(db, flyers.id)][-1] == ("returned", 50)
    assert balance(db, brochures.id) == 60
    assert pending_outcomes(db) == []
    # A correction upwards issues only the difference.
    record_outcome(db, Outcome(event.id, 80, 10, materials={"flyers": 320}))
    assert balance(db, flyers.id) == 680
    assert pending_outcomes(db) == []


@pytest.mark.parametrize("text", ["1,50", "12,5", "1,2,3", "１，５０", "1,2345.00", ",500"])
def test_a_comma_that_does_not_group_thousands_is_not_taken_for_one(text):
    """ "1,50" (a decimal comma) was read as ¥150.00, "1,2,3" as ¥123.00."""
    from outreach.budget.money import MoneyError, parse_yuan

    with pytest.raises(MoneyError):
        parse_yuan(text)


@pytest.mark.parametrize(
    ("text", "fen"), [("1,234.5", 123450), ("¥12,345,678", 1234567800), ("２，０００元", 200000)]
)
def test_thousands_separators_still_read(text, fen):
    from outreach.budget.money import parse_yuan

    assert parse_yuan(text) == fen


def test_a_month_that_does_not_exist_is_a_usage_error_not_an_empty_schedule(tmp_path, capsys):
    import io

    from outreach.cli import main

    def run(*argv):
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), stdout=out, stderr=err)
        return code, err.getvalue() + capsys.readouterr().err  # argparse writes to sys.stderr

    db = str(tmp_path / "p.db")
    assert run("--db", db, "demo")[0] == 0
    for command in ("schedule", "duty"):
        out = tmp_path / f"{command}.pdf"
        code, err = run("--db", db, "print", command, "--month", "2026-13", "--out", str(out))
        assert code == 2 and "2026-13" in err and "YYYY-MM" in err
        assert not out.exists()
    code, _ = run("--db", db, "print", "schedule", "--month", "2026-9", "--out", str(out))
    assert code == 0 and out.exists()


def test_an_outcome_cannot_be_recorded_for_an_event_that_has_not_taken_place(db):
    import datetime as dt

    from outreach.events.outcomes import get_outcome
    from outreach.events.schedule import get_event

    event = create_event(db, EventDraft("阳光社区宣传", "2026-11-14"))
    before = db.execute("SELECT count(*) FROM event_history").fetchone()[0]
    with pytest.raises(EventError) as caught:
        record_outcome(
            db, Outcome(event.id, 80, 10, materials={"flyers": 200}), today=dt.date(2026, 11, 13)
        )
    (problem,) = caught.value.problems
    assert "阳光社区宣传" in problem.render("zh_CN") and "2026-11-14" in problem.render("zh_CN")
    assert "尚未举行" in problem.render("zh_CN")
    english = problem.render("en")
    assert "after today (2026-11-13)" in english and "，" not in english
    # Nothing written: no outcome, the event still planned, no history line.
    assert get_outcome(db, event.id) is None
    assert get_event(db, event.id).status == "planned"
    assert db.execute("SELECT count(*) FROM event_history").fetchone()[0] == before
    # A postponed event counts from its new date.
    postpone_event(db, event.id, "2026-11-21")
    with pytest.raises(EventError):
        record_outcome(db, Outcome(event.id, 80, 10), today=dt.date(2026, 11, 20))
    # The day of the event itself is allowed (the outcome is often typed in that evening).
    record_outcome(db, Outcome(event.id, 80, 10), today=dt.date(2026, 11, 21))
    assert get_event(db, event.id).status == "done"
