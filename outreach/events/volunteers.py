"""Volunteers: members of the competition (linked by ``member_id``) or anyone else, booked at
events with a role. A person booked at two overlapping events is flagged with the clash named;
hours at events that took place are tallied for volunteer certificates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.events.schedule import EventError, get_event
from outreach.i18n import msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

ROLES = ("leader", "flyers", "consultation", "photos", "cleanup")
MAX_HOURS = 24  # a booking's own hours: more than 0, at most a day


def format_hours(hours: float | None) -> str:
    """Hours as people write them: ``3`` for whole hours, ``3.5`` (at most two decimals)
    otherwise, never ``3.0``; empty for none."""
    if hours is None:
        return ""
    text = f"{round(float(hours), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def hours_number(hours: float) -> int | float:
    """Hours for a numeric spreadsheet cell: an int when whole (a CSV shows ``3``, not
    ``3.0``), the float otherwise."""
    hours = round(float(hours), 2)
    return int(hours) if hours.is_integer() else hours


@dataclass(frozen=True)
class Volunteer:
    id: str
    name: str
    phone: str
    member_id: str | None
    notes: str
    class_name: str = ""


@dataclass(frozen=True)
class Candidate:
    """Someone who could volunteer: a member (finalists first) not yet a volunteer."""

    member_id: str
    name: str
    class_name: str
    phone: str
    finalist: bool


@dataclass(frozen=True)
class Assignment:
    id: str
    event_id: str
    volunteer_id: str
    name: str
    phone: str
    role: str
    hours: float | None


@dataclass(frozen=True)
class Clash:
    """``name`` is booked at both events and their times overlap."""

    volunteer_id: str
    name: str
    event_id: str
    event_title: str
    other_event_id: str
    other_event_title: str
    date: str
    times: str
    other_times: str


@dataclass(frozen=True)
class VolunteerHours:
    person_id: str
    name: str
    member_id: str | None
    hours: float
    events: int


def _has_members(db: Database) -> bool:
    return "members" in db.table_names()


def _member_columns(db: Database) -> set[str]:
    return {c.name for c in db["members"].columns} if _has_members(db) else set()


def list_volunteers(db: Database) -> list[Volunteer]:
    columns = _member_columns(db)
    class_expr = "coalesce(m.class_name, '')" if "class_name" in columns else "''"
    join = "LEFT JOIN members m ON m.id = v.member_id" if columns else ""
    name_expr = "coalesce(m.name, v.name)" if "name" in columns else "v.name"
    rows = db.execute(
        f"SELECT v.id, {name_expr}, v.phone, v.member_id, v.notes, {class_expr} "
        f"FROM volunteers v {join} ORDER BY {name_expr}"
    ).fetchall()
    return [Volunteer(*row) for row in rows]


def get_volunteer(db: Database, volunteer_id: str) -> Volunteer | None:
    return next((v for v in list_volunteers(db) if v.id == volunteer_id), None)


def finalist_member_ids(db: Database) -> set[str]:
    """Members who reached the final (from the exam results, once that concept provides them)."""
    try:
        from outreach.exam.results import finalists  # type: ignore[import-not-found]
    except ImportError:
        return set()
    if "exams" not in db.table_names():
        return set()
    ids: set[str] = set()
    for (exam_id,) in db.execute("SELECT id FROM exams").fetchall():
        try:
            for person in finalists(db, exam_id):
                member_id = getattr(person, "member_id", None)
                if member_id:
                    ids.add(member_id)
        except Exception:
            continue
    return ids


def candidates(db: Database) -> list[Candidate]:
    """Members who are not volunteers yet, finalists first, then by class and name."""
    columns = _member_columns(db)
    if not {"id", "name"} <= columns:
        return []
    class_expr = "coalesce(class_name, '')" if "class_name" in columns else "''"
    phone_expr = "coalesce(phone, '')" if "phone" in columns else "''"
    rows = db.execute(
        f"SELECT id, name, {class_expr}, {phone_expr} FROM members "
        "WHERE id NOT IN (SELECT member_id FROM volunteers WHERE member_id IS NOT NULL)"
    ).fetchall()
    finalists = finalist_member_ids(db)
    people = [Candidate(r[0], r[1], r[2], r[3], r[0] in finalists) for r in rows]
    return sorted(people, key=lambda c: (not c.finalist, c.class_name, c.name))


def add_volunteer(
    db: Database,
    name: str = "",
    phone: str = "",
    notes: str = "",
    member_id: str | None = None,
) -> Volunteer:
    """A volunteer from a member (name and phone copied from the roster) or anyone else."""
    if member_id:
        if not _has_members(db):
            raise EventError([msg("events.error.unknown_member", id=member_id)])
        row = db.execute("SELECT name, phone FROM members WHERE id = ?", [member_id]).fetchone()
        if row is None:
            raise EventError([msg("events.error.unknown_member", id=member_id)])
        existing = db.execute(
            "SELECT id FROM volunteers WHERE member_id = ?", [member_id]
        ).fetchone()
        if existing:
            return get_volunteer(db, existing[0])
        name = name or row[0]
        phone = phone or (row[1] or "")
    if not name.strip():
        raise EventError([msg("events.error.volunteer_name_missing")])
    volunteer_id = new_id()
    with db.atomic():
        db.execute(
            "INSERT INTO volunteers (id, member_id, name, phone, notes, created_at) "
            "VALUES (?,?,?,?,?,?)",
            [volunteer_id, member_id, name.strip(), phone.strip(), notes.strip(), now_iso()],
        )
    return get_volunteer(db, volunteer_id)


def update_volunteer(db: Database, volunteer_id: str, name: str, phone: str, notes: str) -> None:
    if not name.strip():
        raise EventError([msg("events.error.volunteer_name_missing")])
    with db.atomic():
        db.execute(
            "UPDATE volunteers SET name=?, phone=?, notes=? WHERE id=?",
            [name.strip(), phone.strip(), notes.strip(), volunteer_id],
        )


def remove_volunteer(db: Database, volunteer_id: str) -> None:
    """Only someone never booked can be removed (hours already served stay on record)."""
    booked = db.execute(
        "SELECT count(*) FROM volunteer_assignments WHERE volunteer_id = ?", [volunteer_id]
    ).fetchone()[0]
    if booked:
        raise EventError([msg("events.error.volunteer_booked", count=booked)])
    with db.atomic():
        db.execute("DELETE FROM volunteers WHERE id = ?", [volunteer_id])


# -- assignments -----------------------------------------------------------------------------


def event_assignments(db: Database, event_id: str) -> list[Assignment]:
    rows = db.execute(
        "SELECT a.id, a.event_id, a.volunteer_id, v.name, v.phone, a.role, a.hours "
        "FROM volunteer_assignments a JOIN volunteers v ON v.id = a.volunteer_id "
        "WHERE a.event_id = ?",
        [event_id],
    ).fetchall()
    return sorted((Assignment(*row) for row in rows), key=lambda a: (ROLES.index(a.role), a.name))


def assign(
    db: Database, event_id: str, volunteer_id: str, role: str, hours: float | None = None
) -> tuple[Assignment, list[Clash]]:
    """Book a volunteer at an event (or change their role); returns the clashes this creates,
    which are shown, not refused: the organisers decide."""
    if role not in ROLES:
        raise EventError([msg("events.error.bad_role", role=role)])
    if get_event(db, event_id) is None:
        raise EventError([msg("events.error.unknown_event", id=event_id)])
    if hours is not None and (
        isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours <= MAX_HOURS
    ):
        # 0 or negative hours would take the booking out of the tally, unnoticed; no hours at
        # all (None) means the event's length.
        person = get_volunteer(db, volunteer_id)
        raise EventError(
            [
                msg(
                    "events.error.bad_hours",
                    what=msg("events.column.hours"),
                    name=person.name if person else volunteer_id,
                    hours=format_hours(hours) if isinstance(hours, int | float) else hours,
                    most=MAX_HOURS,
                )
            ]
        )
    with db.atomic():
        existing = db.execute(
            "SELECT id FROM volunteer_assignments WHERE event_id = ? AND volunteer_id = ?",
            [event_id, volunteer_id],
        ).fetchone()
        if existing:
            assignment_id = existing[0]
            db.execute(
                "UPDATE volunteer_assignments SET role = ?, hours = ? WHERE id = ?",
                [role, hours, assignment_id],
            )
        else:
            assignment_id = new_id()
            db.execute(
                "INSERT INTO volunteer_assignments (id, event_id, volunteer_id, role, hours, "
                "created_at) VALUES (?,?,?,?,?,?)",
                [assignment_id, event_id, volunteer_id, role, hours, now_iso()],
            )
    assignment = next(a for a in event_assignments(db, event_id) if a.id == assignment_id)
    clashes = [c for c in find_clashes(db) if c.volunteer_id == volunteer_id]
    return assignment, [c for c in clashes if event_id in (c.event_id, c.other_event_id)]


def unassign(db: Database, assignment_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM volunteer_assignments WHERE id = ?", [assignment_id])


def find_clashes(db: Database) -> list[Clash]:
    """Every pair of bookings of one person at events (not cancelled) that overlap in time."""
    rows = db.execute(
        """
        SELECT a.volunteer_id, v.name, e1.id, e1.title, e2.id, e2.title, e1.date,
               e1.start_time || '–' || e1.end_time, e2.start_time || '–' || e2.end_time
        FROM volunteer_assignments a
        JOIN volunteer_assignments b ON b.volunteer_id = a.volunteer_id AND a.id < b.id
        JOIN events e1 ON e1.id = a.event_id
        JOIN events e2 ON e2.id = b.event_id
        JOIN volunteers v ON v.id = a.volunteer_id
        WHERE e1.status != 'cancelled' AND e2.status != 'cancelled'
          AND e1.date = e2.date
          AND e1.start_time < e2.end_time AND e2.start_time < e1.end_time
        ORDER BY e1.date, v.name
        """
    ).fetchall()
    return [Clash(*row) for row in rows]


def clashes_if_assigned(db: Database, event_id: str, volunteer_id: str) -> list[str]:
    """Titles of other events that would overlap if this person were booked here."""
    rows = db.execute(
        """
        SELECT e2.title || ' ' || e2.date || ' ' || e2.start_time || '–' || e2.end_time
        FROM events e1
        JOIN volunteer_assignments b ON b.volunteer_id = ? AND b.event_id != e1.id
        JOIN events e2 ON e2.id = b.event_id
        WHERE e1.id = ? AND e2.status != 'cancelled' AND e1.date = e2.date
          AND e1.start_time < e2.end_time AND e2.start_time < e1.end_time
        """,
        [volunteer_id, event_id],
    ).fetchall()
    return [row[0] for row in rows]


def volunteer_hours(db: Database) -> list[VolunteerHours]:
    """Hours per person at events that took place (status done): the booking's own hours when
    set, otherwise the event's length. People with no hours yet are listed with 0."""
    rows = db.execute(
        """
        SELECT v.id, v.name, v.member_id,
               coalesce(sum(CASE WHEN e.status = 'done' THEN coalesce(a.hours,
                   (julianday(e.date || ' ' || e.end_time)
                    - julianday(e.date || ' ' || e.start_time)) * 24) END), 0),
               count(CASE WHEN e.status = 'done' THEN 1 END)
        FROM volunteers v
        LEFT JOIN volunteer_assignments a ON a.volunteer_id = v.id
        LEFT JOIN events e ON e.id = a.event_id
        GROUP BY v.id
        """
    ).fetchall()
    people = [VolunteerHours(r[0], r[1], r[2], round(r[3], 2), r[4]) for r in rows]
    return sorted(people, key=lambda p: (-p.hours, p.name))


def assignments_by_event(db: Database, event_ids: Sequence[str]) -> dict[str, list[Assignment]]:
    return {event_id: event_assignments(db, event_id) for event_id in event_ids}
