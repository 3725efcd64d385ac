"""Qt's standard buttons follow the UI language."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from ui.app import make_application
from ui.qt_translations import QtStandardTexts


def button_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    box.deleteLater()
    return text


def test_standard_buttons_switch_between_chinese_and_english(qtbot):
    app = make_application([])
    texts = QtStandardTexts(app)
    try:
        assert texts.apply("zh_CN")
        assert button_text() == "取消"
        assert not texts.apply("en")
        assert button_text().replace("&", "") == "Cancel"
    finally:
        texts.apply("en")
