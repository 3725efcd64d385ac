"""Which versions of each row a programme file has held, so that a merge can tell a change made
on one laptop only from changes made on both.

A version is the hash of a row's exchanged values. A file remembers the versions its rows had
whenever it exchanges: when it makes a bundle, and the versions it had and took in a merge. A
bundle carries each row's remembered versions. Then, for a row the two files hold differently:

- this file's version is among the bundle's earlier versions of the row: only the other laptop
  changed it since; take theirs (a fast-forward);
- the bundle's version is among this file's earlier versions: only this laptop changed it
  since; keep mine;
- neither (or, after a change made and undone, both): both changed it; the organiser decides.

Files that have never exchanged know no earlier versions and fall back to asking.

A file also remembers which files its history comes from (its own id, and those of every
bundle it merged, with their histories): two files share history when these meet.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    from outreach.exchange.tables import ExchangeTable

VERSIONS_TABLE = "_exchange_versions"
FILES_TABLE = "_exchange_files"


def row_hash(row: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        return value.hex() if isinstance(value, bytes) else value

    text = json.dumps({k: plain(v) for k, v in sorted(row.items())}, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key_text(key: tuple[Any, ...]) -> str:
    return "/".join(str(part) for part in key)


def version_of(table: ExchangeTable, row: dict[str, Any]) -> str:
    """The version (hash) of ``row`` over the table's exchanged columns."""
    return row_hash({c: row.get(c) for c in table.columns})


def known_versions(db: Database) -> dict[tuple[str, str], set[str]]:
    """{(table, row key): versions this file has held}."""
    if not db[VERSIONS_TABLE].exists():
        return {}
    known: dict[tuple[str, str], set[str]] = {}
    for table_name, row_key, version in db.execute(
        f"SELECT table_name, row_key, version FROM [{VERSIONS_TABLE}]"
    ):
        known.setdefault((table_name, row_key), set()).add(version)
    return known


def remember(db: Database, versions: Iterable[tuple[str, str, str]]) -> None:
    """Add (table, row key, version) triples; call inside the caller's transaction."""
    if not db[VERSIONS_TABLE].exists():
        return
    db.conn.executemany(
        f"INSERT OR IGNORE INTO [{VERSIONS_TABLE}] (table_name, row_key, version) VALUES (?,?,?)",
        list(versions),
    )


def remember_current(db: Database, current: Iterable[tuple[str, str, str]]) -> None:
    """Remember the versions a bundle is made of. Best effort: a file opened read-only (or
    busy) makes its bundle all the same, it only remembers nothing."""
    try:
        with db.atomic():
            remember(db, current)
    except sqlite3.OperationalError:
        pass


def file_history(db: Database) -> set[str]:
    """Ids of this file and of the files whose bundles it merged (theirs included)."""
    if not db[FILES_TABLE].exists():
        return set()
    return {file_id for (file_id,) in db.execute(f"SELECT file_id FROM [{FILES_TABLE}]")}


def remember_files(db: Database, file_ids: Iterable[str]) -> None:
    """Add the files a merged bundle's history comes from; call inside the merge."""
    if not db[FILES_TABLE].exists():
        return
    db.conn.executemany(
        f"INSERT OR IGNORE INTO [{FILES_TABLE}] (file_id) VALUES (?)", [(f,) for f in file_ids]
    )
