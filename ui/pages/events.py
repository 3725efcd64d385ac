from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class EventsPage(NotBuiltYetPage):
    page_id = "events"
    title_key = "nav.events"
    plan_key = "plan.events"
