"""Naming a programme: File ▸ Programme name… and the New programme flow; the window title,
Home's heading, reports and rosters follow at once."""

from __future__ import annotations

import pytest

from outreach import i18n
from outreach.core.info import ProgrammeInfoError, rename_programme
from outreach.storage import open_programme
from outreach.storage.database import name_from_file
from ui.app import make_application
from ui.context import AppContext
from ui.main_window import MainWindow
from ui.settings import AppSettings


def test_rename_keeps_the_cleaned_name_in_one_transaction(programme):
    assert rename_programme(programme.db, "  2027 春季  保险进社区\n") == "2027 春季 保险进社区"
    assert programme.name == "2027 春季 保险进社区"
    rename_programme(programme.db, "第二个名字")
    rows = programme.db.execute("SELECT value FROM programme_info WHERE key = 'name'").fetchall()
    assert rows == [("第二个名字",)]


@pytest.mark.parametrize("name", ["", "   ", "名" * 81])
def test_blank_or_overlong_names_are_refused_and_nothing_changes(programme, name):
    rename_programme(programme.db, "原名")
    with pytest.raises(ProgrammeInfoError) as refused:
        rename_programme(programme.db, name)
    assert refused.value.message.render("zh_CN") and refused.value.message.render("en")
    assert programme.name == "原名"


def test_name_from_file():
    from pathlib import Path

    assert name_from_file(Path("初赛登记.outreach.db")) == "初赛登记"
    assert name_from_file(Path("programme.db")) == "programme"


def make_window(qtbot, tmp_path):
    make_application([])
    window = MainWindow(AppContext(AppSettings(tmp_path / "settings.ini")))
    qtbot.addWidget(window)
    assert window.open_path(tmp_path / "programme.outreach.db", create=True)
    window.show()
    return window


def answer_name(monkeypatch, *answers):
    asked = []
    replies = list(answers)

    def get_text(_parent, title, label, _mode, text):
        asked.append((title, label, text))
        return replies.pop(0)

    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", get_text)
    return asked


def answer_confirm(monkeypatch, *, yes: bool):
    from PySide6.QtWidgets import QMessageBox

    asked = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes if yes else QMessageBox.StandardButton.No

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    return asked


def test_renaming_shows_the_name_in_force_and_confirms_old_to_new(qtbot, tmp_path, monkeypatch):
    # Renaming is not undoable (undo is per page): it was written at OK with the old name
    # gone from the dialog once edited, and nothing to bring it back.
    window = make_window(qtbot, tmp_path)
    assert window.rename_programme("春季活动")
    asked = answer_name(monkeypatch, ("秋季活动", True))
    confirmed = answer_confirm(monkeypatch, yes=False)
    assert window.rename_programme() is False
    assert "现在的名称：春季活动" in asked[0][1]
    assert "“春季活动”" in confirmed[0] and "“秋季活动”" in confirmed[0]
    assert "撤销" in confirmed[0]
    assert window.context.programme.name == "春季活动"  # declined: nothing written
    # the same name again is no change: nothing asked, nothing written
    answer_name(monkeypatch, ("春季活动", True))
    confirmed = answer_confirm(monkeypatch, yes=True)
    assert window.rename_programme() is False and confirmed == []
    window.context.set_language("en")
    try:
        asked = answer_name(monkeypatch, ("Autumn", True))
        confirmed = answer_confirm(monkeypatch, yes=True)
        assert window.rename_programme()
        assert "Current name: 春季活动" in asked[0][1]
        assert confirmed[0].startswith('Rename the programme from "春季活动" to "Autumn"?')
    finally:
        window.context.set_language("zh_CN")
    assert window.context.programme.name == "Autumn"


def test_file_menu_renames_the_programme_and_title_and_home_follow(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    home = window.page("home")
    assert home.heading.text() == "programme"
    assert window.rename_action.isEnabled()
    warned = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QMessageBox.warning", lambda *a, **k: warned.append(a[2])
    )
    asked = answer_name(monkeypatch, ("  ", True), ("社区保险宣传 2027", True))
    confirmed = answer_confirm(monkeypatch, yes=True)
    window.rename_action.trigger()
    assert asked[0][2] == "programme"  # the current name to edit
    assert len(confirmed) == 1
    assert asked[1][2] == "  "  # asked again with what was typed, after the refusal
    assert warned == ["活动名称不能为空"]
    assert window.windowTitle().startswith("社区保险宣传 2027 — ")
    assert home.heading.text() == "社区保险宣传 2027"
    path = window.context.programme.path
    window.context.replace_programme(None)
    reopened = open_programme(path)
    try:
        assert reopened.name == "社区保险宣传 2027"
    finally:
        reopened.close()


def test_cancelling_the_rename_changes_nothing(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    answer_name(monkeypatch, ("不会保存", False))
    assert window.rename_programme() is False
    assert window.context.programme.name == "programme"


def test_the_rename_entry_is_translated_and_off_without_a_programme(qtbot, tmp_path):
    window = make_window(qtbot, tmp_path)
    assert window.rename_action.text() == "活动名称…"
    window.context.set_language("en")
    try:
        assert window.rename_action.text() == "Programme name…"
    finally:
        window.context.set_language("zh_CN")
    window.context.replace_programme(None)
    assert not window.rename_action.isEnabled()


def test_a_new_programme_is_named_as_it_is_made(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    target = tmp_path / "春季活动.outreach.db"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    asked = answer_name(monkeypatch, ("2027 春季保险进社区", True))
    window.new_programme()
    assert asked[0][2] == "春季活动"  # the file's name, offered as the default
    assert window.context.programme.path == target
    assert window.context.programme.name == "2027 春季保险进社区"
    assert window.windowTitle().startswith("2027 春季保险进社区")
    assert window.page("home").heading.text() == "2027 春季保险进社区"


def test_cancelling_the_new_programme_name_makes_no_file(qtbot, tmp_path, monkeypatch):
    window = make_window(qtbot, tmp_path)
    target = tmp_path / "不要.db"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(target), ""),
    )
    answer_name(monkeypatch, ("", False))
    window.new_programme()
    assert not target.exists()
    assert window.context.programme.path == tmp_path / "programme.outreach.db"
    assert i18n.current_language() == "zh_CN"


def test_new_on_an_existing_file_asks_once_and_opens_it_if_wanted(qtbot, tmp_path, monkeypatch):
    """The save dialog does not ask "replace?" (the program never replaces the file); the
    program's own question is the only one, and it offers to open the file instead."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    window = make_window(qtbot, tmp_path)
    existing = tmp_path / "已有.db"
    other = open_programme(existing, create=True)
    rename_programme(other.db, "已有的活动")
    other.close()
    options = []

    def save_dialog(*args, **kwargs):
        options.append(args[5] if len(args) > 5 else kwargs.get("options"))
        return str(existing), ""

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_dialog)
    questions = []

    def question(*a, **k):
        questions.append(a[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", question)
    monkeypatch.setattr(
        "PySide6.QtWidgets.QInputDialog.getText", lambda *a: pytest.fail("asked for a name")
    )
    window.new_programme()
    assert options and options[0] & QFileDialog.Option.DontConfirmOverwrite
    assert len(questions) == 1 and str(existing) in questions[0]
    assert window.context.programme.path == existing
    assert window.context.programme.name == "已有的活动"  # opened as it is, not emptied
