"""Exchange between laptops: ``bundle --out FILE`` and ``merge FILE``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import Feature
from outreach.i18n import tr
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    import argparse

    from sqlite_utils import Database

MIGRATIONS = MigrationSet("exchange")


@MIGRATIONS(name="0001_decisions")
def _decisions(db: Database) -> None:
    # Conflicts the organiser settled as "keep mine": the same bundle does not ask again.
    # Leading underscore: bookkeeping, never exchanged nor counted as user data.
    db.execute(
        "CREATE TABLE [_exchange_decisions] (table_name TEXT NOT NULL, "
        "row_key TEXT NOT NULL, theirs_hash TEXT NOT NULL, decided_at TEXT NOT NULL, "
        "PRIMARY KEY (table_name, row_key, theirs_hash))"
    )


@MIGRATIONS(name="0002_versions")
def _versions(db: Database) -> None:
    # The versions (hashes) each row had when this file exchanged: a merge takes a change made
    # only on the other laptop instead of asking (see outreach/exchange/versions.py).
    db.execute(
        "CREATE TABLE [_exchange_versions] (table_name TEXT NOT NULL, "
        "row_key TEXT NOT NULL, version TEXT NOT NULL, "
        "PRIMARY KEY (table_name, row_key, version)) WITHOUT ROWID"
    )


@MIGRATIONS(name="0003_files")
def _files(db: Database) -> None:
    # The files this file's history comes from: itself (a random id made with the file, kept by
    # its copies) and every file whose bundle it merged, with theirs. Deletions travel only
    # between files whose histories meet (see outreach/exchange/merge.py).
    from uuid import uuid4

    db.execute(
        "CREATE TABLE [_exchange_files] (file_id TEXT PRIMARY KEY, "
        "own INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
    )
    db.execute("INSERT INTO [_exchange_files] (file_id, own) VALUES (?, 1)", [str(uuid4())])


def _configure_bundle(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", required=True, help=tr("exchange.cli.out_help"))


def _configure_merge(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--prefer",
        choices=("mine", "theirs"),
        default=None,
        help=tr("exchange.cli.prefer_help"),
    )
    parser.add_argument(
        "--skip-problems", action="store_true", help=tr("exchange.cli.skip_problems_help")
    )
    parser.add_argument("--dry-run", action="store_true", help=tr("exchange.cli.dry_run_help"))


def register_commands(registry) -> None:
    from outreach.exchange.commands import run_bundle, run_merge

    registry.command("bundle", tr("exchange.cli.bundle_help"), run_bundle, _configure_bundle)
    registry.command("merge", tr("exchange.cli.merge_help"), run_merge, _configure_merge)


def _check(db: Database):
    from outreach.exchange.invariants import check

    return check(db)


FEATURE = Feature(
    name="exchange", migrations=MIGRATIONS, register_commands=register_commands, check=_check
)
