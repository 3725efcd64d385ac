"""What an event achieved: residents reached, consultations held, materials handed out
(flyers, posters… one row per material, which the inventory turns into issue movements) and
notes. Recording the outcome marks the event done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from outreach.events.schedule import EventError, _history, _not_active, get_event
from outreach.i18n import Message, msg
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

    from outreach.events.schedule import Event

# Materials the outcome dialog asks for; others may be recorded too.
MATERIALS = ("flyers", "posters")

# Called inside the outcome's transaction with (db, event_id, {material: quantity}). Concepts
# offer one as ``Feature.on_event_outcome`` (the inventory posts issue movements); others may be
# registered here. Raising rolls everything back.
OutcomeHook = Callable[["Database", str, Mapping[str, int]], None]
_hooks: list[OutcomeHook] = []


def register_outcome_hook(hook: OutcomeHook) -> None:
    if hook not in _hooks:
        _hooks.append(hook)


def outcome_hooks() -> list[OutcomeHook]:
    from outreach.feature_registry import all_features

    return [f.on_event_outcome for f in all_features() if f.on_event_outcome] + _hooks


@dataclass(frozen=True)
class Outcome:
    event_id: str
    residents_reached: int
    consultations: int
    notes: str = ""
    materials: dict[str, int] = field(default_factory=dict)
    recorded_at: str = ""


def get_outcome(db: Database, event_id: str) -> Outcome | None:
    row = db.execute(
        "SELECT event_id, residents_reached, consultations, notes, recorded_at "
        "FROM event_outcomes WHERE event_id = ?",
        [event_id],
    ).fetchone()
    if row is None:
        return None
    materials = dict(
        db.execute(
            "SELECT material, quantity FROM event_outcome_materials WHERE event_id = ? "
            "ORDER BY material",
            [event_id],
        ).fetchall()
    )
    return Outcome(row[0], row[1], row[2], row[3], materials, row[4])


def outcome_too_early(event: Event, today: dt.date | None = None) -> Message | None:
    """Why ``event``'s outcome cannot be recorded yet (it is dated after ``today``), or None.

    Recording marks the event done and posts its materials to the stock ledger, so an outcome
    for an event that has not taken place would be a fiction that is hard to take back. The
    day of the event itself is allowed (the outcome is often typed in that evening)."""
    today = today or dt.date.today()
    if event.day > today:
        return msg(
            "events.error.outcome_in_future",
            title=event.title,
            date=event.date,
            today=today.isoformat(),
        )
    return None


def record_outcome(db: Database, outcome: Outcome, today: dt.date | None = None) -> Outcome:
    """Save (or correct) an event's outcome and mark it done, in one transaction. Refused for
    an event dated after ``today`` (default: the computer's date)."""
    event = get_event(db, outcome.event_id)
    if event is None:
        raise EventError([msg("events.error.unknown_event", id=outcome.event_id)])
    if event.status == "cancelled":
        raise EventError([_not_active(event.status)])
    too_early = outcome_too_early(event, today)
    if too_early:
        raise EventError([too_early])
    problems = []
    # Each count named as the organiser sees it (a material without a name shows its code).
    numbers = [
        (msg("events.column.residents"), outcome.residents_reached),
        (msg("events.column.consultations"), outcome.consultations),
        *(
            (msg(f"events.material.{m}") if m in MATERIALS else m, quantity)
            for m, quantity in outcome.materials.items()
        ),
    ]
    for name, value in numbers:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(msg("events.error.bad_count", what=name, value=value))
    if problems:
        raise EventError(problems)
    previous = get_outcome(db, outcome.event_id)
    with db.atomic():
        db.execute(
            "INSERT INTO event_outcomes (event_id, residents_reached, consultations, notes, "
            "recorded_at) VALUES (?,?,?,?,?) ON CONFLICT(event_id) DO UPDATE SET "
            "residents_reached=excluded.residents_reached, consultations=excluded.consultations,"
            " notes=excluded.notes, recorded_at=excluded.recorded_at",
            [
                outcome.event_id,
                outcome.residents_reached,
                outcome.consultations,
                outcome.notes.strip(),
                now_iso(),
            ],
        )
        db.execute("DELETE FROM event_outcome_materials WHERE event_id = ?", [outcome.event_id])
        for material, quantity in outcome.materials.items():
            if quantity:
                db.execute(
                    "INSERT INTO event_outcome_materials (event_id, material, quantity) "
                    "VALUES (?,?,?)",
                    [outcome.event_id, material, quantity],
                )
        if event.status != "done":
            db.execute(
                "UPDATE events SET status='done', updated_at=? WHERE id=?",
                [now_iso(), outcome.event_id],
            )
            _history(db, outcome.event_id, "done", (event.date, event.start_time, event.end_time))
        # The hooks see the change in quantities so that a correction posts only the difference.
        before = previous.materials if previous else {}
        change = {
            m: outcome.materials.get(m, 0) - before.get(m, 0)
            for m in {*before, *outcome.materials}
            if outcome.materials.get(m, 0) != before.get(m, 0)
        }
        if change:
            for hook in outcome_hooks():
                hook(db, outcome.event_id, change)
    return get_outcome(db, outcome.event_id)


@dataclass(frozen=True)
class OutcomeTotals:
    events_done: int
    residents_reached: int
    consultations: int
    materials: dict[str, int]


def outcome_totals(db: Database) -> OutcomeTotals:
    row = db.execute(
        "SELECT count(*), coalesce(sum(residents_reached), 0), coalesce(sum(consultations), 0) "
        "FROM event_outcomes"
    ).fetchone()
    materials = dict(
        db.execute(
            "SELECT material, sum(quantity) FROM event_outcome_materials GROUP BY material"
        ).fetchall()
    )
    return OutcomeTotals(row[0], row[1], row[2], materials)
