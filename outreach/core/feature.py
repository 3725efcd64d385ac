from __future__ import annotations

from typing import TYPE_CHECKING

from outreach import __version__
from outreach.features import DemoContext, Feature
from outreach.storage.database import now_iso
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("core")


@MIGRATIONS(name="0001_programme_info")
def _programme_info(db: Database) -> None:
    db["programme_info"].create({"key": str, "value": str}, pk="key")
    db["programme_info"].insert_all(
        [
            {"key": "created_at", "value": now_iso()},
            {"key": "created_by_version", "value": __version__},
            {"key": "written_by_version", "value": __version__},
        ]
    )


def fill_demo(db: Database, ctx: DemoContext) -> None:
    db["programme_info"].upsert_all(
        [
            {"key": "name", "value": "保险知识进社区 2026"},
            {"key": "year", "value": "2026"},
            {"key": "organiser", "value": "金融学院保险协会"},
            {"key": "demo", "value": "1"},
        ],
        pk="key",
    )


FEATURE = Feature(name="core", migrations=MIGRATIONS, fill_demo=fill_demo)
