"""Home: what needs attention in this programme — next events, due and overdue checklist items,
low stock, competition progress, the latest backup — and what the file holds. Refreshes on
every ``data_changed``; the figures come from ``outreach.reporting.dashboard``.

The figures are read on a worker thread with a connection of its own: the window shows (and
stays responsive) while they are gathered. One read runs at a time; changes made meanwhile
(typing answer sheets changes data every few seconds) make it stale, and one more read follows."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from outreach.i18n import tr, with_detail
from ui.context import AppContext
from ui.pages.base import Page, heading_label

if TYPE_CHECKING:
    from outreach.reporting.dashboard import HomeFigures, Line

log = logging.getLogger(__name__)

URGENT = "#b3261e"


def lines_html(lines: list[Line] | None, empty_key: str, missing_key: str) -> str:
    import html  # with its table of entities: not needed until the figures arrive

    if lines is None:
        return f"<i>{html.escape(tr('home.not_available', what=tr(missing_key)))}</i>"
    if not lines:
        return html.escape(tr(empty_key))
    rows = []
    for line in lines:
        text = html.escape(line.text)
        if line.when:
            text = f"<b>{html.escape(line.when)}</b>&nbsp;&nbsp;{text}"
        if line.urgent:
            text = f'<span style="color:{URGENT}">{text}</span>'
        rows.append(text)
    return "<br>".join(rows)


class HomePage(Page):
    page_id = "home"
    title_key = "nav.home"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 24, 24, 24)
        self.heading = heading_label()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.file_label)
        grid = QGridLayout()
        grid.setSpacing(14)
        layout.addLayout(grid)
        self.boxes: dict[str, QLabel] = {}
        for index, (name, title_key) in enumerate(
            [
                ("events", "home.box.events"),
                ("due", "home.box.due"),
                ("competition", "home.box.competition"),
                ("stock", "home.box.stock"),
            ]
        ):
            box = QGroupBox()
            box.setObjectName(f"home_{name}")
            inner = QVBoxLayout(box)
            label = QLabel()
            label.setObjectName(f"home_{name}_text")
            label.setWordWrap(True)
            inner.addWidget(label)
            self.texts.bind(box.setTitle, title_key)
            self.boxes[name] = label
            grid.addWidget(box, index // 2, index % 2)
        self.summary_box = QGroupBox()
        self.summary_form = QFormLayout(self.summary_box)
        grid.addWidget(self.summary_box, 2, 0)
        backup_box = QGroupBox()
        backup_layout = QVBoxLayout(backup_box)
        self.backup_label = QLabel()
        self.backup_label.setObjectName("home_backup_text")
        self.backup_label.setWordWrap(True)
        backup_layout.addWidget(self.backup_label)
        grid.addWidget(backup_box, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addStretch(1)
        self.texts.bind(self.summary_box.setTitle, "home.summary")
        self.texts.bind(backup_box.setTitle, "home.box.backup")
        self._labels_finished = False
        self.reading = False  # figures are on their way
        self._in_flight = False  # a read is running on the worker thread
        self._stale = False  # ...and the data changed after it started
        context.data_changed.connect(lambda _topic: self.reload())
        self.reload()

    def retranslate(self) -> None:
        super().retranslate()
        self.reload()

    def reload(self) -> None:
        programme = self.context.programme
        self._stale = self._in_flight
        if programme is None:
            self.reading = False
            self._clear_figures()
            self.heading.setText(tr("home.no_programme"))
            self.file_label.setText("")
            return
        self.heading.setText(programme.name)
        file_text = tr("home.file", path=str(programme.path or ":memory:"))
        if programme.read_only:
            file_text = with_detail(file_text, tr("home.read_only"))
        self.file_label.setText(file_text)
        if programme.path is None:
            # In memory (previews, tests): no second connection can see it, and it is small.
            from outreach.reporting.dashboard import home_figures

            self.reading = False
            self._show_figures(home_figures(programme.db, None))
            return
        self.reading = True
        if not self._in_flight:
            self.context.when_shown(self._start_read)

    def _start_read(self) -> None:
        programme = self.context.programme
        if self._in_flight or programme is None or programme.path is None:
            return  # a read is running (it is marked stale) or there is nothing to read
        self._in_flight, self._stale = True, False
        path = programme.path
        from ui.tasks import run_task  # after the first paint: not on start-up's path

        def read(_progress):
            from outreach.reporting.dashboard import home_figures_of_file

            return home_figures_of_file(path)

        run_task(
            self,
            "",
            read,
            show_dialog=False,
            on_done=self._figures_read,
            on_error=self._read_failed,
        )

    def _read_ended(self) -> bool:
        """True when the read just ended is still current; otherwise the next one starts."""
        self._in_flight = False
        if self._stale:
            self._start_read()
            return False
        self.reading = False
        return True

    def _figures_read(self, figures: HomeFigures) -> None:
        if self._read_ended():
            self._show_figures(figures)

    def _read_failed(self, error: Exception, details: str) -> None:
        if not self._read_ended():
            return
        log.error("reading Home's figures failed:\n%s", details)
        self._finish_labels()
        self._clear_figures()
        from html import escape

        self.boxes["events"].setText(escape(tr("home.read_failed", detail=str(error))))

    def _finish_labels(self) -> None:
        """Rich text, top alignment, a selectable path: set when the first figures arrive, after
        the window has shown, because the first use of the Qt namespace creates all its enums
        (about 25 ms of start-up otherwise)."""
        if self._labels_finished:
            return
        from PySide6.QtCore import Qt

        self._labels_finished = True
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top_left = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft
        for label in self.boxes.values():
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(top_left)
        self.backup_label.setAlignment(top_left)

    def _clear_figures(self) -> None:
        while self.summary_form.rowCount():
            self.summary_form.removeRow(0)
        self.backup_label.setText("")
        for label in self.boxes.values():
            label.setText("")

    def _show_figures(self, figures: HomeFigures) -> None:
        self._finish_labels()
        self._clear_figures()
        board = figures.board
        self.boxes["events"].setText(
            lines_html(board.next_events, "home.events.none", "home.what.events")
        )
        self.boxes["due"].setText(lines_html(board.due_items, "home.due.none", "home.what.events"))
        self.boxes["stock"].setText(
            lines_html(board.low_stock, "home.stock.none", "home.what.inventory")
        )
        self.boxes["competition"].setText(self._competition_html(board.competition))
        if not figures.counts:
            self.summary_form.addRow(QLabel(tr("home.summary_empty")))
        for key, count in figures.counts:
            self.summary_form.addRow(tr(key), QLabel(str(count)))
        if board.latest_backup is not None:
            from ui.restore_dialog import reason_text

            self.backup_label.setText(
                tr(
                    "home.backup.latest",
                    when=board.latest_backup.when,
                    reason=reason_text(board.latest_backup.text),
                    count=board.backups_kept,
                )
            )
        else:
            self.backup_label.setText(tr("home.no_backup"))

    def _competition_html(self, progress) -> str:
        import html

        if progress is None:
            return (
                f"<i>{html.escape(tr('home.not_available', what=tr('home.what.competition')))}</i>"
            )
        lines = [
            tr(
                "home.competition.teams",
                teams=progress.teams,
                eligible=progress.eligible_teams,
                members=progress.members,
            )
        ]
        lines.append(
            progress.exam.render()
            if progress.exam is not None
            else tr("home.not_available", what=tr("home.what.exam"))
        )
        lines += [state.render() for state in progress.finals] or [tr("home.final.none")]
        return "<br>".join(html.escape(line) for line in lines)
