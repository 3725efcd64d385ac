"""Outreach events: one at a time or a monthly series, edited, postponed (history kept) and
cancelled. Dates are ISO ``YYYY-MM-DD``, times ``HH:MM`` (local time, Asia/Shanghai)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

STATUSES = ("planned", "done", "postponed", "cancelled")
# Still to happen (a postponed event has its new date).
ACTIVE_STATUSES = ("planned", "postponed")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _not_active(status: str) -> Message:
    """The refusal for a done or cancelled event, its status in the reader's language."""
    return msg("events.error.not_active", status=msg(f"events.status.{status}"))


class EventError(ValueError):
    """A rejected change; ``problems`` are translatable messages."""

    def __init__(self, problems: Sequence[Message]) -> None:
        super().__init__("; ".join(p.render("en") for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    date: str
    start_time: str
    end_time: str
    community_id: str | None
    community_name: str
    venue: str
    consultation_desk: bool
    status: str
    series_id: str | None = None
    notes: str = ""
    partner_ids: tuple[str, ...] = ()

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.fromisoformat(f"{self.date}T{self.start_time}")

    @property
    def end(self) -> dt.datetime:
        return dt.datetime.fromisoformat(f"{self.date}T{self.end_time}")

    @property
    def hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600


@dataclass(frozen=True)
class EventDraft:
    """What the organiser types (or the series planner proposes) before it is saved."""

    title: str
    date: str
    start_time: str = "09:00"
    end_time: str = "11:30"
    community_id: str | None = None
    venue: str = ""
    consultation_desk: bool = True
    notes: str = ""
    partner_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    action: str
    old_date: str | None
    old_start: str | None
    old_end: str | None
    new_date: str | None
    new_start: str | None
    new_end: str | None
    reason: str


@dataclass(frozen=True)
class SeriesPlan:
    """Parameters of a monthly series: one event a month on the ``week_of_month``-th
    ``weekday`` (0 = Monday; week -1 = the last), rotating through ``community_ids``."""

    title: str
    first_month: str  # YYYY-MM
    months: int
    weekday: int
    week_of_month: int
    community_ids: tuple[str, ...]
    start_time: str = "09:00"
    end_time: str = "11:30"
    consultation_desk: bool = True
    partner_ids: tuple[str, ...] = field(default_factory=tuple)


_SELECT = """
    SELECT e.id, e.title, e.date, e.start_time, e.end_time, e.community_id,
           coalesce(p.name, ''), e.venue, e.consultation_desk, e.status, e.series_id, e.notes
    FROM events e LEFT JOIN partners p ON p.id = e.community_id
"""


def _event(db: Database, row, with_partners: bool = True) -> Event:
    partner_ids: tuple[str, ...] = ()
    if with_partners:
        partner_ids = tuple(
            r[0]
            for r in db.execute(
                "SELECT partner_id FROM event_partners WHERE event_id = ? ORDER BY partner_id",
                [row[0]],
            ).fetchall()
        )
    return Event(
        id=row[0],
        title=row[1],
        date=row[2],
        start_time=row[3],
        end_time=row[4],
        community_id=row[5],
        community_name=row[6],
        venue=row[7],
        consultation_desk=bool(row[8]),
        status=row[9],
        series_id=row[10],
        notes=row[11],
        partner_ids=partner_ids,
    )


def list_events(db: Database, month: str | None = None) -> list[Event]:
    """All events by date (optionally one month ``YYYY-MM``)."""
    where, params = "", []
    if month:
        where, params = "WHERE substr(e.date, 1, 7) = ?", [month]
    rows = db.execute(f"{_SELECT} {where} ORDER BY e.date, e.start_time, e.title", params)
    return [_event(db, row) for row in rows.fetchall()]


def get_event(db: Database, event_id: str) -> Event | None:
    row = db.execute(f"{_SELECT} WHERE e.id = ?", [event_id]).fetchone()
    return _event(db, row) if row else None


def find_event(db: Database, reference: str) -> Event | None:
    """An event by id or by a unique id prefix (what a person types on the command line)."""
    reference = reference.strip()
    exact = get_event(db, reference)
    if exact or len(reference) < 4:
        return exact
    rows = db.execute("SELECT id FROM events WHERE id LIKE ?", [reference + "%"]).fetchall()
    return get_event(db, rows[0][0]) if len(rows) == 1 else None


def upcoming_events(db: Database, today: dt.date | str, limit: int = 5) -> list[Event]:
    """Planned or postponed events from ``today`` on, soonest first."""
    day = today.isoformat() if isinstance(today, dt.date) else today
    rows = db.execute(
        f"{_SELECT} WHERE e.date >= ? AND e.status IN ('planned', 'postponed') "
        "ORDER BY e.date, e.start_time LIMIT ?",
        [day, limit],
    )
    return [_event(db, row) for row in rows.fetchall()]


def event_history(db: Database, event_id: str) -> list[HistoryEntry]:
    rows = db.execute(
        "SELECT at, action, old_date, old_start, old_end, new_date, new_start, new_end, reason "
        "FROM event_history WHERE event_id = ? ORDER BY at, rowid",
        [event_id],
    ).fetchall()
    return [HistoryEntry(*row) for row in rows]


def validate_draft(db: Database, draft: EventDraft) -> list[Message]:
    problems: list[Message] = []
    if not draft.title.strip():
        problems.append(msg("events.error.title_missing"))
    try:
        dt.date.fromisoformat(draft.date)
    except (TypeError, ValueError):
        problems.append(msg("events.error.bad_date", value=draft.date))
    for value in (draft.start_time, draft.end_time):
        if not _TIME.match(value or ""):
            problems.append(msg("events.error.bad_time", value=value))
    if not problems and draft.end_time <= draft.start_time:
        problems.append(
            msg("events.error.end_before_start", start=draft.start_time, end=draft.end_time)
        )
    for partner_id in (draft.community_id, *draft.partner_ids):
        if (
            partner_id
            and not db.execute("SELECT 1 FROM partners WHERE id = ?", [partner_id]).fetchone()
        ):
            problems.append(msg("events.error.unknown_partner", id=partner_id))
    return problems


def _history(db: Database, event_id: str, action: str, old=None, new=None, reason="") -> None:
    old = old or (None, None, None)
    new = new or (None, None, None)
    db.execute(
        "INSERT INTO event_history (id, event_id, at, action, old_date, old_start, old_end, "
        "new_date, new_start, new_end, reason) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [new_id(), event_id, now_iso(), action, *old, *new, reason],
    )


def _set_partners(db: Database, event_id: str, partner_ids: Sequence[str]) -> None:
    db.execute("DELETE FROM event_partners WHERE event_id = ?", [event_id])
    for partner_id in dict.fromkeys(partner_ids):
        db.execute(
            "INSERT INTO event_partners (event_id, partner_id) VALUES (?, ?)",
            [event_id, partner_id],
        )


def _insert(db: Database, draft: EventDraft, series_id: str | None) -> str:
    from outreach.events.checklists import generate_checklist

    event_id = new_id()
    stamp = now_iso()
    db.execute(
        "INSERT INTO events (id, title, date, start_time, end_time, community_id, venue, "
        "consultation_desk, status, series_id, notes, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,'planned',?,?,?,?)",
        [
            event_id,
            draft.title.strip(),
            draft.date,
            draft.start_time,
            draft.end_time,
            draft.community_id,
            draft.venue.strip(),
            int(draft.consultation_desk),
            series_id,
            draft.notes,
            stamp,
            stamp,
        ],
    )
    _set_partners(db, event_id, draft.partner_ids)
    _history(db, event_id, "created", new=(draft.date, draft.start_time, draft.end_time))
    generate_checklist(db, event_id)
    return event_id


def create_event(db: Database, draft: EventDraft) -> Event:
    """Save one event with its preparation checklist from the template."""
    problems = validate_draft(db, draft)
    if problems:
        raise EventError(problems)
    with db.atomic():
        event_id = _insert(db, draft, None)
    return get_event(db, event_id)


def update_event(db: Database, event_id: str, draft: EventDraft, reason: str = "") -> Event:
    """Edit an event; a date or time change is recorded in the history and moves the
    unfinished checklist items with it."""
    from outreach.events.checklists import reschedule_checklist

    current = get_event(db, event_id)
    if current is None:
        raise EventError([msg("events.error.unknown_event", id=event_id)])
    problems = validate_draft(db, draft)
    if problems:
        raise EventError(problems)
    old = (current.date, current.start_time, current.end_time)
    new = (draft.date, draft.start_time, draft.end_time)
    with db.atomic():
        db.execute(
            "UPDATE events SET title=?, date=?, start_time=?, end_time=?, community_id=?, "
            "venue=?, consultation_desk=?, notes=?, updated_at=? WHERE id=?",
            [
                draft.title.strip(),
                draft.date,
                draft.start_time,
                draft.end_time,
                draft.community_id,
                draft.venue.strip(),
                int(draft.consultation_desk),
                draft.notes,
                now_iso(),
                event_id,
            ],
        )
        _set_partners(db, event_id, draft.partner_ids)
        _history(db, event_id, "edited", old, new if new != old else None, reason)
        if draft.date != current.date:
            reschedule_checklist(db, event_id)
    return get_event(db, event_id)


def postpone_event(
    db: Database,
    event_id: str,
    new_date: str,
    start_time: str | None = None,
    end_time: str | None = None,
    reason: str = "",
) -> Event:
    """Move an event to a later (or other) date; the old date stays in the history."""
    from outreach.events.checklists import reschedule_checklist

    current = get_event(db, event_id)
    if current is None:
        raise EventError([msg("events.error.unknown_event", id=event_id)])
    if current.status in ("done", "cancelled"):
        raise EventError([_not_active(current.status)])
    draft = replace(
        draft_of(current),
        date=new_date,
        start_time=start_time or current.start_time,
        end_time=end_time or current.end_time,
    )
    problems = validate_draft(db, draft)
    if not problems and draft.date == current.date and draft.start_time == current.start_time:
        problems.append(msg("events.error.postpone_same_date"))
    if problems:
        raise EventError(problems)
    with db.atomic():
        db.execute(
            "UPDATE events SET date=?, start_time=?, end_time=?, status='postponed', "
            "updated_at=? WHERE id=?",
            [draft.date, draft.start_time, draft.end_time, now_iso(), event_id],
        )
        _history(
            db,
            event_id,
            "postponed",
            (current.date, current.start_time, current.end_time),
            (draft.date, draft.start_time, draft.end_time),
            reason,
        )
        reschedule_checklist(db, event_id)
    return get_event(db, event_id)


def cancel_event(db: Database, event_id: str, reason: str = "") -> Event:
    current = get_event(db, event_id)
    if current is None:
        raise EventError([msg("events.error.unknown_event", id=event_id)])
    if current.status in ("done", "cancelled"):
        raise EventError([_not_active(current.status)])
    with db.atomic():
        db.execute(
            "UPDATE events SET status='cancelled', updated_at=? WHERE id=?", [now_iso(), event_id]
        )
        _history(
            db,
            event_id,
            "cancelled",
            (current.date, current.start_time, current.end_time),
            reason=reason,
        )
    return get_event(db, event_id)


def draft_of(event: Event) -> EventDraft:
    return EventDraft(
        title=event.title,
        date=event.date,
        start_time=event.start_time,
        end_time=event.end_time,
        community_id=event.community_id,
        venue=event.venue,
        consultation_desk=event.consultation_desk,
        notes=event.notes,
        partner_ids=event.partner_ids,
    )


# -- series planning -------------------------------------------------------------------------


def nth_weekday(year: int, month: int, weekday: int, week_of_month: int) -> dt.date:
    """The ``week_of_month``-th ``weekday`` of a month (1–4, or -1 for the last); a 5th that
    the month lacks falls back to the last."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    if week_of_month == -1 or week_of_month > len(days):
        return days[-1]
    return days[week_of_month - 1]


def _add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def plan_series(db: Database, plan: SeriesPlan) -> list[EventDraft]:
    """Propose one event a month (not saved: the organisers review and adjust first)."""
    problems: list[Message] = []
    if not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", plan.first_month or ""):
        problems.append(msg("events.error.bad_month", value=plan.first_month))
    if not 1 <= plan.months <= 24:
        problems.append(msg("events.error.bad_months", value=plan.months))
    if not 0 <= plan.weekday <= 6 or plan.week_of_month not in (1, 2, 3, 4, 5, -1):
        problems.append(msg("events.error.bad_week"))
    if not plan.community_ids:
        problems.append(msg("events.error.no_communities"))
    if problems:
        raise EventError(problems)
    names = dict(db.execute("SELECT id, name FROM partners").fetchall())
    year, month = map(int, plan.first_month.split("-"))
    drafts = []
    for offset in range(plan.months):
        y, m = _add_months(year, month, offset)
        community_id = plan.community_ids[offset % len(plan.community_ids)]
        community = names.get(community_id, "")
        drafts.append(
            EventDraft(
                title=f"{plan.title}·{community}" if community else plan.title,
                date=nth_weekday(y, m, plan.weekday, plan.week_of_month).isoformat(),
                start_time=plan.start_time,
                end_time=plan.end_time,
                community_id=community_id,
                venue=community,
                consultation_desk=plan.consultation_desk,
                partner_ids=plan.partner_ids,
            )
        )
    return drafts


def save_series(db: Database, plan: SeriesPlan, drafts: Sequence[EventDraft]) -> list[Event]:
    """Save the reviewed proposals as one series, all or nothing."""
    problems: list[Message] = []
    for number, draft in enumerate(drafts, start=1):
        problems += [
            msg("events.error.series_row", row=number, problem=p) for p in validate_draft(db, draft)
        ]
    if not drafts:
        problems.append(msg("events.error.series_empty"))
    if problems:
        raise EventError(problems)
    with db.atomic():
        series_id = new_id()
        db.execute(
            "INSERT INTO event_series (id, title, weekday, week_of_month, created_at) "
            "VALUES (?,?,?,?,?)",
            [series_id, plan.title, plan.weekday, plan.week_of_month, now_iso()],
        )
        ids = [_insert(db, draft, series_id) for draft in drafts]
    return [get_event(db, event_id) for event_id in ids]
