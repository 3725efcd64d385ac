"""Helpers for the inventory and budget tests: events rows written straight into the events
concept's table (its schema: id, title, date, times, status)."""

from __future__ import annotations

from outreach.storage.database import new_id, now_iso


def add_event(db, date: str, title: str = "保险知识进社区", status: str = "planned") -> str:
    event_id = new_id()
    db["events"].insert(
        {
            "id": event_id,
            "title": title,
            "date": date,
            "start_time": "09:00",
            "end_time": "11:30",
            "status": status,
            "created_at": now_iso(),
            "updated_at": now_iso(),
        }
    )
    return event_id
