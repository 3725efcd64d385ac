"""Merging a bundle into a programme file, row by row, keyed by primary key (UUID ids).

- A row the file lacks is added (parents before children).
- A row the file has, unchanged, is skipped: merging the same bundle twice changes nothing.
- A row this file never edited (``updated_at`` empty) but the other did is taken from the
  bundle (a seeded default the other laptop changed).
- A row changed on one laptop only since the two last exchanged it is taken from the bundle
  (changed there) or kept (changed here), told apart by the versions each file remembers of
  its rows (``versions.py``).
- A row both files changed is a conflict: the organiser chooses "mine" (keep this file's) or
  "theirs" (take the bundle's). A rejected version is remembered, so the same bundle merged
  again does not ask again.
- Ledger rows (append-only tables) are only ever added; a ledger row that differs is reported
  and left alone, since corrections are new reversing entries, not edits.
- A row the file's rules refuse (a clash on a unique name, a check, a trigger) is reported
  with its table, id and reason; the rest of the merge goes through only when the organiser
  accepts that (``skip_problems``).
- Deletions travel, by the recorded history only. A row here that the bundle lists as deleted
  there (held there at an exchange, gone since) is deleted here when this file also exchanged
  it and its version here is one the other file held (not changed here since); changed here
  since, it is a conflict ("mine" keeps it, "theirs" deletes it). A delete that rows here still
  refer to (answer sheets of a member, a ledger entry…) is not made: it is reported as a
  problem. A bundle row this file once held and has deleted is not brought back when the
  bundle's version is one this file held; changed there since, it is a conflict ("mine" keeps
  it deleted, "theirs" brings it back). Ledger rows are never deleted, and files with no shared
  history delete nothing (their ``history`` of file ids, ``versions.file_history``, do not
  meet, or the bundle predates it): there an absent row means "never had it".

Everything happens in one transaction: ``plan_merge`` is a dry run of ``apply_merge``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from outreach.exchange.bundle import Bundle, BundleTable
from outreach.exchange.labels import refusal, row_label, table_label
from outreach.exchange.tables import ExchangeTable, exchange_tables
from outreach.exchange.versions import (
    file_history,
    key_text,
    known_versions,
    remember,
    remember_files,
    row_hash,
    version_of,
)
from outreach.i18n import Message, msg
from outreach.storage.database import (
    applied_migrations,
    known_migrations,
    now_iso,
    unknown_migrations,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Choice = Literal["mine", "theirs"]
DECISIONS_TABLE = "_exchange_decisions"
UPDATED_AT = "updated_at"


@dataclass(frozen=True)
class Conflict:
    table: str
    key: tuple[Any, ...]
    mine: dict[str, Any]
    theirs: dict[str, Any]
    # "there": deleted in the bundle's file, changed here ("mine" keeps, "theirs" deletes);
    # "here": deleted in this file, changed there ("mine" leaves deleted, "theirs" restores).
    deleted: Literal["", "here", "there"] = ""

    @property
    def ident(self) -> tuple[str, tuple[Any, ...]]:
        return (self.table, self.key)

    @property
    def differing(self) -> list[str]:
        return [c for c in self.theirs if self.mine.get(c) != self.theirs.get(c)]


@dataclass
class MergeResult:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)  # still open (no choice given)
    problems: list[Message] = field(default_factory=list)  # rows that could not be merged
    applied: bool = False

    @property
    def changed(self) -> int:
        return sum(self.added.values()) + sum(self.updated.values()) + sum(self.deleted.values())


class MergeRefused(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


class _DryRun(Exception):
    pass


def _rejected(db: Database) -> set[tuple[str, str, str]]:
    if not db[DECISIONS_TABLE].exists():
        return set()
    return {
        (t, k, h)
        for t, k, h in db.execute(
            f"SELECT table_name, row_key, theirs_hash FROM [{DECISIONS_TABLE}]"
        ).fetchall()
    }


def _check_compatible(db: Database, bundle: Bundle) -> None:
    known = set(known_migrations())
    newer = [f"{s}/{n}" for s, n in bundle.migrations if (s, n) not in known]
    if newer:
        raise MergeRefused(msg("exchange.error.newer", names=", ".join(newer)))
    if unknown_migrations(db):
        raise MergeRefused(msg("exchange.error.newer", names="(this file)"))
    mine = set(applied_migrations(db))
    missing = [f"{s}/{n}" for s, n in bundle.migrations if (s, n) not in mine]
    if missing:
        # The bundle's file has a table layout this file has not reached yet.
        raise MergeRefused(msg("exchange.error.behind", names=", ".join(missing)))


def _fetch(db: Database, table: ExchangeTable, key: tuple[Any, ...]) -> dict[str, Any] | None:
    where = " AND ".join(f"[{k}] = ?" for k in table.key)
    cursor = db.execute(
        f"SELECT {', '.join(f'[{c}]' for c in table.columns)} FROM [{table.name}] WHERE {where}",
        list(key),
    )
    row = cursor.fetchone()
    return dict(zip(table.columns, row, strict=True)) if row else None


def _problem(
    table: str, key: tuple[Any, ...], reason: str, row: dict[str, Any] | None = None
) -> Message:
    return msg(
        "exchange.problem.row",
        table=table_label(table),
        key=row_label(row, key_text(key)),
        reason=refusal(reason, row),
    )


def _merge_rows(
    db: Database,
    bundle: Bundle,
    choices: dict[tuple[str, tuple[Any, ...]], Choice],
    default: Choice | None,
    result: MergeResult,
) -> None:
    tables = {t.name: t for t in exchange_tables(db)}
    rejected = _rejected(db)
    new_rejections: list[tuple[str, str, str]] = []
    held = known_versions(db)
    # Deletions travel only between files whose histories meet (never-exchanged files may
    # hold the same seeded rows, a budget category, without having shared anything).
    shared = bool(set(bundle.history) & file_history(db))
    # Versions this file holds after the merge: its own rows' and every version the rows it
    # takes or keeps descend from.
    now_held: list[tuple[str, str, str]] = []
    doomed: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
    for name in bundle.tables:
        if name not in tables:
            result.problems.append(msg("exchange.problem.table", table=name))
    for table in tables.values():
        incoming = bundle.tables.get(table.name)
        if incoming is None:
            continue
        unknown_columns = [c for c in incoming.columns if c not in table.columns]
        if unknown_columns or list(incoming.key) != list(table.key):
            result.problems.append(
                msg(
                    "exchange.problem.columns",
                    table=table.name,
                    columns=", ".join(unknown_columns) or ", ".join(incoming.key),
                )
            )
            continue
        pending: list[dict[str, Any]] = []
        for theirs in incoming.rows:
            key = tuple(theirs[k] for k in table.key)
            row_key = key_text(key)
            mine = _fetch(db, table, key)
            if mine is None:
                if table.append_only or not shared or not held.get((table.name, row_key)):
                    pending.append(theirs)  # new to this file
                    continue
                # This file held the row at an exchange and has deleted it since.
                theirs_full = {c: theirs.get(c) for c in table.columns}
                their_versions = _versions_of(table, theirs_full, incoming.versions)
                digest = row_hash(theirs_full)
                if (
                    version_of(table, theirs_full) in held[(table.name, row_key)]
                    or (table.name, row_key, digest) in rejected
                ):
                    result.unchanged += 1  # not changed there since: it stays deleted
                    continue
                conflict = Conflict(table.name, key, {}, theirs_full, "here")
                choice = choices.get(conflict.ident, default)
                if choice is None:
                    result.conflicts.append(conflict)
                elif choice == "mine":
                    new_rejections.append((table.name, row_key, digest))
                    now_held.extend(their_versions)  # my next bundle deletes this version
                else:
                    pending.append(theirs)
                continue
            theirs_full = {**mine, **theirs}
            their_versions = _versions_of(table, theirs_full, incoming.versions)
            my_version = version_of(table, mine)
            my_versions = held.get((table.name, row_key), set())
            now_held.append((table.name, row_key, my_version))
            if theirs_full == mine:
                result.unchanged += 1
                now_held.extend(their_versions)
                continue
            if table.append_only:
                result.problems.append(
                    msg("exchange.problem.ledger", table=table.name, key=row_key)
                )
                continue
            digest = row_hash(theirs_full)
            if (table.name, row_key, digest) in rejected:
                result.unchanged += 1
                continue
            # Changed on one side only since the files last exchanged this row? (Both, after
            # a change made and undone, cannot be told apart: asked, as a conflict.)
            changed_there = (table.name, row_key, my_version) in their_versions
            changed_here = version_of(table, theirs_full) in my_versions
            if changed_here and not changed_there:
                result.unchanged += 1  # theirs is an earlier version of mine
                now_held.extend(their_versions)
                continue
            if (changed_there and not changed_here) or _untouched_here(mine, theirs_full):
                # Only the other laptop changed the row (or this file never edited it, e.g. a
                # category as its migration seeded it): a fast-forward, not a conflict.
                if _update(db, table, key, theirs_full, result):
                    now_held.extend(their_versions)
                continue
            conflict = Conflict(table.name, key, mine, theirs_full)
            choice = choices.get(conflict.ident, default)
            if choice is None:
                result.conflicts.append(conflict)
            elif choice == "mine":
                new_rejections.append((table.name, row_key, digest))
            elif _update(db, table, key, theirs_full, result):
                now_held.extend(their_versions)
        for row in _insert_all(db, table, pending, result):
            now_held.extend(_versions_of(table, row, incoming.versions))
        if shared and incoming.deleted and not table.append_only:
            doomed[table.name] = _deleted_there(
                db, table, incoming, held, rejected, choices, default, result, new_rejections
            )
    references = _references(db)
    for table in reversed(list(tables.values())):  # children before their parents
        if doomed.get(table.name):
            _delete_rows(db, table, doomed[table.name], references, result)
    if new_rejections:
        for table_name, rejected_key, digest in new_rejections:
            db.execute(
                f"INSERT OR IGNORE INTO [{DECISIONS_TABLE}] VALUES (?, ?, ?, ?)",
                [table_name, rejected_key, digest, now_iso()],
            )
    remember(db, now_held)
    remember_files(db, bundle.history)


def _deleted_there(
    db: Database,
    table: ExchangeTable,
    incoming: BundleTable,
    held: dict[tuple[str, str], set[str]],
    rejected: set[tuple[str, str, str]],
    choices: dict[tuple[str, tuple[Any, ...]], Choice],
    default: Choice | None,
    result: MergeResult,
    new_rejections: list[tuple[str, str, str]],
) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Rows here the bundle's file deleted: those to delete (unchanged here since the other file
    held them, or the organiser chose "theirs"); changed here, they are conflicts."""
    in_bundle = {key_text(tuple(row[k] for k in table.key)) for row in incoming.rows}
    doomed: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    cursor = db.execute(f"SELECT {', '.join(f'[{c}]' for c in table.columns)} FROM [{table.name}]")
    for values in cursor.fetchall():
        mine = dict(zip(table.columns, values, strict=True))
        key = tuple(mine[k] for k in table.key)
        row_key = key_text(key)
        gone = incoming.deleted.get(row_key)
        if not gone or row_key in in_bundle or not held.get((table.name, row_key)):
            continue  # not deleted there, or never exchanged by this file: no shared history
        if version_of(table, mine) in gone:
            doomed.append((key, mine))  # not changed here since the other file held it
            continue
        mark = row_hash({"deleted": sorted(gone)})
        if (table.name, row_key, mark) in rejected:
            result.unchanged += 1
            continue
        conflict = Conflict(table.name, key, mine, {}, "there")
        choice = choices.get(conflict.ident, default)
        if choice is None:
            result.conflicts.append(conflict)
        elif choice == "mine":
            new_rejections.append((table.name, row_key, mark))
        else:
            doomed.append((key, mine))
    return doomed


def _references(db: Database) -> dict[str, list[tuple[str, list[tuple[str, str]]]]]:
    """{parent table: [(child table, [(child column, parent column)])]} over every table."""
    references: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
    for (child,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall():
        try:
            keys = db.execute(f"PRAGMA foreign_key_list([{child}])").fetchall()
        except sqlite3.OperationalError:  # a virtual table
            continue
        grouped: dict[int, tuple[str, list[tuple[str, str | None]]]] = {}
        for fk_id, _seq, parent, column, target, *_ in keys:
            grouped.setdefault(fk_id, (parent, []))[1].append((column, target))
        for parent, pairs in grouped.values():
            if any(target is None for _, target in pairs):
                info = db.execute(f"PRAGMA table_info([{parent}])").fetchall()
                pk = [row[1] for row in sorted(info, key=lambda r: r[5]) if row[5] > 0]
                pairs = [(column, pk[i]) for i, (column, _) in enumerate(pairs)]
            references.setdefault(parent, []).append((child, pairs))  # type: ignore[arg-type]
    return references


def _referrers(
    db: Database,
    table: ExchangeTable,
    references: dict[str, list[tuple[str, list[tuple[str, str]]]]],
) -> dict[tuple[Any, ...], list[tuple[str, int]]]:
    """{row key: [(table, count)]} of the rows here that refer to rows of ``table``: one query
    per referring table, not one per row."""
    found: dict[tuple[Any, ...], list[tuple[str, int]]] = {}
    keys = ", ".join(f"p.[{k}]" for k in table.key)
    for child, pairs in references.get(table.name, []):
        join = " AND ".join(f"c.[{column}] = p.[{target}]" for column, target in pairs)
        for *key, count in db.execute(
            f"SELECT {keys}, COUNT(*) FROM [{child}] AS c JOIN [{table.name}] AS p ON {join} "
            f"GROUP BY {keys}"
        ).fetchall():
            found.setdefault(tuple(key), []).append((child, count))
    return found


def _delete_rows(
    db: Database,
    table: ExchangeTable,
    rows: list[tuple[tuple[Any, ...], dict[str, Any]]],
    references: dict[str, list[tuple[str, list[tuple[str, str]]]]],
    result: MergeResult,
) -> None:
    """Delete ``rows``, none that rows here still refer to (a cascade or a "set null" would
    silently take or change them): those are reported as problems and kept."""
    sql = f"DELETE FROM [{table.name}] WHERE {' AND '.join(f'[{k}] = ?' for k in table.key)}"
    waiting = rows
    while waiting:
        blocked: list[tuple[tuple[Any, ...], dict[str, Any], list[tuple[str, int]]]] = []
        referred = _referrers(db, table, references)
        for key, mine in waiting:
            referrers = referred.get(key)
            if referrers:
                blocked.append((key, mine, referrers))
                continue
            reason = _guarded(db, lambda key=key: db.execute(sql, list(key)))
            if reason is None:
                result.deleted[table.name] = result.deleted.get(table.name, 0) + 1
            else:
                result.problems.append(_problem(table.name, key, reason, mine))
        if len(blocked) == len(waiting) or table.name not in table.parents:
            for key, mine, referrers in blocked:
                child = referrers[0][0]
                result.problems.append(
                    msg(
                        "exchange.problem.delete_blocked",
                        table=table_label(table.name),
                        key=row_label(mine, key_text(key)),
                        referrer=table_label(child),
                        count=sum(c for _, c in referrers),
                    )
                )
            return
        waiting = [(key, mine) for key, mine, _ in blocked]


def _versions_of(
    table: ExchangeTable, row: dict[str, Any], earlier: dict[str, list[str]]
) -> list[tuple[str, str, str]]:
    """(table, row key, version) of a bundle's row: its version and those it had earlier."""
    row_key = key_text(tuple(row[k] for k in table.key))
    versions = {*earlier.get(row_key, ()), version_of(table, row)}
    return [(table.name, row_key, v) for v in sorted(versions)]


def _untouched_here(mine: dict[str, Any], theirs: dict[str, Any]) -> bool:
    """A row with an ``updated_at`` column that is empty here but set there was only edited
    on the other laptop."""
    return (
        UPDATED_AT in mine
        and mine[UPDATED_AT] in (None, "")
        and theirs.get(UPDATED_AT) not in (None, "")
    )


def _guarded(db: Database, action) -> str | None:
    """Run ``action`` in a savepoint; the reason it was refused, or None."""
    try:
        with db.atomic():
            action()
    except sqlite3.IntegrityError as exc:
        if not db.conn.in_transaction:
            raise  # a RAISE(ROLLBACK) trigger ended the whole merge
        return str(exc)
    return None


def _insert_all(
    db: Database, table: ExchangeTable, rows: list[dict[str, Any]], result: MergeResult
) -> list[dict[str, Any]]:
    """Insert ``rows``; returns those inserted (the others are reported as problems)."""
    columns = list(table.columns)
    inserted: list[dict[str, Any]] = []
    sql = (
        f"INSERT INTO [{table.name}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    # Rows of a table that points at itself may arrive children first: retry while progressing.
    waiting = rows
    while waiting:
        failed: list[tuple[dict[str, Any], str]] = []
        for row in waiting:
            reason = _guarded(db, lambda row=row: db.execute(sql, [row.get(c) for c in columns]))
            if reason is None:
                result.added[table.name] = result.added.get(table.name, 0) + 1
                inserted.append(row)
            else:
                failed.append((row, reason))
        if len(failed) == len(waiting) or table.name not in table.parents:
            for row, reason in failed:
                key = tuple(row[k] for k in table.key)
                result.problems.append(_problem(table.name, key, reason, row))
            return inserted
        waiting = [row for row, _ in failed]
    return inserted


def _update(
    db: Database,
    table: ExchangeTable,
    key: tuple[Any, ...],
    theirs: dict[str, Any],
    result: MergeResult,
) -> bool:
    """Take ``theirs``; False (reported as a problem) when the file's rules refuse it."""
    columns = [c for c in table.columns if c not in table.key]
    sql = (
        f"UPDATE [{table.name}] SET {', '.join(f'[{c}] = ?' for c in columns)} "
        f"WHERE {' AND '.join(f'[{k}] = ?' for k in table.key)}"
    )
    reason = _guarded(db, lambda: db.execute(sql, [theirs[c] for c in columns] + list(key)))
    if reason is None:
        result.updated[table.name] = result.updated.get(table.name, 0) + 1
        return True
    result.problems.append(_problem(table.name, key, reason, theirs))
    return False


def merge_bundle(
    db: Database,
    bundle: Bundle,
    *,
    choices: dict[tuple[str, tuple[Any, ...]], Choice] | None = None,
    prefer: Choice | None = None,
    skip_problems: bool = False,
    dry_run: bool = False,
) -> MergeResult:
    """Merge ``bundle`` into ``db`` in one transaction.

    ``choices`` decide single conflicts, ``prefer`` the rest. Nothing is written (the result
    says what would happen) when ``dry_run``, when conflicts remain undecided, or when some row
    was refused and ``skip_problems`` is not set.
    """
    _check_compatible(db, bundle)
    result = MergeResult()
    try:
        with db.atomic():
            _merge_rows(db, bundle, choices or {}, prefer, result)
            undecided = bool(result.conflicts)
            refused = bool(result.problems) and not skip_problems
            if dry_run or undecided or refused:
                raise _DryRun
    except _DryRun:
        return result
    result.applied = True
    return result
