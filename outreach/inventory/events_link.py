"""What the stock needs to know about events (owned by the events concept): titles and dates
for labels. Reads the ``events`` table directly and tolerates its absence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class EventLabel:
    id: str
    title: str
    date: str
    status: str

    def label(self) -> str:
        return f"{self.date} {self.title}".strip()


def event_labels(db: Database) -> dict[str, EventLabel]:
    if not db["events"].exists():
        return {}
    rows = db.execute(
        "SELECT id, coalesce(title, ''), coalesce(date, ''), coalesce(status, '') FROM events "
        "ORDER BY date, title"
    ).fetchall()
    return {r[0]: EventLabel(*r) for r in rows}
