"""The competition concept: class teams and their rosters (DESIGN.md §1.1 registration)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.features import DemoContext, Feature
from outreach.i18n import Message
from outreach.storage.migrations import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS = MigrationSet("competition")


@MIGRATIONS(name="0001_teams_members")
def _teams_members(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE teams (
            id TEXT PRIMARY KEY,
            class_name TEXT NOT NULL,
            name TEXT NOT NULL,
            notes TEXT,
            created_at TEXT,
            updated_at TEXT
        )
        """
    )
    db.execute(
        """
        CREATE TABLE members (
            id TEXT PRIMARY KEY,
            team_id TEXT NOT NULL REFERENCES teams(id),
            name TEXT NOT NULL,
            student_no TEXT NOT NULL UNIQUE,
            class_name TEXT,
            phone TEXT,
            role TEXT NOT NULL CHECK (role IN ('captain', 'member', 'alternate')),
            created_at TEXT,
            updated_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX members_team_id ON members(team_id)")
    db.execute("CREATE INDEX teams_class_name ON teams(class_name)")


def register_commands(registry) -> None:
    from outreach.competition.commands import register

    register(registry)


def check(db: Database) -> list[Message]:
    from outreach.competition.rules import stored_roster_problems

    return stored_roster_problems(db)


def fill_demo(db: Database, ctx: DemoContext) -> None:
    from outreach.competition.demo_roster import fill_demo

    fill_demo(db, ctx)


def summarise(db: Database) -> list[tuple[str, int]]:
    from outreach.competition.roster import count_members, count_teams

    return [
        ("competition.count.teams", count_teams(db)),
        ("competition.count.members", count_members(db)),
    ]


FEATURE = Feature(
    name="competition",
    migrations=MIGRATIONS,
    register_commands=register_commands,
    fill_demo=fill_demo,
    check=check,
    summarise=summarise,
)
