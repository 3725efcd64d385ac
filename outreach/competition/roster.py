"""Class teams and their members: the domain values and the read API other concepts use.

The exam, final, awards and events concepts read teams and members through these functions;
writes go through ``outreach.competition.editing`` (one transaction each, reversible).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

ROLE_CAPTAIN = "captain"
ROLE_MEMBER = "member"
ROLE_ALTERNATE = "alternate"
ROLES = (ROLE_CAPTAIN, ROLE_MEMBER, ROLE_ALTERNATE)
# Display order within a team: captain first, then starters, then alternates.
ROLE_ORDER = {ROLE_CAPTAIN: 0, ROLE_MEMBER: 1, ROLE_ALTERNATE: 2}

TEAM_COLUMNS = ("id", "class_name", "name", "notes", "created_at", "updated_at")
MEMBER_COLUMNS = (
    "id",
    "team_id",
    "name",
    "student_no",
    "class_name",
    "phone",
    "role",
    "created_at",
    "updated_at",
)


@dataclass(frozen=True)
class Team:
    id: str
    class_name: str
    name: str
    notes: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def label(self) -> str:
        """How a team is named on screen and paper: "2024级保险学1班 · 启明队"."""
        return f"{self.class_name} · {self.name}" if self.name else self.class_name


@dataclass(frozen=True)
class Member:
    id: str
    team_id: str
    name: str
    student_no: str
    class_name: str | None = None
    phone: str | None = None
    role: str = ROLE_MEMBER
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def is_captain(self) -> bool:
        return self.role == ROLE_CAPTAIN

    @property
    def is_alternate(self) -> bool:
        return self.role == ROLE_ALTERNATE

    @property
    def is_starter(self) -> bool:
        return self.role != ROLE_ALTERNATE


_TEAM_SELECT = f"SELECT {', '.join(TEAM_COLUMNS)} FROM teams"
_MEMBER_SELECT = f"SELECT {', '.join(MEMBER_COLUMNS)} FROM members"
_MEMBER_ORDER = (
    " ORDER BY team_id, CASE role WHEN 'captain' THEN 0 WHEN 'member' THEN 1 ELSE 2 END,"
    " created_at, student_no"
)


def _team(row) -> Team:
    return Team(*row)


def _member(row) -> Member:
    return Member(*row)


def list_teams(db: Database) -> list[Team]:
    """All teams, ordered by class then team name."""
    rows = db.execute(f"{_TEAM_SELECT} ORDER BY class_name, name, id").fetchall()
    return [_team(r) for r in rows]


def list_members(db: Database, team_id: str | None = None) -> list[Member]:
    """Members of one team (captain, starters, alternates) or of all teams."""
    if team_id is None:
        rows = db.execute(_MEMBER_SELECT + _MEMBER_ORDER).fetchall()
    else:
        rows = db.execute(_MEMBER_SELECT + " WHERE team_id = ?" + _MEMBER_ORDER, [team_id])
        rows = rows.fetchall()
    return [_member(r) for r in rows]


def members_by_team(db: Database) -> dict[str, list[Member]]:
    """Every team id (also empty teams) with its members in display order."""
    grouped: dict[str, list[Member]] = {t.id: [] for t in list_teams(db)}
    for member in list_members(db):
        grouped.setdefault(member.team_id, []).append(member)
    return grouped


def get_team(db: Database, team_id: str) -> Team | None:
    row = db.execute(f"{_TEAM_SELECT} WHERE id = ?", [team_id]).fetchone()
    return _team(row) if row else None


def get_member(db: Database, member_id: str) -> Member | None:
    row = db.execute(f"{_MEMBER_SELECT} WHERE id = ?", [member_id]).fetchone()
    return _member(row) if row else None


def member_by_student_no(db: Database, student_no: str) -> Member | None:
    # numbers compare without regard to case (indexed: competition migration 0002)
    row = db.execute(
        f"{_MEMBER_SELECT} WHERE upper(student_no) = upper(?)", [student_no]
    ).fetchone()
    return _member(row) if row else None


def team_of(db: Database, member_id: str) -> Team | None:
    member = get_member(db, member_id)
    return get_team(db, member.team_id) if member else None


def count_teams(db: Database) -> int:
    return db.execute("SELECT count(*) FROM teams").fetchone()[0]


def count_members(db: Database) -> int:
    return db.execute("SELECT count(*) FROM members").fetchone()[0]
