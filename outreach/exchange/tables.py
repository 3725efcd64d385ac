"""Which tables travel in a bundle, found from the schema rather than listed by hand, so that
every concept's tables are exchanged as soon as its migrations land.

A table travels when it has a primary key (the concepts' UUID text ids, or a composite key for
link tables); a log numbered per file (``seq INTEGER PRIMARY KEY``) travels by its unique
``id``. Internal tables (``_…``, ``sqlite_…``), full-text indexes and the file's own
``programme_info`` stay behind. A table guarded by a trigger that RAISEs on UPDATE is an
append-only ledger: its rows are only ever added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

LOCAL_TABLES = {"programme_info"}
# Every update refused: no column list ("UPDATE OF …") and no WHEN condition, which mark a
# rule on some writes (members' case-insensitive student numbers), not a ledger.
_BLOCKS_UPDATE = re.compile(
    r"\bBEFORE\s+UPDATE\s+ON\s+\S+\s+(?:FOR\s+EACH\s+ROW\s+)?BEGIN\b.*\bRAISE\s*\(",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class ExchangeTable:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    append_only: bool
    parents: tuple[str, ...]  # tables its foreign keys point at
    order_by: tuple[str, ...] = ()  # the order rows travel in (a log keeps its order)


def _fts_names(db: Database) -> set[str]:
    names = set()
    for name, sql in db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'"
    ).fetchall():
        if sql and sql.upper().startswith("CREATE VIRTUAL TABLE"):
            names.add(name)
    shadows = {
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        if any(name.startswith(f"{fts}_") for fts in names)
    }
    return names | shadows


def _is_append_only(db: Database, table: str) -> bool:
    for (sql,) in db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", [table]
    ).fetchall():
        if sql and _BLOCKS_UPDATE.search(sql):
            return True
    return False


def _has_unique_id(db: Database, table: str) -> bool:
    for index in db.execute(f"PRAGMA index_list([{table}])").fetchall():
        if not index[2]:
            continue
        columns = [row[2] for row in db.execute(f"PRAGMA index_info([{index[1]}])").fetchall()]
        if columns == ["id"]:
            return True
    return False


def exchange_tables(db: Database) -> list[ExchangeTable]:
    """The exchanged tables, parents before children (foreign-key order)."""
    skip = _fts_names(db) | LOCAL_TABLES
    found: dict[str, ExchangeTable] = {}
    for name in db.table_names():
        if name.startswith(("_", "sqlite_")) or name in skip:
            continue
        info = db.execute(f"PRAGMA table_info([{name}])").fetchall()
        columns = tuple(row[1] for row in info)
        key = tuple(row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0)
        if not key:
            continue  # rowid tables have no stable identity across files
        types = {row[1]: (row[2] or "").upper() for row in info}
        if len(key) == 1 and types[key[0]] == "INTEGER" and _has_unique_id(db, name):
            # A log numbered by its own file (seq INTEGER PRIMARY KEY) whose rows carry a UUID:
            # the UUID is the identity across files; the receiving file numbers arrivals anew.
            columns = tuple(c for c in columns if c != key[0])
            order_by = key
            key = ("id",)
        else:
            order_by = key
        parents = tuple(
            sorted({row[2] for row in db.execute(f"PRAGMA foreign_key_list([{name}])")})
        )
        found[name] = ExchangeTable(
            name, columns, key, _is_append_only(db, name), parents, order_by
        )
    return _parents_first(found)


def _parents_first(tables: dict[str, ExchangeTable]) -> list[ExchangeTable]:
    ordered: list[ExchangeTable] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(name: str) -> None:
        if name in placed or name not in tables or name in visiting:
            return
        visiting.add(name)
        for parent in tables[name].parents:
            if parent != name:
                place(parent)
        visiting.discard(name)
        placed.add(name)
        ordered.append(tables[name])

    for name in tables:
        place(name)
    return ordered
