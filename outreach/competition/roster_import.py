"""Importing teams and members from CSV or XLSX (DESIGN.md §4.1), all or nothing.

``plan_import`` reads the file and says what would be created and every problem with its row;
``import_roster`` plans again inside one transaction and writes only when there is no problem
(after a "before-import" backup). Headers may be Chinese or English, in any order.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.competition.editing import Change, RowState
from outreach.competition.roster import MEMBER_COLUMNS, TEAM_COLUMNS, list_members, list_teams
from outreach.competition.rules import (
    MAX_MEMBERS,
    member_field_problems,
    normalise_name,
    normalise_phone,
    normalise_role,
    normalise_student_no,
    render,
    team_problems,
)
from outreach.i18n import Message, msg
from outreach.progress import NO_PROGRESS, Progress
from outreach.spreadsheets import MAX_IMPORT_BYTES, TableError, read_table
from outreach.storage import Programme
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

ROSTER_ALIASES = {
    "class_name": ("班级", "班級", "class", "class name", "class_name"),
    "team": ("队名", "隊名", "队伍", "队伍名称", "team", "team name", "team_name"),
    "name": ("姓名", "名字", "name", "student name"),
    "student_no": ("学号", "學號", "student_no", "student no", "student number", "student id"),
    "phone": ("手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile", "mobile phone"),
    "role": ("角色", "身份", "role"),
}
REQUIRED = ("class_name", "name", "student_no")
TEMPLATE_HEADERS_ZH = ["班级", "队名", "姓名", "学号", "手机", "角色"]


@dataclass(frozen=True)
class ImportProblem:
    """A problem with the file (``row`` None) or with one of its rows."""

    row: int | None
    message: Message

    def render(self, file_name: str, language: str | None = None) -> str:
        if self.row is None:
            return render(self.message, language)
        return render(
            msg(
                "competition.import.row_problem", file=file_name, row=self.row, reason=self.message
            ),
            language,
        )


@dataclass(frozen=True)
class PlannedMember:
    row: int
    name: str
    student_no: str
    phone: str
    role: str
    class_name: str


@dataclass
class PlannedTeam:
    class_name: str
    name: str
    existing_id: str | None  # members join this team already in the programme
    existing_members: int = 0
    members: list[PlannedMember] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.class_name} · {self.name}" if self.name else self.class_name


@dataclass
class RosterImportPlan:
    path: Path
    teams: list[PlannedTeam] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def new_teams(self) -> int:
        return sum(1 for t in self.teams if t.existing_id is None)

    @property
    def new_members(self) -> int:
        return sum(len(t.members) for t in self.teams)

    def problem_lines(self, language: str | None = None) -> list[str]:
        return [p.render(self.path.name, language) for p in self.problems]


@dataclass(frozen=True)
class ImportResult:
    teams_created: int
    members_created: int
    change: Change  # undoable as one step
    backup: Path | None


def plan_import(
    db: Database,
    path: str | Path,
    progress: Progress = NO_PROGRESS,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> RosterImportPlan:
    """What importing ``path`` would create, and every problem (nothing is written)."""
    path = Path(path)
    plan = RosterImportPlan(path)
    progress.step(0, 0, msg("competition.import.reading", file=path.name).render())
    try:
        table = read_table(path, ROSTER_ALIASES, REQUIRED, max_bytes=max_bytes)
    except TableError as error:
        plan.problems.append(ImportProblem(None, error.message))
        return plan
    plan.rows_read = len(table.rows)
    if not table.rows:
        plan.problems.append(ImportProblem(None, msg("competition.import.no_rows", file=path.name)))
        return plan

    existing_teams = {(t.class_name, t.name): t for t in list_teams(db)}
    teams_by_id = {t.id: t for t in existing_teams.values()}
    existing_members = list_members(db)
    members_by_no = {m.student_no.upper(): m for m in existing_members}
    roles_by_team: dict[str, list[str]] = defaultdict(list)
    for member in existing_members:
        roles_by_team[member.team_id].append(member.role)

    planned: dict[tuple[str, str], PlannedTeam] = {}
    first_row_of_no: dict[str, int] = {}
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if index % 500 == 0:
            progress.step(index, total, msg("competition.import.checking").render())
        cells = row.cells
        class_name = normalise_name(cells.get("class_name"))
        team_name = (cells.get("team") or "").strip()
        name = normalise_name(cells.get("name"))
        student_no = normalise_student_no(cells.get("student_no"))
        phone = normalise_phone(cells.get("phone"))
        raw_role = cells.get("role", "")
        role = normalise_role(raw_role) if raw_role else "member"
        row_problems: list[Message] = []
        if not class_name:
            row_problems.append(msg("competition.rule.class_empty"))
        for problem in member_field_problems(name, student_no, phone, role or "member"):
            row_problems.append(problem.message)
        if role is None:
            row_problems.append(msg("competition.rule.role", role=raw_role))
        duplicate = False
        if student_no and student_no in first_row_of_no:
            duplicate = True
            row_problems.append(
                msg(
                    "competition.import.duplicate_no",
                    student_no=student_no,
                    other=first_row_of_no[student_no],
                )
            )
        elif student_no:
            first_row_of_no[student_no] = row.number
            holder = members_by_no.get(student_no)
            if holder is not None:
                duplicate = True
                team = teams_by_id.get(holder.team_id)
                row_problems.append(
                    msg(
                        "competition.rule.student_no_taken",
                        student_no=student_no,
                        name=holder.name,
                        team=team.label if team else "",
                    )
                )
        plan.problems += [ImportProblem(row.number, p) for p in row_problems]
        if not class_name or duplicate:
            # a row already reported as a duplicate does not count again in its team
            continue
        key = (class_name, team_name)
        team = planned.get(key)
        if team is None:
            existing = existing_teams.get(key)
            team = PlannedTeam(
                class_name,
                team_name,
                existing.id if existing else None,
                len(roles_by_team.get(existing.id, [])) if existing else 0,
            )
            planned[key] = team
        team.members.append(
            PlannedMember(row.number, name, student_no, phone, role or "member", class_name)
        )

    for team in planned.values():
        roles = list(roles_by_team.get(team.existing_id, [])) if team.existing_id else []
        roles += [m.role for m in team.members]
        rows = [str(m.row) for m in team.members]
        for reason in team_problems(roles):
            row = team.members[0].row
            if reason.key == "competition.rule.too_many":
                # the row that would be the 7th member (counting those already in the team)
                row = team.members[max(0, MAX_MEMBERS - team.existing_members)].row
            plan.problems.append(
                ImportProblem(
                    row,
                    msg(
                        "competition.import.team_problem", team=team.label, reason=reason, rows=rows
                    ),
                )
            )
    plan.teams = list(planned.values())
    plan.problems.sort(key=lambda p: p.row or 0)
    progress.step(total, total, msg("competition.import.checking").render())
    return plan


class RosterImportRefused(Exception):
    def __init__(self, plan: RosterImportPlan) -> None:
        super().__init__("; ".join(plan.problem_lines("en")))
        self.plan = plan


def import_roster(
    programme: Programme,
    path: str | Path,
    progress: Progress = NO_PROGRESS,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> ImportResult:
    """Check the file again and write it all in one transaction, or nothing at all.

    Raises ``RosterImportRefused`` (with the plan) when a problem remains and
    ``outreach.progress.Cancelled`` when cancelled; in both cases nothing was written."""
    db = programme.db
    plan = plan_import(db, path, progress, max_bytes)
    if not plan.ok:
        raise RosterImportRefused(plan)
    backup = programme.backup("before-import")
    stamp = now_iso()
    team_rows, member_rows = [], []
    for team in plan.teams:
        team_id = team.existing_id
        if team_id is None:
            team_id = new_id()
            team_rows.append(
                {
                    "id": team_id,
                    "class_name": team.class_name,
                    "name": team.name,
                    "notes": None,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        for member in team.members:
            member_rows.append(
                {
                    "id": new_id(),
                    "team_id": team_id,
                    "name": member.name,
                    "student_no": member.student_no,
                    "class_name": member.class_name,
                    "phone": member.phone,
                    "role": member.role,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
    total = len(member_rows)
    # plain executemany: sqlite-utils' insert_all inspects every value (a third of the time)
    team_sql = f"INSERT INTO teams ({', '.join(TEAM_COLUMNS)}) VALUES ({', '.join('?' * len(TEAM_COLUMNS))})"
    member_sql = f"INSERT INTO members ({', '.join(MEMBER_COLUMNS)}) VALUES ({', '.join('?' * len(MEMBER_COLUMNS))})"
    with db.atomic():
        db.conn.executemany(team_sql, [[r[c] for c in TEAM_COLUMNS] for r in team_rows])
        for start in range(0, total, 1000):
            progress.step(start, total, msg("competition.import.writing").render())
            db.conn.executemany(
                member_sql,
                [[r[c] for c in MEMBER_COLUMNS] for r in member_rows[start : start + 1000]],
            )
        progress.step(total, total, msg("competition.import.writing").render())
    after = tuple(
        [RowState("teams", r["id"], {c: r[c] for c in TEAM_COLUMNS}) for r in team_rows]
        + [RowState("members", r["id"], {c: r[c] for c in MEMBER_COLUMNS}) for r in member_rows]
    )
    before = tuple(RowState(s.table, s.id, None) for s in after)
    change = Change(
        msg("competition.change.import", file=plan.path.name, members=total), before, after
    )
    return ImportResult(len(team_rows), total, change, backup)
