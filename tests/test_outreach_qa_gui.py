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
