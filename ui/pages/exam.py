from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class ExamPage(NotBuiltYetPage):
    page_id = "exam"
    title_key = "nav.exam"
    plan_key = "plan.exam"
