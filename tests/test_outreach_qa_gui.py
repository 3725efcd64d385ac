"""GUI regressions found by the end-to-end QA pass of the outreach, stock and money pages."""

from __future__ import annotations

import pytest

from ui.app import make_application
from ui.context import AppContext
from ui.pages.events import EventsPage
from ui.settings import AppSettings


@pytest.fixture
def context(tmp_path, demo_db, programme):
    make_application([])
    return AppContext(AppSettings(tmp_path / "settings.ini"), programme)


@pytest.fixture
def events_page(qtbot, context):
    widget = EventsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_an_export_refused_by_the_domain_is_explained_in_chinese(
    events_page, tmp_path, monkeypatch
):
    warnings = []
    monkeypatch.setattr(
        "ui.pages.events.QMessageBox.warning", lambda _parent, title, text: warnings.append(text)
    )
    # The file dialog adds no extension of its own: the organiser typed "活动表".
    events_page.ask_file = lambda _title, _suggested, _pattern: str(tmp_path / "活动表")
    events_page.export_events()
    assert len(warnings) == 1
    assert ".csv 或 .xlsx" in warnings[0] and "must end" not in warnings[0]
    assert not (tmp_path / "活动表").exists()


def test_stock_and_money_pages_only_look_at_a_file_opened_read_only(qtbot, tmp_path):
    """A file another window holds opens read-only: the Inventory and Budget pages offered
    every write anyway, and OK ended in "attempt to write a readonly database"."""
    from outreach.demo import fill_demo
    from outreach.storage.database import open_programme
    from ui.pages.budget import BudgetPage
    from ui.pages.inventory import InventoryPage

    path = tmp_path / "held.outreach.db"
    writer = open_programme(path, create=True)
    fill_demo(writer.db)
    writer.close()
    programme = open_programme(path, read_only=True)
    try:
        make_application([])
        context = AppContext(AppSettings(tmp_path / "settings.ini"), programme)
        inventory = InventoryPage(context)
        budget = BudgetPage(context)
        for page in (inventory, budget):
            qtbot.addWidget(page)
            page.show()
        for button in (
            inventory.new_item_button,
            inventory.edit_item_button,
            inventory.movement_button,
            inventory.reverse_button,
            inventory.plan_button,
            inventory.post_button,
            inventory.post_all_button,
            budget.expense_button,
            budget.reverse_button,
            budget.planned_button,
            budget.event_planned_button,
        ):
            assert not button.isEnabled()
        # Reading still works: printouts and exports.
        assert inventory.print_button.isEnabled() and budget.export_button.isEnabled()
        assert inventory.record_movement() is None and inventory.new_item() is None
        assert inventory.post_all() == 0
        assert budget.record_expense() is None and budget.set_planned() is None
        # double-clicking a row (edit) does nothing either
        inventory.items_view.selectRow(0)
        assert inventory.edit_item() is None
    finally:
        programme.close()


def test_the_details_panel_shows_typed_text_as_typed_in_either_language(events_page):
    """The panel is rich text: "<for>" in a title and "<heavy>" in a reason vanished, an event
    without a venue ended in a dangling "·", and English got Chinese brackets."""
    from PySide6.QtGui import QTextDocument

    from outreach import i18n
    from outreach.events.schedule import EventDraft, create_event, postpone_event

    db = events_page.context.db
    event = create_event(
        db, EventDraft("Talk <for> seniors & kids", "2026-12-19", "14:00", "16:00")
    )
    postpone_event(db, event.id, "2026-12-26", reason="rain <heavy>")
    events_page.reload()

    def shown() -> str:
        events_page.select_event(event.id)
        document = QTextDocument()
        document.setHtml(events_page.details.text())
        return document.toPlainText()

    text = shown()
    assert "Talk <for> seniors & kids" in text and "（rain <heavy>）" in text
    assert "2026-12-26（周六）14:00–16:00\n" in text + "\n" and "·" not in text.splitlines()[1]
    events_page.context.set_language("en")
    i18n.set_language("en")
    text = shown()
    assert "2026-12-26 (Sat) 14:00–16:00" in text and " (rain <heavy>)" in text
    assert "（" not in text


def test_the_phone_calendar_follows_the_printout_language_beside_it(events_page, tmp_path):
    events_page.print_language.combo.setCurrentIndex(
        events_page.print_language.combo.findData("en")
    )
    events_page.ask_file = lambda _title, suggested, _pattern: str(tmp_path / suggested)
    events_page.export_calendar()
    text = (tmp_path / "outreach-events.ics").read_bytes().decode()
    assert "X-WR-CALNAME:Insurance knowledge into the community" in text
    assert "Insurance consultation desk" in text and "设保险咨询点" not in text


def test_suggested_file_names_follow_the_interface_language(events_page, qtbot, monkeypatch):
    """The save dialogs offered Chinese file names (签到表-…pdf, 库存.xlsx) in the English UI."""
    from outreach import i18n
    from ui.pages.budget import BudgetPage
    from ui.pages.inventory import InventoryPage

    suggested = []

    def ask(_parent, _title, name, _filters):
        suggested.append(name)
        return ""  # the organiser cancels

    monkeypatch.setattr("ui.inventory_views.ask_save_path", ask)
    events_page.ask_file = lambda _title, name, _pattern: suggested.append(name) or ""
    inventory = InventoryPage(events_page.context)
    budget = BudgetPage(events_page.context)
    qtbot.addWidget(inventory)
    qtbot.addWidget(budget)
    for language in ("en", "zh_CN"):
        events_page.context.set_language(language)
        i18n.set_language(language)
        suggested.clear()
        events_page.select_event(events_page.events_model.rows()[0].id)
        for action in (
            events_page.print_signin,
            events_page.print_runsheet,
            events_page.print_duty,
            events_page.print_schedule,
            events_page.export_events,
            events_page.export_volunteers,
            lambda: inventory.export("stock"),
            lambda: inventory.export("ledger"),
            inventory.print_report,
            lambda: budget.export("budget"),
            lambda: budget.export("categories"),
            budget.print_report,
        ):
            action()
        assert len(suggested) == 12
        chinese = [name for name in suggested if any("\u4e00" <= c <= "\u9fff" for c in name)]
        assert chinese == ([] if language == "en" else suggested), suggested
    assert suggested[0].startswith("签到表-")
