from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class TeamsPage(NotBuiltYetPage):
    page_id = "teams"
    title_key = "nav.teams"
    plan_key = "plan.teams"
