"""Preparation checklists: an editable template of tasks due T−N days before an event, copied
into each event when it is created and moved with it when it is postponed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# How far ahead the "due soon" list on Home looks.
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class TemplateItem:
    id: str
    title: str
    days_before: int
    position: int


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    event_id: str
    title: str
    days_before: int
    due_date: str
    position: int
    done_at: str | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class DueItem:
    """An unfinished task of an active event that is overdue or due within a week."""

    item_id: str
    event_id: str
    event_title: str
    event_date: str
    title: str
    due_date: str
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def due_date_for(event_date: str, days_before: int) -> str:
    return (dt.date.fromisoformat(event_date) - dt.timedelta(days=days_before)).isoformat()


# -- template --------------------------------------------------------------------------------


def list_template(db: Database) -> list[TemplateItem]:
    rows = db.execute(
        "SELECT id, title, days_before, position FROM checklist_template "
        "ORDER BY days_before DESC, position"
    ).fetchall()
    return [TemplateItem(*row) for row in rows]


def save_template(db: Database, items: Sequence[tuple[str, int]]) -> list[TemplateItem]:
    """Replace the template with ``(title, days_before)`` rows (blank titles dropped).
    Checklists of existing events are not changed."""
    clean = [(title.strip(), int(days)) for title, days in items if title.strip()]
    for title, days in clean:
        if not -30 <= days <= 365:
            from outreach.events.schedule import EventError

            raise EventError([msg("events.error.bad_days_before", title=title, days=days)])
    with db.atomic():
        db.execute("DELETE FROM checklist_template")
        for position, (title, days) in enumerate(clean):
            db.execute(
                "INSERT INTO checklist_template (id, title, days_before, position) "
                "VALUES (?,?,?,?)",
                [new_id(), title, days, position],
            )
    return list_template(db)


# -- per event -------------------------------------------------------------------------------


def _event_date(db: Database, event_id: str) -> str:
    return db.execute("SELECT date FROM events WHERE id = ?", [event_id]).fetchone()[0]


def generate_checklist(db: Database, event_id: str) -> list[ChecklistItem]:
    """Copy the template into an event's checklist (inside the caller's transaction)."""
    event_date = _event_date(db, event_id)
    for item in list_template(db):
        db.execute(
            "INSERT INTO checklist_items (id, event_id, title, days_before, due_date, position) "
            "VALUES (?,?,?,?,?,?)",
            [
                new_id(),
                event_id,
                item.title,
                item.days_before,
                due_date_for(event_date, item.days_before),
                item.position,
            ],
        )
    return event_checklist(db, event_id)


def reschedule_checklist(db: Database, event_id: str) -> None:
    """After a date change, unfinished items keep their T−N and get new due dates."""
    event_date = _event_date(db, event_id)
    rows = db.execute(
        "SELECT id, days_before FROM checklist_items WHERE event_id = ? AND done_at IS NULL",
        [event_id],
    ).fetchall()
    for item_id, days in rows:
        db.execute(
            "UPDATE checklist_items SET due_date = ? WHERE id = ?",
            [due_date_for(event_date, days), item_id],
        )


def event_checklist(db: Database, event_id: str) -> list[ChecklistItem]:
    rows = db.execute(
        "SELECT id, event_id, title, days_before, due_date, position, done_at "
        "FROM checklist_items WHERE event_id = ? ORDER BY due_date, position",
        [event_id],
    ).fetchall()
    return [ChecklistItem(*row) for row in rows]


def add_checklist_item(db: Database, event_id: str, title: str, days_before: int) -> ChecklistItem:
    with db.atomic():
        item_id = new_id()
        position = db.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM checklist_items WHERE event_id = ?",
            [event_id],
        ).fetchone()[0]
        db.execute(
            "INSERT INTO checklist_items (id, event_id, title, days_before, due_date, position) "
            "VALUES (?,?,?,?,?,?)",
            [
                item_id,
                event_id,
                title.strip(),
                days_before,
                due_date_for(_event_date(db, event_id), days_before),
                position,
            ],
        )
    return next(i for i in event_checklist(db, event_id) if i.id == item_id)


def set_item_done(db: Database, item_id: str, done: bool) -> ChecklistItem:
    with db.atomic():
        db.execute(
            "UPDATE checklist_items SET done_at = ? WHERE id = ?",
            [now_iso() if done else None, item_id],
        )
    row = db.execute(
        "SELECT id, event_id, title, days_before, due_date, position, done_at "
        "FROM checklist_items WHERE id = ?",
        [item_id],
    ).fetchone()
    return ChecklistItem(*row)


def remove_checklist_item(db: Database, item_id: str) -> None:
    with db.atomic():
        db.execute("DELETE FROM checklist_items WHERE id = ?", [item_id])


def due_checklist_items(
    db: Database, today: dt.date | str, within_days: int = DUE_SOON_DAYS
) -> list[DueItem]:
    """Unfinished tasks of planned or postponed events that are overdue or due within
    ``within_days`` of ``today``, across all events, most urgent first."""
    day = dt.date.fromisoformat(today) if isinstance(today, str) else today
    horizon = (day + dt.timedelta(days=within_days)).isoformat()
    rows = db.execute(
        """
        SELECT c.id, e.id, e.title, e.date, c.title, c.due_date
        FROM checklist_items c JOIN events e ON e.id = c.event_id
        WHERE c.done_at IS NULL AND e.status IN ('planned', 'postponed') AND c.due_date <= ?
        ORDER BY c.due_date, e.date, c.position
        """,
        [horizon],
    ).fetchall()
    return [
        DueItem(
            item_id=row[0],
            event_id=row[1],
            event_title=row[2],
            event_date=row[3],
            title=row[4],
            due_date=row[5],
            days_left=(dt.date.fromisoformat(row[5]) - day).days,
        )
        for row in rows
    ]
