"""What the stock will do: items at or below their low-stock level, and for each item when the
planned events use it up ("posters run out before the 15 Nov event") and how much to reorder.

Expected use per item and event comes from ``event_material_plans`` (edited on the Inventory
page); where an event has no plan for an item, the item's average use per past event (issued
minus returned, per event it was issued to) stands in, so the forecast is never silently zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.inventory.items import Item, list_items
from outreach.inventory.ledger import balances

if TYPE_CHECKING:
    from sqlite_utils import Database

# A postponed event has its new date and still needs its materials.
PLANNED_STATUSES = ("planned", "postponed")


@dataclass(frozen=True)
class StockStatus:
    item: Item
    balance: int

    @property
    def status(self) -> str:
        """``out`` (nothing left), ``low`` (at or below the low-stock level) or ``ok``."""
        return stock_status(self.balance, self.item.low_stock_level)


def stock_status(balance: int, low_stock_level: int) -> str:
    if balance <= 0:
        return "out"
    if balance <= low_stock_level:
        return "low"
    return "ok"


@dataclass(frozen=True)
class PlannedEvent:
    id: str
    title: str
    date: str


@dataclass(frozen=True)
class ExpectedUse:
    event: PlannedEvent
    quantity: int
    from_plan: bool  # False: the item's average use per past event stood in
    remaining_after: int


@dataclass(frozen=True)
class Forecast:
    item: Item
    balance: int
    uses: list[ExpectedUse]
    total_expected: int
    run_out_event: PlannedEvent | None  # the first event the stock does not cover
    below_level_event: PlannedEvent | None  # the first event after which stock is low
    suggested_reorder: int

    @property
    def run_out_date(self) -> str | None:
        return self.run_out_event.date if self.run_out_event else None


def stock_statuses(db: Database) -> list[StockStatus]:
    on_hand = balances(db)
    return [StockStatus(item, on_hand.get(item.id, 0)) for item in list_items(db)]


def low_stock(db: Database) -> list[StockStatus]:
    """Items that are out or at/below their low-stock level, emptiest first."""
    rows = [s for s in stock_statuses(db) if s.status != "ok"]
    return sorted(rows, key=lambda s: (s.balance - s.item.low_stock_level, s.item.name))


def planned_events(db: Database, today: str | dt.date) -> list[PlannedEvent]:
    """Planned events from ``today`` on, by date (none while the events concept is absent)."""
    if not db["events"].exists():
        return []
    today_text = today.isoformat() if isinstance(today, dt.date) else str(today)
    marks = ", ".join("?" for _ in PLANNED_STATUSES)
    rows = db.execute(
        f"SELECT id, coalesce(title, ''), date FROM events WHERE status IN ({marks}) "
        "AND date >= ? ORDER BY date, title",
        [*PLANNED_STATUSES, today_text],
    ).fetchall()
    return [PlannedEvent(r[0], r[1], r[2]) for r in rows]


def planned_quantities(db: Database) -> dict[tuple[str, str], int]:
    """{(event_id, item_id): expected quantity} from the material plans."""
    return {
        (r[0], r[1]): r[2]
        for r in db.execute("SELECT event_id, item_id, expected_quantity FROM event_material_plans")
    }


def average_use_per_event(db: Database) -> dict[str, int]:
    """{item_id: rounded-up average net use per event it was issued to} from the ledger."""
    rows = db.execute(
        "SELECT item_id, event_id, -sum(delta) FROM stock_movements "
        "WHERE event_id IS NOT NULL AND kind IN ('issued', 'returned') "
        "GROUP BY item_id, event_id"
    ).fetchall()
    per_item: dict[str, list[int]] = {}
    for item_id, _event, used in rows:
        if used > 0:
            per_item.setdefault(item_id, []).append(used)
    return {item: -(-sum(uses) // len(uses)) for item, uses in per_item.items()}


def issued_to_events(db: Database) -> dict[tuple[str, str], int]:
    """{(event_id, item_id): net quantity already issued to the event} (issued minus returned,
    reversals included): stock taken out ahead of an event is no longer on hand."""
    return {
        (r[0], r[1]): r[2]
        for r in db.execute(
            "SELECT event_id, item_id, -sum(delta) FROM stock_movements "
            "WHERE event_id IS NOT NULL AND kind IN ('issued', 'returned') "
            "GROUP BY event_id, item_id"
        )
    }


def run_out_forecast(db: Database, today: str | dt.date) -> list[Forecast]:
    """One forecast per item over the planned events from ``today``; items that run out
    soonest come first. What was already issued to a planned event is already off the
    balance, so only the rest of its expected use is still to come."""
    events = planned_events(db, today)
    plans = planned_quantities(db)
    averages = average_use_per_event(db)
    issued = issued_to_events(db)
    forecasts = []
    for status in stock_statuses(db):
        item = status.item
        remaining = status.balance
        uses: list[ExpectedUse] = []
        run_out = below = None
        for event in events:
            planned = plans.get((event.id, item.id))
            quantity = planned if planned is not None else averages.get(item.id, 0)
            quantity -= max(0, issued.get((event.id, item.id), 0))
            if quantity <= 0:
                continue
            remaining -= quantity
            uses.append(ExpectedUse(event, quantity, planned is not None, remaining))
            if remaining < 0 and run_out is None:
                run_out = event
            if remaining < item.low_stock_level and below is None:
                below = event
        total = sum(use.quantity for use in uses)
        reorder = max(0, total + item.low_stock_level - status.balance)
        forecasts.append(Forecast(item, status.balance, uses, total, run_out, below, reorder))
    return sorted(
        forecasts,
        key=lambda f: (
            f.run_out_date is None,
            f.run_out_date or "",
            f.suggested_reorder == 0,
            f.item.name,
        ),
    )


def coming_run_outs(db: Database, today: str | dt.date) -> list[Forecast]:
    """Items the planned events use up (what Home lists)."""
    return [f for f in run_out_forecast(db, today) if f.run_out_event is not None]
