from __future__ import annotations

from sqlite_utils import Migrations

from outreach.features import Feature

MIGRATIONS = Migrations("events")

FEATURE = Feature(name="events", migrations=MIGRATIONS)
