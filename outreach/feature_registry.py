"""The concepts of the program, in dependency order (migrations apply in this order)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from outreach import __version__
from outreach.atomic_files import write_bytes_atomic
from outreach.locations import user_data_dir

if TYPE_CHECKING:
    from outreach.features import Feature

OUTREACH_DIR = Path(__file__).resolve().parent
MIGRATION_NAMES_CACHE = "migration-names.json"


@cache
def all_features() -> tuple[Feature, ...]:
    from outreach.awards.feature import FEATURE as awards
    from outreach.budget.feature import FEATURE as budget
    from outreach.competition.feature import FEATURE as competition
    from outreach.core.feature import FEATURE as core
    from outreach.events.feature import FEATURE as events
    from outreach.exam.feature import FEATURE as exam
    from outreach.exchange.feature import FEATURE as exchange
    from outreach.final.feature import FEATURE as final
    from outreach.inventory.feature import FEATURE as inventory
    from outreach.reporting.feature import FEATURE as reporting

    # exchange and reporting own no user tables; they work across all the others.
    return (core, competition, exam, final, events, inventory, budget, awards, exchange, reporting)


def migration_sources() -> list[Path]:
    """The files whose text decides the migration names: this registry, ``MigrationSet``, and
    every concept's ``feature.py`` (a test checks that no other module makes a MigrationSet)."""
    return [
        OUTREACH_DIR / "feature_registry.py",
        OUTREACH_DIR / "storage" / "migrations.py",
        *sorted(OUTREACH_DIR.glob("*/feature.py")),
    ]


def _stamp(sources: list[Path]) -> list[object]:
    """What the cached names were computed from, compared the way Python checks a .pyc."""
    stamp: list[object] = [__version__]
    for path in sources:
        status = path.stat()
        stamp.append([str(path.relative_to(OUTREACH_DIR)), status.st_size, status.st_mtime_ns])
    return stamp


def migration_names(cache_dir: Path | None = None) -> list[tuple[str, str]]:
    """(set, name) of every migration this version knows, in the order they apply.

    Opening a file compares these with the ones it has applied before anything else can
    happen. Learning them means importing every concept's feature module, several milliseconds
    of start-up; so they are remembered in the user data folder and recomputed when a file
    that declares migrations (or the version) changes.
    """
    cache_file = (cache_dir or user_data_dir() / "cache") / MIGRATION_NAMES_CACHE
    remembered = {"stamp": _stamp(migration_sources()), "names": None}
    try:
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        if stored["stamp"] == remembered["stamp"]:
            remembered["names"] = [[str(pair[0]), str(pair[1])] for pair in stored["names"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # absent, unreadable or from another version of the code: compute them
    # Once the features are imported anyway (the command line, a migration), they decide.
    if remembered["names"] is not None and not all_features.cache_info().currsize:
        return [(set_name, name) for set_name, name in remembered["names"]]
    names = [(f.migrations.name, name) for f in all_features() for name in f.migrations.names]
    if remembered["names"] != [list(pair) for pair in names]:
        remembered["names"] = names
        try:
            text = json.dumps(remembered, ensure_ascii=False)
            write_bytes_atomic(cache_file, text.encode("utf-8"))
        except OSError:
            pass  # a read-only data folder costs the imports next time, nothing more
    return names
