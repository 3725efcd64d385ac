from __future__ import annotations

from sqlite_utils import Migrations

from outreach.features import Feature

MIGRATIONS = Migrations("awards")

FEATURE = Feature(name="awards", migrations=MIGRATIONS)
