from __future__ import annotations

from sqlite_utils import Migrations

from outreach.features import Feature

MIGRATIONS = Migrations("budget")

FEATURE = Feature(name="budget", migrations=MIGRATIONS)
