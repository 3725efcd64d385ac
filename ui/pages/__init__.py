"""The pages of the main window, in navigation order.

Listed by name so that a page's module (and whatever heavy library it uses) is imported only
when the page is first shown; start-up pays for Home alone.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

from ui.pages.base import Page


class PageEntry(NamedTuple):
    page_id: str
    title_key: str
    module: str
    class_name: str

    def load(self) -> type[Page]:
        return getattr(importlib.import_module(self.module), self.class_name)


PAGES = [
    PageEntry("home", "nav.home", "ui.pages.home", "HomePage"),
    PageEntry("teams", "nav.teams", "ui.pages.teams", "TeamsPage"),
    PageEntry("exam", "nav.exam", "ui.pages.exam", "ExamPage"),
    PageEntry("final", "nav.final", "ui.pages.final", "FinalPage"),
    PageEntry("events", "nav.events", "ui.pages.events", "EventsPage"),
    PageEntry("inventory", "nav.inventory", "ui.pages.inventory", "InventoryPage"),
    PageEntry("budget", "nav.budget", "ui.pages.budget", "BudgetPage"),
    PageEntry("print", "nav.print", "ui.pages.print_page", "PrintPage"),
    PageEntry("settings", "nav.settings", "ui.pages.settings", "SettingsPage"),
]


def page_classes() -> list[type[Page]]:
    return [entry.load() for entry in PAGES]
