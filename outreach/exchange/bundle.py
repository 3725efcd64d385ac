"""A bundle: the exchanged rows of one programme file, as JSON (readable, diff-able, safe).

A bundle holds every row of every exchanged table, not only recent changes: merging is by id,
so rows the other file already has cost nothing, and a bundle can never miss a change.
Binary cells (logos, seals) travel as base64.

A table also lists, under ``deleted`` (optional: absent in older bundles, read as none), the rows
the file once held at an exchange and holds no more, with the versions it held them at: a merge
deletes such a row where it is unchanged since (see outreach/exchange/merge.py). ``history``
(optional too) lists the files the bundle's file's history comes from.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outreach import __version__
from outreach.atomic_files import atomic_path, os_reason
from outreach.exchange.tables import exchange_tables
from outreach.exchange.versions import (
    file_history,
    key_text,
    known_versions,
    remember_current,
    version_of,
)
from outreach.i18n import Message, msg
from outreach.storage.database import applied_migrations

if TYPE_CHECKING:
    from sqlite_utils import Database

FORMAT = "outreach-desk-bundle"
FORMAT_VERSION = 1
MAX_BUNDLE_BYTES = 200 * 1024 * 1024


class BundleError(Exception):
    """A bundle file that cannot be read; ``message`` names the file and what is wrong."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass
class BundleTable:
    columns: list[str]
    key: list[str]
    rows: list[dict[str, Any]]
    # {row key text: versions the file held earlier} (see outreach/exchange/versions.py)
    versions: dict[str, list[str]] = field(default_factory=dict)
    # {row key text: versions the file held} of rows it held at an exchange and has deleted
    deleted: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Bundle:
    programme: str
    created_at: str
    app_version: str
    migrations: list[tuple[str, str]]
    tables: dict[str, BundleTable] = field(default_factory=dict)
    # ids of the file and of the files it merged bundles from (versions.file_history)
    history: list[str] = field(default_factory=list)

    def row_count(self) -> int:
        return sum(len(t.rows) for t in self.tables.values())


def _encode(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return {"$base64": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def collect(db: Database, programme_name: str = "") -> Bundle:
    """Every exchanged row of ``db``, with the versions each row had earlier; the rows'
    current versions are remembered as held."""
    bundle = Bundle(
        programme=programme_name,
        created_at=dt.datetime.now().isoformat(timespec="seconds"),
        app_version=__version__,
        migrations=applied_migrations(db),
        history=sorted(file_history(db)),
    )
    # {table: {row key: versions held}}: each table's share read once, not searched for in
    # every table's turn
    known: dict[str, dict[str, set[str]]] = {}
    for (name, key), versions in known_versions(db).items():
        known.setdefault(name, {})[key] = versions
    current: list[tuple[str, str, str]] = []
    for table in exchange_tables(db):
        select = f"SELECT {', '.join(f'[{c}]' for c in table.columns)} FROM [{table.name}] "
        try:
            # Rows travel in the order they were written: ledgers read in that order (a
            # balance never below zero) stay valid in the receiving file.
            cursor = db.execute(select + "ORDER BY rowid")
        except sqlite3.OperationalError:  # a WITHOUT ROWID table
            cursor = db.execute(
                select + f"ORDER BY {', '.join(f'[{c}]' for c in table.order_by or table.key)}"
            )
        rows = [dict(zip(table.columns, row, strict=True)) for row in cursor.fetchall()]
        held = known.get(table.name, {})
        earlier: dict[str, list[str]] = {}
        present: set[str] = set()
        for row in rows:
            key = key_text(tuple(row[k] for k in table.key))
            versions = held.get(key)
            if versions:
                earlier[key] = sorted(versions)
            present.add(key)
            current.append((table.name, key, version_of(table, row)))
        gone = {
            key: sorted(versions)
            for key, versions in held.items()
            if key not in present and not table.append_only
        }
        bundle.tables[table.name] = BundleTable(
            list(table.columns), list(table.key), rows, earlier, gone
        )
    remember_current(db, current)
    return bundle


def write_bundle(bundle: Bundle, target: str | Path) -> Path:
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "programme": bundle.programme,
        "created_at": bundle.created_at,
        "app_version": bundle.app_version,
        "migrations": [list(m) for m in bundle.migrations],
        "history": bundle.history,
        "tables": {
            name: {
                "columns": table.columns,
                "key": table.key,
                "rows": [[_encode(row[c]) for c in table.columns] for row in table.rows],
                "versions": table.versions,
                "deleted": table.deleted,
            }
            for name, table in bundle.tables.items()
        },
    }
    target = Path(target)
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(document, ensure_ascii=False, indent=None), encoding="utf-8")
    return target


def export_bundle(db: Database, target: str | Path, programme_name: str = "") -> Bundle:
    bundle = collect(db, programme_name)
    write_bundle(bundle, target)
    return bundle


def _fail(path: Path, key: str, **params: Any) -> BundleError:
    return BundleError(msg(key, file=path.name, **params))


def read_bundle(path: str | Path) -> Bundle:
    """Read and validate a bundle file; every defect raises ``BundleError`` naming the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _fail(path, "exchange.error.unreadable", detail=os_reason(exc)) from exc
    if size == 0:
        raise _fail(path, "exchange.error.empty")
    if size > MAX_BUNDLE_BYTES:
        raise _fail(path, "exchange.error.too_big", mb=MAX_BUNDLE_BYTES // (1024 * 1024))
    data = path.read_bytes()
    if data.startswith(b"SQLite format 3\x00"):
        # a programme file (or a backup) picked instead of its bundle
        raise _fail(path, "exchange.error.programme_file")
    if data.lstrip()[:1] not in (b"{", b"[", b"\xef"):
        raise _fail(path, "exchange.error.not_bundle")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _fail(path, "exchange.error.not_bundle") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(path, "exchange.error.json", line=exc.lineno, detail=exc.msg) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _fail(path, "exchange.error.not_bundle")
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _fail(path, "exchange.error.format_version", version=version)
    migrations = document.get("migrations")
    tables = document.get("tables")
    if not isinstance(migrations, list) or not isinstance(tables, dict):
        raise _fail(path, "exchange.error.structure", detail="migrations/tables")
    try:
        pairs = [(str(s), str(n)) for s, n in migrations]
    except (TypeError, ValueError) as exc:
        raise _fail(path, "exchange.error.structure", detail="migrations") from exc
    history = document.get("history", [])  # absent in bundles of earlier versions
    if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
        raise _fail(path, "exchange.error.structure", detail="history")
    bundle = Bundle(
        history=history,
        programme=str(document.get("programme", "")),
        created_at=str(document.get("created_at", "")),
        app_version=str(document.get("app_version", "")),
        migrations=pairs,
    )
    for name, table in tables.items():
        bundle.tables[name] = _read_table(path, name, table)
    return bundle


def _read_table(path: Path, name: str, table: Any) -> BundleTable:
    if not isinstance(table, dict):
        raise _fail(path, "exchange.error.table", table=name, detail="not an object")
    columns, key, rows = table.get("columns"), table.get("key"), table.get("rows")
    if (
        not isinstance(columns, list)
        or not all(isinstance(c, str) for c in columns)
        or not isinstance(key, list)
        or not key
        or not set(key) <= set(columns)
        or not isinstance(rows, list)
    ):
        raise _fail(path, "exchange.error.table", table=name, detail="columns/key/rows")
    decoded = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise _fail(path, "exchange.error.row", table=name, row=number)
        values = {}
        for column, value in zip(columns, row, strict=True):
            value = _decode(value)
            if not isinstance(value, str | int | float | bytes | type(None)):
                raise _fail(path, "exchange.error.row", table=name, row=number)
            values[column] = value
        decoded.append(values)
    # Both absent in bundles of earlier versions.
    versions = table.get("versions", {})
    deleted = table.get("deleted", {})
    for field_name, value in (("versions", versions), ("deleted", deleted)):
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(h, str) for h in v)
            for k, v in value.items()
        ):
            raise _fail(path, "exchange.error.table", table=name, detail=field_name)
    return BundleTable(columns, key, decoded, versions, deleted)
