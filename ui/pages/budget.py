from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class BudgetPage(NotBuiltYetPage):
    page_id = "budget"
    title_key = "nav.budget"
    plan_key = "plan.budget"
