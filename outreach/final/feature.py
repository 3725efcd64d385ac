from __future__ import annotations

from sqlite_utils import Migrations

from outreach.features import Feature

MIGRATIONS = Migrations("final")

FEATURE = Feature(name="final", migrations=MIGRATIONS)
