"""The print language chosen in the window reaches the printouts: one choice beside the print
buttons, shared by every page, remembered in the settings, Chinese until changed."""

from __future__ import annotations

import sqlite3

import pypdfium2 as pdfium
import pytest
from sqlite_utils import Database

from outreach.demo import fill_demo
from outreach.storage import Programme, memory_programme
from ui.app import make_application
from ui.context import AppContext
from ui.pages.events import EventsPage
from ui.pages.exam import ExamPage
from ui.pages.inventory import InventoryPage
from ui.pages.print_page import PrintPage
from ui.pages.settings import SettingsPage
from ui.settings import AppSettings


@pytest.fixture(scope="module")
def demo_template():
    template = memory_programme()
    fill_demo(template.db)
    yield template
    template.close()


@pytest.fixture
def programme(demo_template):
    conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    demo_template.db.conn.backup(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    copy = Programme(Database(conn), None)
    yield copy
    copy.close()


def pdf_text(path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def make_context(tmp_path, programme) -> AppContext:
    make_application([])
    return AppContext(AppSettings(tmp_path / "settings.ini"), programme)


def test_chinese_is_the_default_and_the_choice_is_shared_and_remembered(qtbot, tmp_path, programme):
    context = make_context(tmp_path, programme)
    exam, events, settings = ExamPage(context), EventsPage(context), SettingsPage(context)
    for page in (exam, events, settings):
        qtbot.addWidget(page)
    assert exam.setup.print_language.language() == "zh_CN"
    assert events.print_language.language() == "zh_CN"
    combo = exam.setup.print_language.combo
    combo.setCurrentIndex(combo.findData("en"))
    assert events.print_language.language() == "en", "every page shows the one choice"
    assert settings.print_language.language() == "en"
    context.settings.sync()
    assert AppSettings(tmp_path / "settings.ini").print_language == "en"
    # A new window on the same settings starts with English.
    again = ExamPage(make_context(tmp_path, programme))
    qtbot.addWidget(again)
    assert again.setup.print_language.language() == "en"


def test_the_exam_page_prints_papers_in_the_chosen_language(qtbot, tmp_path, programme):
    context = make_context(tmp_path, programme)
    page = ExamPage(context)
    qtbot.addWidget(page)
    page.show()
    target = tmp_path / "papers.pdf"
    task = page.setup.print_pdf("papers", str(target))
    qtbot.waitUntil(lambda: target.exists() and task.result is not None, timeout=60000)
    assert "姓名" in pdf_text(target)
    combo = page.setup.print_language.combo
    combo.setCurrentIndex(combo.findData("en"))
    english = tmp_path / "papers-en.pdf"
    task = page.setup.print_pdf("papers", str(english))
    qtbot.waitUntil(lambda: english.exists() and task.result is not None, timeout=60000)
    text = pdf_text(english)
    assert "Student no." in text and "answer sheet (version A)" in text
    assert "姓名" not in text
    assert "保险" in text, "the questions print as typed"


def test_events_inventory_and_print_pages_follow_the_choice(
    qtbot, tmp_path, programme, monkeypatch
):
    context = make_context(tmp_path, programme)
    context.set_print_language("en")
    events, inventory, prints = EventsPage(context), InventoryPage(context), PrintPage(context)
    for page in (events, inventory, prints):
        qtbot.addWidget(page)

    runsheet = tmp_path / "runsheet.pdf"
    monkeypatch.setattr(events, "ask_file", lambda *_args: str(runsheet))
    events.events_view.selectRow(0)
    events.print_runsheet()
    text = pdf_text(runsheet)
    assert "Event run-sheet" in text and "活动执行单" not in text

    stock = tmp_path / "stock.pdf"
    task = inventory.print_report(str(stock))
    qtbot.waitUntil(lambda: task.result is not None, timeout=20000)
    assert "Stock report" in pdf_text(stock)

    signoff = tmp_path / "signoff.pdf"
    monkeypatch.setattr("ui.pages.print_page.ask_save_path", lambda *_args: str(signoff))
    prints.print_signoff()
    assert "Prize sign-off sheet" in pdf_text(signoff)

    # Back to Chinese on the Print page: the events page follows.
    combo = prints.print_language.combo
    combo.setCurrentIndex(combo.findData("zh_CN"))
    events.print_runsheet()
    assert "活动执行单" in pdf_text(runsheet)
