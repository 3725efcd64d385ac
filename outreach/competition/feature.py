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


@MIGRATIONS(name="0002_student_no_case")
def _student_no_case(db: Database) -> None:
    """Student numbers compare without regard to case: store them in capitals, and refuse a
    number that differs from another only in case on every write (edits and imports fold
    case themselves; a merged row from an older file may not). Two members that already
    differ only in case are one student registered twice: both are kept as they are (which
    one is right is the organiser's call) and ``check`` reports them."""
    rows = db.execute("SELECT id, student_no FROM members").fetchall()
    folded: dict[str, list[tuple[str, str]]] = {}
    for member_id, number in rows:
        folded.setdefault(number.upper(), []).append((member_id, number))
    for upper, group in folded.items():
        if len(group) == 1 and group[0][1] != upper:
            db.execute("UPDATE members SET student_no = ? WHERE id = ?", [upper, group[0][0]])
    for action, when in (
        ("insert", "BEFORE INSERT ON members"),
        # only a changed number is checked, so a member of a pair kept above stays editable
        ("update", "BEFORE UPDATE OF student_no ON members"),
    ):
        changed = (
            "" if action == "insert" else " AND upper(NEW.student_no) != upper(OLD.student_no)"
        )
        db.execute(
            f"""
            CREATE TRIGGER members_student_no_case_{action} {when}
            WHEN EXISTS (
                SELECT 1 FROM members
                WHERE upper(student_no) = upper(NEW.student_no) AND id != NEW.id
            ){changed}
            BEGIN
                SELECT RAISE(ABORT, 'UNIQUE constraint failed: members.student_no (case)');
            END
            """
        )
    db.execute("CREATE INDEX members_student_no_upper ON members(upper(student_no))")


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
