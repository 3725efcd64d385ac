"""Edits of teams and rosters: each one transaction that returns what changed.

A ``Change`` holds the rows it touched as they were before and after, so any edit can be
undone and redone exactly (``EditHistory``). Undo refuses when the rows were changed elsewhere
in between (an import, another page), rather than overwrite newer data.

Field rules (name, student number, phone, role) are enforced here, and so is the largest team
(4 starters and 2 alternates: a 7th member is refused when added, moved in, or brought back by
undo/redo); the rest of team composition is not, so an incomplete team can be saved
(``rules.team_problems`` says why it is not yet eligible).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from outreach.competition.roster import (
    MEMBER_COLUMNS,
    ROLE_CAPTAIN,
    ROLE_MEMBER,
    TEAM_COLUMNS,
    Member,
    Team,
    get_member,
    get_team,
    member_by_student_no,
)
from outreach.competition.rules import (
    MAX_MEMBERS,
    FieldProblem,
    member_field_problems,
    normalise_name,
    normalise_phone,
    normalise_student_no,
)
from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

_COLUMNS = {"teams": TEAM_COLUMNS, "members": MEMBER_COLUMNS}


class EditError(Exception):
    """An edit that was refused; nothing was written. ``problems`` name field and reason."""

    def __init__(self, problems: Sequence[FieldProblem | Message]) -> None:
        self.problems = [
            p if isinstance(p, FieldProblem) else FieldProblem("", p) for p in problems
        ]
        super().__init__("; ".join(p.message.render("en") for p in self.problems))

    @property
    def messages(self) -> list[Message]:
        return [p.message for p in self.problems]


@dataclass(frozen=True)
class RowState:
    table: str
    id: str
    values: dict[str, Any] | None  # None: the row does not exist


@dataclass(frozen=True)
class Change:
    """What one edit did: a description and the touched rows before and after."""

    description: Message
    before: tuple[RowState, ...]
    after: tuple[RowState, ...]
    # ids for the UI to select after the edit (e.g. the new team)
    focus_team_id: str | None = None
    focus_member_id: str | None = None

    @property
    def team_ids(self) -> set[str]:
        ids = set()
        for state in (*self.before, *self.after):
            if state.table == "teams":
                ids.add(state.id)
            elif state.values:
                ids.add(state.values["team_id"])
        return ids

    @property
    def is_empty(self) -> bool:
        return self.before == self.after


def _row(db: Database, table: str, row_id: str) -> dict[str, Any] | None:
    columns = _COLUMNS[table]
    row = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", [row_id]).fetchone()
    return dict(zip(columns, row, strict=True)) if row else None


def _snapshot(db: Database, keys: Sequence[tuple[str, str]]) -> tuple[RowState, ...]:
    return tuple(RowState(table, row_id, _row(db, table, row_id)) for table, row_id in keys)


class _Recorder:
    """Snapshots the rows an edit touches before and after it, inside its transaction."""

    def __init__(self, db: Database, keys: Sequence[tuple[str, str]]) -> None:
        self.db = db
        self.keys = list(keys)
        self.before = _snapshot(db, self.keys)

    def add(self, table: str, row_id: str) -> None:
        if (table, row_id) not in self.keys:
            self.keys.append((table, row_id))
            self.before = (*self.before, RowState(table, row_id, _row(self.db, table, row_id)))

    def change(self, description: Message, **focus: str | None) -> Change:
        return Change(description, self.before, _snapshot(self.db, self.keys), **focus)


def _write_states(db: Database, states: Sequence[RowState]) -> None:
    """Make the rows look like ``states``: delete members before teams, insert teams first."""
    order = {"teams": 0, "members": 1}
    for state in sorted(states, key=lambda s: -order[s.table]):
        if state.values is None:
            db.execute(f"DELETE FROM {state.table} WHERE id = ?", [state.id])
    present = [s for s in sorted(states, key=lambda s: order[s.table]) if s.values is not None]
    for state in present:
        # A student number may move between the rows of one change: park it first.
        if state.table == "members":
            db.execute("UPDATE members SET student_no = '~parked~' || id WHERE id = ?", [state.id])
    for state in present:
        columns = _COLUMNS[state.table]
        values = [state.values[c] for c in columns]
        db.execute(
            f"INSERT INTO {state.table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            f" ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in columns if c != "id"),
            values,
        )


def _in_use_error(exc: sqlite3.IntegrityError) -> EditError:
    text = str(exc)
    if "UNIQUE" in text and "student_no" in text:
        return EditError(
            [FieldProblem("student_no", msg("competition.error.student_no_taken_now"))]
        )
    # SQLite's own words ("FOREIGN KEY constraint failed") mean nothing to an organiser
    return EditError([msg("competition.error.in_use")])


def _atomic(db: Database, operation):
    try:
        with db.atomic():
            return operation()
    except sqlite3.IntegrityError as exc:
        raise _in_use_error(exc) from exc


# -- teams


def _team_text(class_name: str | None, name: str | None) -> tuple[str, str]:
    return normalise_name(class_name), (name or "").strip()


def _team_problems(class_name: str, name: str) -> list[FieldProblem]:
    problems = []
    if not class_name:
        problems.append(FieldProblem("class_name", msg("competition.rule.class_empty")))
    if len(class_name) > 60 or len(name) > 60:
        problems.append(FieldProblem("name", msg("competition.rule.team_name_too_long")))
    return problems


MAX_NOTES_LENGTH = 200


def _notes_text(notes: str | None) -> str | None:
    """Notes trimmed, runs of spaces and line breaks folded; empty notes are no notes."""
    return " ".join((notes or "").split()) or None


def _notes_problems(notes: str | None) -> list[FieldProblem]:
    if notes and len(notes) > MAX_NOTES_LENGTH:
        return [
            FieldProblem("notes", msg("competition.rule.notes_too_long", limit=MAX_NOTES_LENGTH))
        ]
    return []


def add_team(db: Database, class_name: str, name: str = "", notes: str | None = None) -> Change:
    class_name, name = _team_text(class_name, name)
    notes = _notes_text(notes)
    problems = _team_problems(class_name, name) + _notes_problems(notes)
    if problems:
        raise EditError(problems)
    team_id = new_id()

    def run() -> Change:
        recorder = _Recorder(db, [("teams", team_id)])
        stamp = now_iso()
        db["teams"].insert(
            {
                "id": team_id,
                "class_name": class_name,
                "name": name,
                "notes": notes,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        return recorder.change(
            msg("competition.change.add_team", team=name or class_name), focus_team_id=team_id
        )

    return _atomic(db, run)


def edit_team(
    db: Database,
    team_id: str,
    *,
    class_name: str | None = None,
    name: str | None = None,
    notes: str | None = None,
) -> Change:
    team = _require_team(db, team_id)
    new_class = normalise_name(class_name) if class_name is not None else team.class_name
    new_name = name.strip() if name is not None else team.name
    new_notes = _notes_text(notes) if notes is not None else team.notes
    problems = _team_problems(new_class, new_name) + _notes_problems(new_notes)
    if problems:
        raise EditError(problems)
    only_notes = class_name is None and name is None and notes is not None
    key = "competition.change.team_notes" if only_notes else "competition.change.edit_team"

    def run() -> Change:
        recorder = _Recorder(db, [("teams", team_id)])
        db["teams"].update(
            team_id,
            {
                "class_name": new_class,
                "name": new_name,
                "notes": new_notes,
                "updated_at": now_iso(),
            },
        )
        return recorder.change(msg(key, team=new_name or new_class), focus_team_id=team_id)

    return _atomic(db, run)


def remove_team(db: Database, team_id: str) -> Change:
    """Remove a team with its members (one undoable step)."""
    team = _require_team(db, team_id)

    def run() -> Change:
        member_ids = [
            r[0] for r in db.execute("SELECT id FROM members WHERE team_id = ?", [team_id])
        ]
        recorder = _Recorder(db, [("teams", team_id)] + [("members", m) for m in member_ids])
        db.execute("DELETE FROM members WHERE team_id = ?", [team_id])
        db.execute("DELETE FROM teams WHERE id = ?", [team_id])
        return recorder.change(
            msg("competition.change.remove_team", team=team.name or team.class_name)
        )

    return _atomic(db, run)


# -- members


def _require_team(db: Database, team_id: str) -> Team:
    team = get_team(db, team_id)
    if team is None:
        raise EditError([msg("competition.error.no_team")])
    return team


def _require_member(db: Database, member_id: str) -> Member:
    member = get_member(db, member_id)
    if member is None:
        raise EditError([msg("competition.error.no_member")])
    return member


def member_problems(
    db: Database,
    name: str,
    student_no: str,
    phone: str | None,
    role: str,
    member_id: str | None = None,
) -> list[FieldProblem]:
    """Every reason the member's fields would be refused (checked as the organiser types)."""
    name, student_no = normalise_name(name), normalise_student_no(student_no)
    problems = member_field_problems(name, student_no, normalise_phone(phone), role)
    if not any(p.field == "student_no" for p in problems):
        holder = member_by_student_no(db, student_no)
        if holder is not None and holder.id != member_id:
            team = get_team(db, holder.team_id)
            problems.append(
                FieldProblem(
                    "student_no",
                    msg(
                        "competition.rule.student_no_taken",
                        student_no=student_no,
                        name=holder.name,
                        team=team.label if team else "",
                    ),
                )
            )
    return problems


def team_field_problems(class_name: str, name: str) -> list[FieldProblem]:
    return _team_problems(*_team_text(class_name, name))


def _check_member(
    db: Database, name: str, student_no: str, phone: str, role: str, member_id: str | None
) -> None:
    problems = member_problems(db, name, student_no, phone, role, member_id)
    if problems:
        raise EditError(problems)


def _demote_other_captains(db: Database, recorder: _Recorder, team_id: str, keep: str) -> None:
    for (other,) in db.execute(
        "SELECT id FROM members WHERE team_id = ? AND role = 'captain' AND id != ?",
        [team_id, keep],
    ).fetchall():
        recorder.add("members", other)
        db["members"].update(other, {"role": ROLE_MEMBER, "updated_at": now_iso()})


def add_member(
    db: Database,
    team_id: str,
    name: str,
    student_no: str,
    phone: str | None = "",
    role: str = ROLE_MEMBER,
    class_name: str | None = None,
) -> Change:
    """Add a member; a new captain replaces the team's captain (who becomes a member)."""
    team = _require_team(db, team_id)
    full = add_problems(db, team)
    if full:
        raise EditError(full)
    name, student_no, phone = (
        normalise_name(name),
        normalise_student_no(student_no),
        normalise_phone(phone),
    )
    _check_member(db, name, student_no, phone, role, None)
    member_id = new_id()

    def run() -> Change:
        recorder = _Recorder(db, [("members", member_id)])
        if role == ROLE_CAPTAIN:
            _demote_other_captains(db, recorder, team_id, member_id)
        stamp = now_iso()
        db["members"].insert(
            {
                "id": member_id,
                "team_id": team_id,
                "name": name,
                "student_no": student_no,
                "class_name": normalise_name(class_name) or team.class_name,
                "phone": phone,
                "role": role,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        return recorder.change(
            msg("competition.change.add_member", name=name, team=team.name or team.class_name),
            focus_team_id=team_id,
            focus_member_id=member_id,
        )

    return _atomic(db, run)


def edit_member(
    db: Database,
    member_id: str,
    *,
    name: str | None = None,
    student_no: str | None = None,
    phone: str | None = None,
    class_name: str | None = None,
    role: str | None = None,
) -> Change:
    member = _require_member(db, member_id)
    new = {
        "name": normalise_name(name) if name is not None else member.name,
        "student_no": normalise_student_no(student_no)
        if student_no is not None
        else member.student_no,
        "phone": normalise_phone(phone) if phone is not None else (member.phone or ""),
        "class_name": normalise_name(class_name) if class_name is not None else member.class_name,
        "role": role if role is not None else member.role,
    }
    _check_member(db, new["name"], new["student_no"], new["phone"], new["role"], member_id)

    def run() -> Change:
        recorder = _Recorder(db, [("members", member_id)])
        if new["role"] == ROLE_CAPTAIN:
            _demote_other_captains(db, recorder, member.team_id, member_id)
        db["members"].update(member_id, {**new, "updated_at": now_iso()})
        return recorder.change(
            msg("competition.change.edit_member", name=new["name"]),
            focus_team_id=member.team_id,
            focus_member_id=member_id,
        )

    return _atomic(db, run)


def set_role(db: Database, member_id: str, role: str) -> Change:
    """Make a member captain (the old captain becomes a member), starter or alternate."""
    member = _require_member(db, member_id)
    change = edit_member(db, member_id, role=role)
    key = {
        "captain": "competition.change.set_captain",
        "member": "competition.change.set_member",
        "alternate": "competition.change.set_alternate",
    }[role]
    return Change(
        msg(key, name=member.name),
        change.before,
        change.after,
        focus_team_id=member.team_id,
        focus_member_id=member_id,
    )


def remove_member(db: Database, member_id: str) -> Change:
    member = _require_member(db, member_id)

    def run() -> Change:
        recorder = _Recorder(db, [("members", member_id)])
        db.execute("DELETE FROM members WHERE id = ?", [member_id])
        return recorder.change(
            msg("competition.change.remove_member", name=member.name), focus_team_id=member.team_id
        )

    return _atomic(db, run)


def _team_size(db: Database, team_id: str) -> int:
    return db.execute("SELECT count(*) FROM members WHERE team_id = ?", [team_id]).fetchone()[0]


def add_problems(db: Database, team: Team) -> list[Message]:
    """Why nobody can be added to ``team``: it already has the most members a team may have
    (4 starters and 2 alternates). A team with fewer than 4 may still be saved."""
    size = _team_size(db, team.id)
    if size >= MAX_MEMBERS:
        return [msg("competition.error.team_full_add", team=team.label, size=size, max=MAX_MEMBERS)]
    return []


def move_problems(db: Database, member: Member, target: Team) -> list[Message]:
    """Why ``member`` cannot move into ``target`` (the Move menu and drag and drop both ask):
    it is already there, or the team already has the most members a team may have."""
    if member.team_id == target.id:
        return [msg("competition.error.same_team", name=member.name, team=target.label)]
    size = _team_size(db, target.id)
    if size >= MAX_MEMBERS:
        return [msg("competition.error.team_full", team=target.label, size=size, max=MAX_MEMBERS)]
    return []


def move_member(db: Database, member_id: str, team_id: str) -> Change:
    """Move a member to another team; a captain joining a team that has one becomes a member.
    Refused (``move_problems``) into the member's own team or a full one."""
    member = _require_member(db, member_id)
    target = _require_team(db, team_id)
    problems = move_problems(db, member, target)
    if problems:
        raise EditError(problems)

    def run() -> Change:
        recorder = _Recorder(db, [("members", member_id)])
        role = member.role
        if (
            role == ROLE_CAPTAIN
            and db.execute(
                "SELECT 1 FROM members WHERE team_id = ? AND role = 'captain'", [team_id]
            ).fetchone()
        ):
            role = ROLE_MEMBER
        db["members"].update(member_id, {"team_id": team_id, "role": role, "updated_at": now_iso()})
        return recorder.change(
            msg("competition.change.move_member", name=member.name, team=target.label),
            focus_team_id=team_id,
            focus_member_id=member_id,
        )

    return _atomic(db, run)


# -- undo and redo


class UndoConflict(EditError):
    """The rows were changed by something else since this edit; undo/redo refused."""


def _matches(db: Database, states: Sequence[RowState]) -> bool:
    return all(_row(db, s.table, s.id) == s.values for s in states)


def revert(db: Database, change: Change) -> Change:
    """Undo ``change`` (one transaction). Returns the reverse change."""
    return _apply(db, change, change.after, change.before, "competition.change.undo")


def reapply(db: Database, change: Change) -> Change:
    """Redo ``change`` after it was undone."""
    return _apply(db, change, change.before, change.after, "competition.change.redo")


def _apply(
    db: Database,
    change: Change,
    expected: Sequence[RowState],
    wanted: Sequence[RowState],
    key: str,
) -> Change:
    def run() -> Change:
        if not _matches(db, expected):
            raise UndoConflict(
                [msg("competition.error.changed_elsewhere", what=change.description)]
            )
        touched = {s.values["team_id"] for s in wanted if s.table == "members" and s.values}
        sizes = {team_id: _team_size(db, team_id) for team_id in touched}
        _write_states(db, wanted)
        for team_id in sorted(touched):
            size = _team_size(db, team_id)
            if size > MAX_MEMBERS and size > sizes[team_id]:
                # members added meanwhile filled the team: undo/redo would make it too big
                team = get_team(db, team_id)
                raise EditError(
                    [
                        msg(
                            "competition.error.team_full_undo",
                            what=change.description,
                            team=team.label if team else "",
                            max=MAX_MEMBERS,
                        )
                    ]
                )
        focus_team_id = change.focus_team_id
        # Focus where the member is now: undoing a move shows the member back in the team
        # they came from, not the team they have just left.
        for state in wanted:
            if state.table == "members" and state.id == change.focus_member_id and state.values:
                focus_team_id = state.values["team_id"]
        return Change(
            msg(key, what=change.description),
            tuple(expected),
            tuple(wanted),
            focus_team_id=focus_team_id,
            focus_member_id=change.focus_member_id,
        )

    return _atomic(db, run)


@dataclass
class EditHistory:
    """Undo/redo stacks of changes for one programme (the Teams page keeps one)."""

    limit: int = 200
    done: list[Change] = field(default_factory=list)
    undone: list[Change] = field(default_factory=list)

    def record(self, change: Change) -> Change:
        if not change.is_empty:
            self.done.append(change)
            del self.done[: -self.limit]
            self.undone.clear()
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self.done)

    @property
    def can_redo(self) -> bool:
        return bool(self.undone)

    def next_undo(self) -> Change | None:
        return self.done[-1] if self.done else None

    def next_redo(self) -> Change | None:
        return self.undone[-1] if self.undone else None

    def undo(self, db: Database) -> Change:
        change = self.done[-1]
        try:
            result = revert(db, change)
        except UndoConflict:
            self.clear()
            raise
        self.undone.append(self.done.pop())
        return result

    def redo(self, db: Database) -> Change:
        change = self.undone[-1]
        try:
            result = reapply(db, change)
        except UndoConflict:
            self.clear()
            raise
        self.done.append(self.undone.pop())
        return result

    def clear(self) -> None:
        self.done.clear()
        self.undone.clear()
