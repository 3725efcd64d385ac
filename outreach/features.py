"""What a concept (competition, exam, events…) plugs into the program.

Each concept package has a ``feature.py`` defining ``FEATURE``; ``feature_registry`` lists them
in dependency order (a concept's tables may reference those of concepts before it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from outreach.i18n import Message
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

    from outreach.cli import CommandRegistry


@dataclass
class DemoContext:
    """Shared by the concepts while the demo programme is filled (ids created earlier, a seed)."""

    seed: int = 2026
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Feature:
    name: str
    migrations: MigrationSet
    # Adds this concept's commands (``import roster``, ``export teams``…) to the command line.
    register_commands: Callable[[CommandRegistry], None] | None = None
    # Adds this concept's part of the demo programme (called inside one transaction).
    fill_demo: Callable[[Database, DemoContext], None] | None = None
    # Invariant checks for ``check``: each problem is a translatable message.
    check: Callable[[Database], list[Message]] | None = None
    # Counts shown in summaries (Home, backups, the restore dialog): (catalog key, count).
    summarise: Callable[[Database], list[tuple[str, int]]] | None = None
    # Tables that migrations fill with defaults (so a fresh programme still counts as empty).
    seeded_tables: tuple[str, ...] = ()
    # Called inside an event outcome's transaction with (db, event_id, {material: change}).
    on_event_outcome: Callable[[Database, str, Mapping[str, int]], None] | None = None
