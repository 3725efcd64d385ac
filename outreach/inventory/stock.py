"""What Home asks of the stock (``outreach.reporting.dashboard``): items low on stock and the
coming run-outs before planned events, in the shape Home shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlite_utils import Database

from outreach.i18n import Message, msg
from outreach.inventory import forecast


@dataclass(frozen=True)
class LowStock:
    name: str
    balance: int
    minimum: int
    unit: str


@dataclass(frozen=True)
class RunOutWarning:
    item: str
    unit: str
    balance: int
    needed: int
    event_date: str
    event_title: str
    reorder: int

    def describe(self) -> Message:
        return msg(
            "inventory.home.runs_out",
            item=self.item,
            balance=self.balance,
            unit=self.unit,
            needed=self.needed,
            event=self.event_title,
            reorder=self.reorder,
        )


def low_stock(db: Database) -> list[LowStock]:
    return [
        LowStock(s.item.name, s.balance, s.item.low_stock_level, s.item.unit)
        for s in forecast.low_stock(db)
    ]


def run_out_forecast(db: Database, today: dt.date | str) -> list[RunOutWarning]:
    """Items the planned events use up, soonest first."""
    return [
        RunOutWarning(
            f.item.name,
            f.item.unit,
            f.balance,
            f.total_expected,
            f.run_out_event.date,
            f.run_out_event.title,
            f.suggested_reorder,
        )
        for f in forecast.coming_run_outs(db, today)
        if f.run_out_event is not None
    ]
