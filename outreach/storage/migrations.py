"""Named migrations of one concept, declared without importing sqlite-utils.

Opening an up-to-date programme only has to compare names: which migrations this version knows
and which the file has applied (``_sqlite_migrations``). That comparison is plain SQL here, so
start-up does not pay for importing sqlite-utils (and click, pluggy, dateutil with it). Pending
migrations are applied through sqlite-utils' own ``Migrations``, which records them in the same
table with the same columns, so files stay readable by either.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS_TABLE = "_sqlite_migrations"


@dataclass(frozen=True)
class Migration:
    name: str
    fn: Callable[[Database], None]
    transactional: bool = True


def connection_of(db: Database | sqlite3.Connection) -> sqlite3.Connection:
    return db if isinstance(db, sqlite3.Connection) else db.conn


def migrations_table_exists(conn: sqlite3.Connection) -> bool:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    return found is not None


def applied_migrations(db: Database | sqlite3.Connection) -> list[tuple[str, str]]:
    """(set, name) of every migration the file has applied, in the order applied."""
    conn = connection_of(db)
    if not migrations_table_exists(conn):
        return []
    rows = conn.execute(f"SELECT migration_set, name FROM {MIGRATIONS_TABLE} ORDER BY rowid")
    return [(row[0], row[1]) for row in rows]


class MigrationSet:
    """Same decorator as ``sqlite_utils.Migrations``: ``@MIGRATIONS(name="0001_teams")``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.migrations: list[Migration] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            migration_name = name or fn.__name__
            if migration_name in self.names:
                raise ValueError(f"migration {migration_name!r} is already in set {self.name!r}")
            self.migrations.append(Migration(migration_name, fn, transactional))
            return fn

        return register

    @property
    def names(self) -> list[str]:
        return [m.name for m in self.migrations]

    def pending(self, db: Database | sqlite3.Connection) -> list[str]:
        done = {name for s, name in applied_migrations(db) if s == self.name}
        return [name for name in self.names if name not in done]

    def apply(self, db: Database) -> None:
        """Apply the pending migrations, each in a transaction with its record."""
        if not self.pending(db):
            return
        from sqlite_utils import Migrations

        migrations = Migrations(self.name)
        for migration in self.migrations:
            migrations(name=migration.name, transactional=migration.transactional)(migration.fn)
        migrations.apply(db)

    def __repr__(self) -> str:
        return f"<MigrationSet {self.name!r}: {', '.join(self.names)}>"
