"""Stock items: flyers, posters, brochures, certificate paper, prize items… Each has a unit,
a low-stock level and notes. The balance is never stored here: it is derived from the ledger."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

ITEM_KINDS = ("flyers", "posters", "brochures", "certificate_paper", "prize_items", "other")
_COLUMNS = "id, name, kind, unit, low_stock_level, notes, created_at"


class ItemError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    kind: str
    unit: str
    low_stock_level: int
    notes: str
    created_at: str


def _item(row) -> Item:
    return Item(*row)


def list_items(db: Database) -> list[Item]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM inventory_items ORDER BY kind, name").fetchall()
    return [_item(r) for r in rows]


def get_item(db: Database, item_id: str) -> Item | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM inventory_items WHERE id = ?", [item_id]).fetchone()
    return _item(row) if row else None


def find_item_by_name(db: Database, name: str) -> Item | None:
    row = db.execute(
        f"SELECT {_COLUMNS} FROM inventory_items WHERE name = ?", [name.strip()]
    ).fetchone()
    return _item(row) if row else None


def _validated(name: str, kind: str, unit: str, low_stock_level: int) -> tuple[str, str, str, int]:
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name:
        raise ItemError(msg("inventory.error.name_blank"))
    if kind not in ITEM_KINDS:
        raise ItemError(msg("inventory.error.kind", kind=kind))
    if not unit:
        raise ItemError(msg("inventory.error.unit_blank"))
    if isinstance(low_stock_level, bool) or not isinstance(low_stock_level, int):
        raise ItemError(msg("inventory.error.level", level=repr(low_stock_level)))
    if low_stock_level < 0:
        raise ItemError(msg("inventory.error.level", level=low_stock_level))
    return name, kind, unit, low_stock_level


def add_item(
    db: Database, *, name: str, kind: str, unit: str, low_stock_level: int = 0, notes: str = ""
) -> Item:
    name, kind, unit, low_stock_level = _validated(name, kind, unit, low_stock_level)
    item_id = new_id()
    with db.atomic():
        try:
            db["inventory_items"].insert(
                {
                    "id": item_id,
                    "name": name,
                    "kind": kind,
                    "unit": unit,
                    "low_stock_level": low_stock_level,
                    "notes": (notes or "").strip(),
                    "created_at": now_iso(),
                }
            )
        except sqlite3.IntegrityError as exc:
            raise ItemError(msg("inventory.error.name_taken", name=name)) from exc
    return get_item(db, item_id)  # type: ignore[return-value]


def update_item(
    db: Database,
    item_id: str,
    *,
    name: str,
    kind: str,
    unit: str,
    low_stock_level: int,
    notes: str = "",
) -> Item:
    """Item details are master data (not the ledger) and may be edited."""
    name, kind, unit, low_stock_level = _validated(name, kind, unit, low_stock_level)
    with db.atomic():
        if get_item(db, item_id) is None:
            raise ItemError(msg("inventory.error.unknown_item", item=item_id))
        try:
            db.execute(
                "UPDATE inventory_items SET name = ?, kind = ?, unit = ?, low_stock_level = ?, "
                "notes = ? WHERE id = ?",
                [name, kind, unit, low_stock_level, (notes or "").strip(), item_id],
            )
        except sqlite3.IntegrityError as exc:
            raise ItemError(msg("inventory.error.name_taken", name=name)) from exc
    return get_item(db, item_id)  # type: ignore[return-value]
