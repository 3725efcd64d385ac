"""The demo programme: a plausible programme built from the seed plan, for trying the program.

Each concept adds its part through ``Feature.fill_demo``; all of it goes in one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.feature_registry import all_features
from outreach.features import DemoContext
from outreach.i18n import Message, msg

if TYPE_CHECKING:
    from sqlite_utils import Database

# Tables that migrations fill with defaults; they do not make a programme "not empty".
_INTERNAL_PREFIXES = ("_", "sqlite_")


class DemoRefused(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


def seeded_tables() -> set[str]:
    tables = {"programme_info"}
    for feature in all_features():
        tables |= set(feature.seeded_tables)
    return tables


def user_row_count(db: Database) -> int:
    skip = seeded_tables()
    total = 0
    for name in db.table_names():
        if name.startswith(_INTERNAL_PREFIXES) or name in skip or "_fts" in name:
            continue
        total += db.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
    return total


def summary(db: Database) -> list[tuple[str, int]]:
    counts: list[tuple[str, int]] = []
    for feature in all_features():
        if feature.summarise:
            counts += feature.summarise(db)
    return counts


def fill_demo(db: Database, seed: int = 2026) -> list[tuple[str, int]]:
    """Fill an empty programme; refuses (changing nothing) when it already holds data."""
    already_demo = db.execute("SELECT 1 FROM programme_info WHERE key = 'demo'").fetchone()
    if already_demo or user_row_count(db):
        raise DemoRefused(msg("demo.error.not_empty"))
    ctx = DemoContext(seed=seed)
    with db.atomic():
        for feature in all_features():
            if feature.fill_demo:
                feature.fill_demo(db, ctx)
    return summary(db)
