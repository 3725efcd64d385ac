"""Expected use of each item at each planned event (the forecast's input). A plan, not a
ledger: organisers change it as the event takes shape; 0 removes the line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import msg
from outreach.inventory.items import ItemError, get_item
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class MaterialPlan:
    event_id: str
    item_id: str
    expected_quantity: int


def list_plans(db: Database, event_id: str | None = None) -> list[MaterialPlan]:
    clause, params = ("WHERE event_id = ?", [event_id]) if event_id else ("", [])
    rows = db.execute(
        f"SELECT event_id, item_id, expected_quantity FROM event_material_plans {clause} "
        "ORDER BY event_id, item_id",
        params,
    ).fetchall()
    return [MaterialPlan(*r) for r in rows]


def set_plan(db: Database, event_id: str, item_id: str, expected_quantity: int) -> MaterialPlan:
    """Set the expected use of ``item_id`` at ``event_id`` (0 deletes the plan line)."""
    if isinstance(expected_quantity, bool) or not isinstance(expected_quantity, int):
        raise ItemError(msg("inventory.error.quantity", quantity=repr(expected_quantity)))
    if expected_quantity < 0:
        raise ItemError(msg("inventory.error.quantity", quantity=expected_quantity))
    with db.atomic():
        if get_item(db, item_id) is None:
            raise ItemError(msg("inventory.error.unknown_item", item=item_id))
        if (
            not db["events"].exists()
            or not db.execute("SELECT 1 FROM events WHERE id = ?", [event_id]).fetchone()
        ):
            raise ItemError(msg("inventory.error.unknown_event", event=event_id))
        if expected_quantity == 0:
            db.execute(
                "DELETE FROM event_material_plans WHERE event_id = ? AND item_id = ?",
                [event_id, item_id],
            )
        else:
            db["event_material_plans"].upsert(
                {
                    "event_id": event_id,
                    "item_id": item_id,
                    "expected_quantity": expected_quantity,
                    "updated_at": now_iso(),
                },
                pk=("event_id", "item_id"),
            )
    return MaterialPlan(event_id, item_id, expected_quantity)
