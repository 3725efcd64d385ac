"""Flyers and materials: items, the append-only stock ledger, material plans per event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from outreach.features import DemoContext, Feature
from outreach.i18n import Message
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("inventory")


@MIGRATIONS(name="0001_items_movements_plans")
def _items_movements_plans(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE inventory_items (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            unit TEXT NOT NULL,
            low_stock_level INTEGER NOT NULL DEFAULT 0 CHECK (low_stock_level >= 0),
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )
        """
    )
    # event_id references events(id): the events concept migrates before this one.
    db.execute(
        """
        CREATE TABLE stock_movements (
            id TEXT PRIMARY KEY,
            item_id TEXT NOT NULL REFERENCES inventory_items(id),
            kind TEXT NOT NULL
                CHECK (kind IN ('received', 'issued', 'returned', 'counted', 'damaged')),
            quantity INTEGER NOT NULL CHECK (quantity >= 0),
            delta INTEGER NOT NULL,
            date TEXT NOT NULL,
            event_id TEXT REFERENCES events(id),
            reason TEXT NOT NULL DEFAULT '',
            reverses TEXT UNIQUE REFERENCES stock_movements(id),
            created_at TEXT NOT NULL
        )
        """
    )
    # Covering index: balances() sums delta per item without reading the table.
    db.execute("CREATE INDEX stock_movements_item_delta ON stock_movements(item_id, delta)")
    db.execute("CREATE INDEX stock_movements_event ON stock_movements(event_id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER stock_movements_no_{action.lower()}
            BEFORE {action} ON stock_movements
            BEGIN
                SELECT RAISE(ABORT, 'stock_movements is append-only: record a reversing movement');
            END
            """
        )
    db.execute(
        """
        CREATE TABLE event_material_plans (
            event_id TEXT NOT NULL REFERENCES events(id),
            item_id TEXT NOT NULL REFERENCES inventory_items(id),
            expected_quantity INTEGER NOT NULL CHECK (expected_quantity > 0),
            updated_at TEXT,
            PRIMARY KEY (event_id, item_id)
        )
        """
    )
    # Which movements carried an event outcome's materials (flyers, posters handed out) into
    # the ledger, so that each outcome is posted once and a correction posts the difference.
    db.execute(
        """
        CREATE TABLE stock_outcome_postings (
            movement_id TEXT PRIMARY KEY REFERENCES stock_movements(id),
            event_id TEXT NOT NULL REFERENCES events(id),
            material TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX stock_outcome_postings_event ON stock_outcome_postings(event_id)")
    for action in ("UPDATE", "DELETE"):
        db.execute(
            f"""
            CREATE TRIGGER stock_outcome_postings_no_{action.lower()}
            BEFORE {action} ON stock_outcome_postings
            BEGIN
                SELECT RAISE(ABORT, 'stock_outcome_postings is append-only');
            END
            """
        )


def fill_demo(db: Database, ctx: DemoContext) -> None:
    from outreach.inventory.demo import fill_inventory_demo

    fill_inventory_demo(db, ctx)


def check(db: Database) -> list[Message]:
    from outreach.inventory.ledger import check_ledger

    return check_ledger(db)


def summarise(db: Database) -> list[tuple[str, int]]:
    from outreach.inventory.forecast import low_stock

    items = db.execute("SELECT count(*) FROM inventory_items").fetchone()[0]
    movements = db.execute("SELECT count(*) FROM stock_movements").fetchone()[0]
    return [
        ("inventory.summary.items", items),
        ("inventory.summary.movements", movements),
        ("inventory.summary.low", len(low_stock(db))),
    ]


def register_commands(registry) -> None:
    from outreach.inventory.commands import register

    register(registry)


def on_event_outcome(db: Database, event_id: str, change: Mapping[str, int]) -> None:
    """An event's outcome (flyers, posters handed out) posts to the ledger in the outcome's
    own transaction; see ``outreach.inventory.outcomes``."""
    from outreach.inventory.outcomes import post_outcome_hook

    post_outcome_hook(db, event_id, change)


FEATURE = Feature(
    name="inventory",
    migrations=MIGRATIONS,
    register_commands=register_commands,
    fill_demo=fill_demo,
    check=check,
    summarise=summarise,
    on_event_outcome=on_event_outcome,
)
