"""Posting an event outcome's materials (flyers, posters handed out; recorded by the events
concept in ``event_outcome_materials``) to the stock ledger as ``issued`` movements.

Each (event, material) is reconciled against what was already posted for it, so an outcome is
posted once and a corrected outcome posts only the difference (``issued`` more, or
``returned``). The events concept calls ``post_outcome_hook`` inside its outcome transaction;
where that cannot post (no single matching item, not enough on hand) the outcome stays pending
and the Inventory page offers to post it, choosing the item.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import catalog, msg, tr_in
from outreach.inventory.items import list_items
from outreach.inventory.ledger import StockError, balance, record_movement, reversed_ids
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class PendingOutcome:
    event_id: str
    event_title: str
    event_date: str
    material: str
    handed_out: int  # what the outcome says
    posted: int  # what the ledger already holds for it

    @property
    def to_post(self) -> int:
        return self.handed_out - self.posted


def _outcome_quantities(db: Database) -> dict[tuple[str, str], int]:
    if not db["event_outcome_materials"].exists():
        return {}
    return {
        (r[0], r[1]): r[2]
        for r in db.execute("SELECT event_id, material, quantity FROM event_outcome_materials")
    }


def posted_quantities(db: Database) -> dict[tuple[str, str], int]:
    """{(event_id, material): quantity in the ledger}, reversed postings not counted.

    Besides the outcome's own postings this counts what the organiser issued to (or returned
    from) the event by hand in items of the material's kind: flyers taken out before the event
    are already off the shelf, so the outcome posts only the difference (the unused ones come
    back as ``returned``) instead of issuing them a second time."""
    undone = reversed_ids(db)
    posted: dict[tuple[str, str], int] = {}
    for movement_id, event_id, material, delta in db.execute(
        "SELECT p.movement_id, p.event_id, p.material, m.delta FROM stock_outcome_postings p "
        "JOIN stock_movements m ON m.id = p.movement_id"
    ):
        if movement_id not in undone:
            posted[(event_id, material)] = posted.get((event_id, material), 0) - delta
    # By hand: neither a posting nor the reversal of one (a reversed posting counts for nothing);
    # only for the materials an outcome names (brochures given out by hand are not outcomes).
    wanted = _outcome_quantities(db)
    for event_id, material, used in db.execute(
        "SELECT m.event_id, i.kind, -sum(m.delta) FROM stock_movements m "
        "JOIN inventory_items i ON i.id = m.item_id "
        "WHERE m.event_id IS NOT NULL AND m.kind IN ('issued', 'returned') "
        "AND m.id NOT IN (SELECT movement_id FROM stock_outcome_postings) "
        "AND (m.reverses IS NULL "
        "     OR m.reverses NOT IN (SELECT movement_id FROM stock_outcome_postings)) "
        "GROUP BY m.event_id, i.kind"
    ):
        if used and (event_id, material) in wanted:
            posted[(event_id, material)] = posted.get((event_id, material), 0) + used
    return posted


def pending_outcomes(db: Database) -> list[PendingOutcome]:
    """Outcome materials the ledger does not yet match, by event date."""
    wanted = _outcome_quantities(db)
    posted = posted_quantities(db)
    keys = {*wanted, *posted}
    if not keys:
        return []
    events = {
        r[0]: (r[1], r[2]) for r in db.execute("SELECT id, coalesce(title, ''), date FROM events")
    }
    pending = []
    for event_id, material in keys:
        handed_out = wanted.get((event_id, material), 0)
        already = posted.get((event_id, material), 0)
        if handed_out != already:
            title, date = events.get(event_id, ("", ""))
            pending.append(PendingOutcome(event_id, title, date, material, handed_out, already))
    return sorted(pending, key=lambda p: (p.event_date, p.event_title, p.material))


def material_label(material: str, language: str) -> str:
    """An outcome's material ('flyers', 'posters'…) in words, or as recorded if unknown."""
    key = f"inventory.kind.{material}"
    return tr_in(language, key) if key in catalog() else material


def item_for_material(db: Database, material: str, event_id: str | None = None) -> str | None:
    """The item an outcome's material means: the item already used for this event's material,
    else the only item of that kind, else None (the organiser chooses on the page)."""
    if event_id is not None:
        row = db.execute(
            "SELECT m.item_id FROM stock_outcome_postings p JOIN stock_movements m "
            "ON m.id = p.movement_id WHERE p.event_id = ? AND p.material = ? "
            "ORDER BY m.rowid DESC LIMIT 1",
            [event_id, material],
        ).fetchone()
        if row:
            return row[0]
    matches = [item.id for item in list_items(db) if item.kind == material]
    if event_id is not None and len(matches) > 1:
        # Several items of the kind: the one issued to this event by hand, if only one was.
        issued = {
            r[0]
            for r in db.execute(
                "SELECT DISTINCT item_id FROM stock_movements WHERE event_id = ? AND kind = "
                "'issued'",
                [event_id],
            )
        }
        matches = [item_id for item_id in matches if item_id in issued] or matches
    return matches[0] if len(matches) == 1 else None


def post_outcome(
    db: Database, event_id: str, material: str, item_id: str, *, date: str | None = None
) -> list:
    """Bring the ledger in line with the outcome for (event, material) using ``item_id``.
    One transaction; returns the movements written (none when already posted). Issuing more
    than is on hand is refused with the numbers (``StockError``)."""
    with db.atomic():
        wanted = _outcome_quantities(db).get((event_id, material), 0)
        already = posted_quantities(db).get((event_id, material), 0)
        difference = wanted - already
        if difference == 0:
            return []
        row = db.execute("SELECT date FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            raise StockError(msg("inventory.error.unknown_event", event=event_id))
        movement = record_movement(
            db,
            item_id=item_id,
            kind="issued" if difference > 0 else "returned",
            quantity=abs(difference),
            date=date or row[0],
            event_id=event_id,
            reason=msg("inventory.outcome.reason").render("zh_CN"),
        )
        db["stock_outcome_postings"].insert(
            {
                "movement_id": movement.id,
                "event_id": event_id,
                "material": material,
                "created_at": now_iso(),
            }
        )
        return [movement]


def post_outcome_hook(db: Database, event_id: str, _change: Mapping[str, int]) -> None:
    """Called by the events concept inside its outcome transaction: posts what can be posted
    without asking (one item of the material's kind, enough on hand); the rest stays pending
    on the Inventory page rather than blocking the outcome."""
    for pending in pending_outcomes(db):
        if pending.event_id != event_id:
            continue
        item_id = item_for_material(db, pending.material, pending.event_id)
        if item_id is None:
            continue
        if pending.to_post > 0 and balance(db, item_id) < pending.to_post:
            continue
        post_outcome(db, event_id, pending.material, item_id)


def post_all_pending(db: Database) -> int:
    """Post every pending outcome that maps to a single item with enough stock; returns the
    number of movements written (used by the demo and the page's "post all" action)."""
    written = 0
    with db.atomic():
        for pending in pending_outcomes(db):
            item_id = item_for_material(db, pending.material, pending.event_id)
            if item_id is None:
                continue
            if pending.to_post > 0 and balance(db, item_id) < pending.to_post:
                continue
            written += len(post_outcome(db, pending.event_id, pending.material, item_id))
    return written
