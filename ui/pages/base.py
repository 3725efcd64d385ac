"""The page contract: built in code, given the AppContext, relabelled on language change."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from outreach.i18n import tr
from ui.context import AppContext
from ui.texts import TextBinder


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


class NotBuiltYetPage(Page):
    """An honest notice for a page whose capability has not landed yet."""

    #: catalog key describing what the page will do
    plan_key = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        heading = QLabel()
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(frame)
        notice = QLabel()
        notice.setObjectName("notBuiltYet")
        notice.setWordWrap(True)
        plan = QLabel()
        plan.setWordWrap(True)
        from PySide6.QtCore import Qt

        plan.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner.addWidget(notice)
        inner.addWidget(plan)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.texts.bind(heading.setText, self.title_key)
        self.texts.bind(notice.setText, "page.not_built_yet")
        self.texts.bind(plan.setText, self.plan_key)
