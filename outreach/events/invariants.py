"""Invariants of the outreach schedule for ``check``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.events.checklists import due_date_for
from outreach.i18n import Message, msg

if TYPE_CHECKING:
    from sqlite_utils import Database


def check(db: Database) -> list[Message]:
    problems: list[Message] = []
    for _item_id, title, due, days, event_date, event_title in db.execute(
        "SELECT c.id, c.title, c.due_date, c.days_before, e.date, e.title "
        "FROM checklist_items c JOIN events e ON e.id = c.event_id WHERE c.done_at IS NULL"
    ).fetchall():
        if due != due_date_for(event_date, days):
            problems.append(msg("events.check.due_date", event=event_title, item=title, due=due))
    for (event_title,) in db.execute(
        "SELECT e.title FROM event_outcomes o JOIN events e ON e.id = o.event_id "
        "WHERE e.status != 'done'"
    ).fetchall():
        problems.append(msg("events.check.outcome_not_done", event=event_title))
    return problems
