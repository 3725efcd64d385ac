"""Series for the stock charts: an item's balance over time and what was handed out per event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def stock_over_time(db: Database, item_id: str) -> list[tuple[str, int]]:
    """(date, balance at the end of that date) for each date the item moved, by date."""
    running = 0
    points = []
    for date, change in db.execute(
        "SELECT date, sum(delta) FROM stock_movements WHERE item_id = ? GROUP BY date ORDER BY date",
        [item_id],
    ):
        running += change
        points.append((date, running))
    return points


@dataclass(frozen=True)
class HandedOut:
    event_id: str
    title: str
    date: str
    quantity: int  # issued minus returned (reversals net out)


def handed_out_per_event(db: Database, kind: str = "flyers") -> list[HandedOut]:
    """Items of ``kind`` handed out at each event, by event date."""
    rows = db.execute(
        "SELECT e.id, coalesce(e.title, ''), e.date, -sum(m.delta) FROM stock_movements m "
        "JOIN inventory_items i ON i.id = m.item_id JOIN events e ON e.id = m.event_id "
        "WHERE i.kind = ? AND m.kind IN ('issued', 'returned') "
        "GROUP BY e.id ORDER BY e.date, e.title",
        [kind],
    ).fetchall()
    return [HandedOut(*row) for row in rows if row[3]]
