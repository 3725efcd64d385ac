from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class PrintPage(NotBuiltYetPage):
    page_id = "print"
    title_key = "nav.print"
    plan_key = "plan.print"
