"""The pages of the main window, in navigation order."""

from __future__ import annotations

from ui.pages.base import Page


def page_classes() -> list[type[Page]]:
    from ui.pages.budget import BudgetPage
    from ui.pages.events import EventsPage
    from ui.pages.exam import ExamPage
    from ui.pages.final import FinalPage
    from ui.pages.home import HomePage
    from ui.pages.inventory import InventoryPage
    from ui.pages.print_page import PrintPage
    from ui.pages.settings import SettingsPage
    from ui.pages.teams import TeamsPage

    return [
        HomePage,
        TeamsPage,
        ExamPage,
        FinalPage,
        EventsPage,
        InventoryPage,
        BudgetPage,
        PrintPage,
        SettingsPage,
    ]
