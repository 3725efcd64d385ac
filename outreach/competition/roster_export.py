"""Exporting teams and members to CSV (UTF-8 with BOM) or XLSX through ``write_table``.

The members export uses the import headers (班级, 队名, 姓名, 学号, 手机, 角色), so a file
exported from one laptop imports on another. Headers default to the print language (Chinese).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from outreach.competition.rules import join_reasons, team_statuses
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.spreadsheets import write_table
from outreach.storage import Programme

if TYPE_CHECKING:
    from sqlite_utils import Database

ROLE_KEYS = {
    "captain": "competition.role.captain",
    "member": "competition.role.member",
    "alternate": "competition.role.alternate",
}


def role_text(role: str, language: str | None = None) -> str:
    from outreach.i18n import current_language

    return tr_in(language or current_language(), ROLE_KEYS.get(role, role))


def team_rows(db: Database, language: str = DEFAULT_PRINT_LANGUAGE) -> tuple[list[str], list[list]]:
    headers = [
        tr_in(language, key)
        for key in (
            "competition.column.class",
            "competition.column.team",
            "competition.column.size",
            "competition.column.alternates",
            "competition.column.captain",
            "competition.column.captain_phone",
            "competition.column.status",
            "competition.column.notes",
        )
    ]
    rows = []
    for status in team_statuses(db):
        captain = status.captain
        rows.append(
            [
                status.team.class_name,
                status.team.name,
                len(status.members),
                sum(1 for m in status.members if m.is_alternate),
                captain.name if captain else "",
                (captain.phone or "") if captain else "",
                tr_in(language, "competition.status.eligible")
                if status.eligible
                else join_reasons(status.problems, language),
                status.team.notes or "",
            ]
        )
    return headers, rows


def member_rows(
    db: Database, language: str = DEFAULT_PRINT_LANGUAGE
) -> tuple[list[str], list[list]]:
    headers = [
        tr_in(language, key)
        for key in (
            "competition.column.class",
            "competition.column.team",
            "competition.column.name",
            "competition.column.student_no",
            "competition.column.phone",
            "competition.column.role",
        )
    ]
    rows = []
    for status in team_statuses(db):
        for member in status.members:
            rows.append(
                [
                    status.team.class_name,
                    status.team.name,
                    member.name,
                    member.student_no,
                    member.phone or "",
                    role_text(member.role, language),
                ]
            )
    return headers, rows


def export_teams(programme: Programme, path: Path, language: str = DEFAULT_PRINT_LANGUAGE) -> int:
    headers, rows = team_rows(programme.db, language)
    return write_table(path, headers, rows)


def export_members(programme: Programme, path: Path, language: str = DEFAULT_PRINT_LANGUAGE) -> int:
    headers, rows = member_rows(programme.db, language)
    return write_table(path, headers, rows)
