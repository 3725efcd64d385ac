"""Helpers for the certificate designer's GUI tests: the designer opened as the Print page
shows it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def open_designer(programme, qtbot):
    """The designer in a shown window, the honour layout chosen."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui.certificate_designer import CertificateDesigner
    from ui.context import AppContext
    from ui.settings import AppSettings

    window = QWidget()  # stands for the main window the designer lives in
    widget = CertificateDesigner(AppContext(AppSettings(), programme))
    QVBoxLayout(window).addWidget(widget)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    widget.select_layout("honour")
    # Closing the test window must never wait on a question nobody answers.
    widget.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    return widget
