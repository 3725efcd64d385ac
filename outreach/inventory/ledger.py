"""The stock ledger: every change to stock is a movement; the balance is their sum.

Append-only, enforced by the database (triggers refuse UPDATE and DELETE). A correction is a
reversing movement pointing at the one it reverses. No movement may take an item's balance
below zero: the check runs inside the writing transaction and the refusal shows the numbers.

``quantity`` is what the organiser typed (always >= 0): the amount received, issued, returned or
damaged, or for ``counted`` the number found on the shelf. ``delta`` is the signed change the
movement makes (for ``counted``: the difference between the count and the balance before).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

MOVEMENT_KINDS = ("received", "issued", "returned", "counted", "damaged")
_SIGN = {"received": 1, "returned": 1, "issued": -1, "damaged": -1}
_COLUMNS = "id, item_id, kind, quantity, delta, date, event_id, reason, reverses, created_at"


class StockError(ValueError):
    """A refused movement; ``message`` is translatable and shows the numbers."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Movement:
    id: str
    item_id: str
    kind: str
    quantity: int
    delta: int
    date: str
    event_id: str | None
    reason: str
    reverses: str | None
    created_at: str

    @property
    def is_reversal(self) -> bool:
        return self.reverses is not None


def _movement(row) -> Movement:
    return Movement(*row)


def get_movement(db: Database, movement_id: str) -> Movement | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM stock_movements WHERE id = ?", [movement_id]
    ).fetchone()
    return _movement(row) if row else None


def item_history(db: Database, item_id: str) -> list[Movement]:
    """An item's movements in recording order."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM stock_movements WHERE item_id = ? ORDER BY rowid", [item_id]
    ).fetchall()
    return [_movement(r) for r in rows]


def all_movements(db: Database) -> list[Movement]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM stock_movements ORDER BY rowid").fetchall()
    return [_movement(r) for r in rows]


def reversed_ids(db: Database) -> set[str]:
    return {
        r[0] for r in db.execute("SELECT reverses FROM stock_movements WHERE reverses IS NOT NULL")
    }


def balance(db: Database, item_id: str) -> int:
    row = db.execute(
        "SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE item_id = ?", [item_id]
    ).fetchone()
    return row[0]


def balances(db: Database) -> dict[str, int]:
    """{item_id: balance} for every item (0 for an item with no movements)."""
    result = {r[0]: 0 for r in db.execute("SELECT id FROM inventory_items")}
    # The (item_id, delta) index covers this: SQLite sums without touching the table.
    result.update(
        db.execute("SELECT item_id, sum(delta) FROM stock_movements GROUP BY item_id").fetchall()
    )
    return result


def _valid_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(str(text).strip()).isoformat()
    except ValueError as exc:
        raise StockError(msg("inventory.error.date", date=str(text))) from exc


def _item_label(db: Database, item_id: str) -> tuple[str, str] | None:
    row = db.execute("SELECT name, unit FROM inventory_items WHERE id = ?", [item_id]).fetchone()
    return (row[0], row[1]) if row else None


def _event_exists(db: Database, event_id: str) -> bool:
    if not db["events"].exists():
        return False
    return db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone() is not None


def _insert(db: Database, record: dict) -> Movement:
    try:
        db["stock_movements"].insert(record)
    except sqlite3.IntegrityError as exc:
        raise StockError(msg("inventory.error.integrity", detail=str(exc))) from exc
    return get_movement(db, record["id"])  # type: ignore[return-value]


def record_movement(
    db: Database,
    *,
    item_id: str,
    kind: str,
    quantity: int,
    date: str,
    event_id: str | None = None,
    reason: str = "",
    reverses: str | None = None,
) -> Movement:
    """Append one movement; refused (nothing written) if it would take the balance below zero.

    With ``reverses`` the movement cancels that one: ``kind`` and ``quantity`` must match it
    (use ``reverse_movement`` which fills them in)."""
    if kind not in MOVEMENT_KINDS:
        raise StockError(msg("inventory.error.movement_kind", kind=kind))
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise StockError(msg("inventory.error.quantity", quantity=repr(quantity)))
    if quantity < 0 or (quantity == 0 and kind != "counted" and reverses is None):
        raise StockError(msg("inventory.error.quantity", quantity=quantity))
    date = _valid_date(date)
    with db.atomic():
        label = _item_label(db, item_id)
        if label is None:
            raise StockError(msg("inventory.error.unknown_item", item=item_id))
        name, unit = label
        if event_id is not None and not _event_exists(db, event_id):
            raise StockError(msg("inventory.error.unknown_event", event=event_id))
        on_hand = balance(db, item_id)
        if reverses is not None:
            original = get_movement(db, reverses)
            if original is None or original.item_id != item_id:
                raise StockError(msg("inventory.error.unknown_movement", movement=reverses))
            if original.is_reversal:
                raise StockError(msg("inventory.error.reverse_reversal"))
            if reverses in reversed_ids(db):
                raise StockError(msg("inventory.error.already_reversed"))
            if original.kind != kind or original.quantity != quantity:
                raise StockError(msg("inventory.error.reversal_mismatch"))
            if not (reason or "").strip():
                raise StockError(msg("inventory.error.reason_blank"))
            delta = -original.delta
        elif kind == "counted":
            delta = quantity - on_hand
        elif kind == "returned" and event_id is not None:
            # Nothing comes back from an event that did not go out to it.
            out = db.execute(
                "SELECT coalesce(-sum(delta), 0) FROM stock_movements WHERE item_id = ? "
                "AND event_id = ? AND kind IN ('issued', 'returned')",
                [item_id, event_id],
            ).fetchone()[0]
            if quantity > out:
                raise StockError(
                    msg(
                        "inventory.error.return_more", item=name, unit=unit, out=out, asked=quantity
                    )
                )
            delta = quantity
        else:
            delta = _SIGN[kind] * quantity
        if on_hand + delta < 0:
            raise StockError(
                msg(
                    "inventory.error.not_enough",
                    item=name,
                    unit=unit,
                    on_hand=on_hand,
                    asked=-delta,
                    short=-(on_hand + delta),
                )
            )
        return _insert(
            db,
            {
                "id": new_id(),
                "item_id": item_id,
                "kind": kind,
                "quantity": quantity,
                "delta": delta,
                "date": date,
                "event_id": event_id,
                "reason": (reason or "").strip(),
                "reverses": reverses,
                "created_at": now_iso(),
            },
        )


def reverse_movement(
    db: Database, movement_id: str, reason: str, *, date: str | None = None
) -> Movement:
    """The movement that cancels ``movement_id`` (refused if stock since then makes it
    impossible, e.g. reversing a receipt whose flyers were already handed out)."""
    with db.atomic():
        original = get_movement(db, movement_id)
        if original is None:
            raise StockError(msg("inventory.error.unknown_movement", movement=movement_id))
        return record_movement(
            db,
            item_id=original.item_id,
            kind=original.kind,
            quantity=original.quantity,
            date=date or dt.date.today().isoformat(),
            event_id=original.event_id,
            reason=reason,
            reverses=original.id,
        )


def low_stock(db: Database):
    """Items at or below their low-stock level (see ``forecast.low_stock``)."""
    from outreach.inventory.forecast import low_stock as compute

    return compute(db)


def run_out_forecast(db: Database, today: str | dt.date):
    """Projected run-outs from the planned events (see ``forecast.run_out_forecast``)."""
    from outreach.inventory.forecast import run_out_forecast as compute

    return compute(db, today)


def check_ledger(db: Database) -> list[Message]:
    """Reversals point at existing movements and cancel them; no balance is ever negative in
    recording order; deltas agree with their kinds."""
    problems: list[Message] = []
    by_id = {m.id: m for m in all_movements(db)}
    running: dict[str, int] = {}
    negative: set[str] = set()
    for movement in by_id.values():
        if movement.reverses is not None:
            original = by_id.get(movement.reverses)
            if original is None:
                problems.append(msg("inventory.check.dangling_reversal", movement=movement.id))
            elif original.item_id != movement.item_id or original.delta != -movement.delta:
                problems.append(msg("inventory.check.bad_reversal", movement=movement.id))
        elif movement.kind in _SIGN and movement.delta != _SIGN[movement.kind] * movement.quantity:
            problems.append(msg("inventory.check.bad_delta", movement=movement.id))
        running[movement.item_id] = running.get(movement.item_id, 0) + movement.delta
        if running[movement.item_id] < 0:
            negative.add(movement.item_id)
    for item_id in sorted(negative):
        label = _item_label(db, item_id)
        problems.append(msg("inventory.check.negative", item=label[0] if label else item_id))
    return problems
