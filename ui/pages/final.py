from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class FinalPage(NotBuiltYetPage):
    page_id = "final"
    title_key = "nav.final"
    plan_key = "plan.final"
