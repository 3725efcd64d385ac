"""``check``: SQLite integrity, foreign keys, and each concept's invariants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.feature_registry import all_features
from outreach.i18n import Message, msg
from outreach.storage.database import unknown_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database


def run_checks(db: Database) -> list[Message]:
    problems: list[Message] = []
    for (result,) in db.execute("PRAGMA integrity_check").fetchall():
        if result != "ok":
            problems.append(msg("check.integrity", detail=result))
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall():
        problems.append(msg("check.foreign_key", table=table, rowid=rowid, parent=parent))
    for migration_set, name in unknown_migrations(db):
        problems.append(msg("check.unknown_migration", name=f"{migration_set}/{name}"))
    for feature in all_features():
        if feature.check:
            problems += feature.check(db)
    return problems
