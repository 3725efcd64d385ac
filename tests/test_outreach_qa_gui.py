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
    # A name that reaches the export without .csv or .xlsx (the save dialog now adds one).
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


def test_extensions_are_added_to_names_typed_without_one():
    from ui.file_dialogs import with_extension

    both = "Excel (*.xlsx);;CSV (*.csv)"
    assert with_extension("/d/活动表", both, "Excel (*.xlsx)") == "/d/活动表.xlsx"
    assert with_extension("/d/活动表", both, "CSV (*.csv)") == "/d/活动表.csv"
    assert with_extension("/d/活动表", both) == "/d/活动表.xlsx"
    assert with_extension("/d/活动表.CSV", both, "Excel (*.xlsx)") == "/d/活动表.CSV"
    assert with_extension("/d/report.v2", "PDF 文件 (*.pdf)") == "/d/report.v2.pdf"
    assert with_extension("/d/日历", "iCalendar (*.ics)", "iCalendar (*.ics)") == "/d/日历.ics"
    assert with_extension("", "PDF (*.pdf)") == ""  # cancelled
    assert with_extension("/d/x", "All files (*)") == "/d/x"


def test_save_dialogs_of_the_outreach_pages_add_the_missing_extension(
    events_page, qtbot, tmp_path, monkeypatch
):
    """A name typed without an extension was written as it stood: 日历 (no .ics) that no phone
    opens, a report PDF without .pdf; an export was refused."""
    from PySide6.QtWidgets import QFileDialog

    from ui.pages.budget import BudgetPage
    from ui.pages.inventory import InventoryPage

    answers = []

    def dialog(_parent, _title, _suggested, filters):
        name, chosen = answers.pop(0)
        selected = next(f for f in filters.split(";;") if chosen in f)
        return str(tmp_path / name), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    answers.append(("日历", "*.ics"))
    events_page.export_calendar()
    assert (tmp_path / "日历.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    answers.append(("活动表", "*.csv"))
    events_page.export_events()
    answers.append(("签到表", "*.pdf"))
    events_page.select_event(events_page.events_model.rows()[0].id)
    events_page.print_signin()
    assert (tmp_path / "活动表.csv").exists() and (tmp_path / "签到表.pdf").exists()
    inventory = InventoryPage(events_page.context)
    budget = BudgetPage(events_page.context)
    qtbot.addWidget(inventory)
    qtbot.addWidget(budget)
    answers.append(("库存", "*.xlsx"))
    assert inventory.export("stock")
    answers.append(("经费", "*.csv"))
    assert budget.export("budget")
    tasks = []
    for page, name in ((inventory, "库存报告"), (budget, "经费报告")):
        answers.append((name, "*.pdf"))
        tasks.append(page.print_report())
    qtbot.waitUntil(lambda: all(task.result is not None for task in tasks), timeout=20000)
    for name in ("库存.xlsx", "经费.csv", "库存报告.pdf", "经费报告.pdf"):
        assert (tmp_path / name).stat().st_size > 0, name
    assert not [p.name for p in tmp_path.iterdir() if p.is_file() and not p.suffix]


def test_adding_the_extension_does_not_replace_a_file_unasked(events_page, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    existing = tmp_path / "日历.ics"
    existing.write_text("mine", encoding="utf-8")
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *_a: (str(tmp_path / "日历"), "iCalendar (*.ics)")),
    )
    asked = []

    def no(_parent, _title, text, **_kw):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(no))
    events_page.export_calendar()
    assert existing.read_text(encoding="utf-8") == "mine"
    assert len(asked) == 1 and "日历.ics" in asked[0] and "已存在" in asked[0]
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    events_page.export_calendar()
    assert existing.read_bytes().startswith(b"BEGIN:VCALENDAR")
