from __future__ import annotations

from ui.pages.base import NotBuiltYetPage


class InventoryPage(NotBuiltYetPage):
    page_id = "inventory"
    title_key = "nav.inventory"
    plan_key = "plan.inventory"
