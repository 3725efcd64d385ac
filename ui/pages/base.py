"""The page contract: built in code, given the AppContext, relabelled on language change."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from outreach.i18n import tr
from ui.context import AppContext
from ui.texts import TextBinder

# Styles set on the widgets they are for: an application-wide style sheet would send every
# widget through Qt's slower style-sheet style.
HEADING_STYLE = "font-size: 20px; font-weight: 600; padding-bottom: 6px;"


def heading_label() -> QLabel:
    """A page's (or the welcome dialog's) title line."""
    heading = QLabel()
    heading.setObjectName("pageHeading")
    heading.setStyleSheet(HEADING_STYLE)
    return heading


class Page(QWidget):
    #: catalog key of the page's name in the navigation
    title_key = ""
    #: stable name used by tests and settings
    page_id = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.texts = TextBinder()
        context.programme_replaced.connect(self.reload)
        context.language_changed.connect(lambda _language: self.retranslate())

    def title(self) -> str:
        return tr(self.title_key)

    def retranslate(self) -> None:
        """Relabel everything; subclasses with models also refresh their headers."""
        self.texts.retranslate()

    def reload(self) -> None:
        """Re-read everything from the (possibly new) programme."""

    def shown(self) -> None:
        """Called when the page becomes the visible one."""

    def may_leave_programme(self) -> bool:
        """Asked before another programme replaces this one: False when the page holds unsaved
        work and the person chose to stay (the page asks them)."""
        return True
