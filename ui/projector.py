"""The projector window: question → answer → explanation, a big countdown, and a scoreboard
whose rows glide to their new places when ranks change.

It is a separate top-level window that only displays what the console hands it
(``show_live``); it never opens dialogs, so nothing the operator does blocks it. Sizes scale
with the window height so that team names are 60 px tall at 1080p (≥ 48 px).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from outreach.final.live import Live
from outreach.i18n import tr
from outreach.printing.line_breaking import glued_blanks

BACKGROUND = "#0b1d3a"
FOREGROUND = "#ffffff"
ACCENT = "#ffd34d"
ANSWER = "#7CFC9A"
TEAM_NAME_PX_AT_1080 = 60


def restyle(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: re-polishing costs a millisecond per call."""
    if widget.property("appliedStyle") != css:
        widget.setProperty("appliedStyle", css)
        widget.setStyleSheet(css)


LETTERS = "ABCDEFGH"


class Scoreboard(QWidget):
    """Ranked rows painted directly; a rank change animates each row from its old slot."""

    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, int, int]] = []  # team_id, name, total, rank
        self.hidden_bottom = 0
        self.highlight: str | None = None
        self._from: dict[str, float] = {}
        self._to: dict[str, float] = {}
        self._progress = 1.0
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(700)
        self.animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.animation.valueChanged.connect(self._step)
        self.name_px = TEAM_NAME_PX_AT_1080
        self.paint_count = 0
        # team_id -> (pixel size, text) as last painted: what the room actually sees
        self.drawn_names: dict[str, tuple[int, str]] = {}
        # fit_name's answers for the slot size and font last painted: a repaint (each frame of
        # the rank animation) measures each name again only after a resize or a new font
        self._fitted: dict[str, tuple[QFont, str, int]] = {}
        self._fitted_for: tuple[str, int, int] | None = None

    @staticmethod
    def fit_name(name: str, font: QFont, rect: QRectF) -> tuple[QFont, str, int]:
        """A team name in its slot: smaller until it fits on one line (down to half size),
        else on two lines as large as the row allows, and only a name too long even for that
        is cut with "…" at the end of its second line. It was clipped mid-character at the
        slot's edge (数智先锋队 showed as 数智先锋 at 1024×768)."""
        left = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        width, height = max(1, int(rect.width())), max(1, int(rect.height()))
        full = font.pixelSize()
        sized = QFont(font)
        for px in range(full, max(12, full // 2) - 1, -1):
            sized.setPixelSize(px)
            if QFontMetrics(sized).horizontalAdvance(name) <= width:
                return QFont(sized), name, left
        two_lines = None
        for px in range(full, 11, -1):
            sized.setPixelSize(px)
            metrics = QFontMetrics(sized)
            if 2 * metrics.height() > height:
                continue
            first, rest = Scoreboard._first_line(name, metrics, width)
            if two_lines is None:
                two_lines = (QFont(sized), first, rest, metrics)
            if metrics.horizontalAdvance(rest) <= width:
                return QFont(sized), f"{first}\n{rest}", left
        if two_lines is None:  # a row too low for two lines: one, cut
            sized.setPixelSize(max(12, full // 2))
            metrics = QFontMetrics(sized)
            return sized, metrics.elidedText(name, Qt.TextElideMode.ElideRight, width), left
        sized, first, rest, metrics = two_lines
        second = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        return sized, f"{first}\n{second}", left

    @staticmethod
    def _first_line(name: str, metrics: QFontMetrics, width: int) -> tuple[str, str]:
        """The longest start of ``name`` that fits ``width``, broken after a space when there
        is one (English), else between characters (Chinese); and the rest."""
        cut = len(name)
        while cut > 1 and metrics.horizontalAdvance(name[:cut]) > width:
            cut -= 1
        space = name.rfind(" ", 0, cut + 1)
        if space > 0:
            return name[:space], name[space + 1 :]
        return name[:cut], name[cut:]

    def _fitted_name(self, name: str, font: QFont, rect: QRectF) -> tuple[QFont, str, int]:
        """``fit_name``, remembered while the font and the slot's size stay the same."""
        size = (font.key(), int(rect.width()), int(rect.height()))
        if size != self._fitted_for:
            self._fitted_for, self._fitted = size, {}
        fitted = self._fitted.get(name)
        if fitted is None:
            fitted = self._fitted[name] = self.fit_name(name, font, rect)
        return fitted

    def _step(self, value) -> None:
        self._progress = float(value)
        self.update()

    def set_rows(self, rows: list[tuple[str, str, int, int]], hidden_bottom: int) -> None:
        current = self._slots()
        self.rows = rows
        self.hidden_bottom = max(0, min(hidden_bottom, len(rows)))
        self._to = {team_id: float(index) for index, (team_id, *_rest) in enumerate(rows)}
        self._from = {t: current.get(t, slot) for t, slot in self._to.items()}
        if any(abs(self._from[t] - self._to[t]) > 0.01 for t in self._to):
            self._progress = 0.0
            self.animation.stop()
            self.animation.start()
        else:
            self._progress = 1.0
        self.update()

    def _slots(self) -> dict[str, float]:
        p = self._progress
        return {
            t: self._from.get(t, s) + (s - self._from.get(t, s)) * p for t, s in self._to.items()
        }

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        visible = len(self.rows) - self.hidden_bottom
        row_height = self.name_px * 1.45
        font = QFont(self.font())
        font.setPixelSize(self.name_px)
        font.setBold(True)
        painter.setFont(font)
        slots = self._slots()
        width = self.width()
        for index, (team_id, name, total, rank) in enumerate(self.rows):
            if index >= visible:
                continue
            y = slots.get(team_id, index) * row_height
            rect = QRectF(0, y, width, row_height - 8)
            fill = QColor("#1f3d6e") if team_id != self.highlight else QColor("#8a5a00")
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 12, 12)
            painter.setPen(QColor(ACCENT if rank <= 3 else FOREGROUND))
            pad = self.name_px * 0.3
            painter.drawText(
                QRectF(pad, y, self.name_px * 1.3, row_height - 8),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                str(rank),
            )
            painter.setPen(QColor(FOREGROUND))
            name_rect = QRectF(
                pad + self.name_px * 1.4, y, width - self.name_px * 4.6, row_height - 8
            )
            name_font, shown, flags = self._fitted_name(name, font, name_rect)
            self.drawn_names[team_id] = (name_font.pixelSize(), shown)
            painter.setFont(name_font)
            painter.drawText(name_rect, flags, shown)
            painter.setFont(font)
            painter.setPen(QColor(ACCENT))
            painter.drawText(
                QRectF(width - self.name_px * 3.2 - pad, y, self.name_px * 3.2, row_height - 8),
                int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight),
                str(total),
            )
        if self.hidden_bottom:
            small = QFont(font)
            small.setPixelSize(max(14, self.name_px // 2))
            small.setBold(False)
            painter.setFont(small)
            painter.setPen(QColor("#9fb3d1"))
            painter.drawText(
                QRectF(0, visible * row_height, width, row_height),
                int(Qt.AlignmentFlag.AlignCenter),
                tr("final.projector.hidden", count=self.hidden_bottom),
            )
        painter.end()
        self.paint_count += 1
        self.painted.emit()


class ProjectorWindow(QWidget):
    """Shows the live final; ``show_live`` after every event, ``show_countdown`` per tick."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("projector")
        # Closing the main window ends the program even while the projector is showing.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"#projector {{ background: {BACKGROUND}; }} QLabel {{ color: {FOREGROUND}; }}"
        )
        self.round_label = QLabel()
        self.round_label.setWordWrap(True)
        self.team_label = QLabel()
        self.team_label.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.stem = QLabel()
        self.stem.setWordWrap(True)
        self.options = QLabel()
        self.options.setWordWrap(True)
        self.answer = QLabel()
        self.answer.setWordWrap(True)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.scoreboard = Scoreboard()
        left = self.left = QVBoxLayout()
        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.round_label)
        heading.addWidget(self.team_label)
        top.addLayout(heading, 1)
        top.addWidget(self.countdown)
        left.addLayout(top)
        left.addSpacing(16)
        left.addWidget(self.stem)
        left.addWidget(self.options)
        left.addSpacing(12)
        left.addWidget(self.answer)
        left.addWidget(self.explanation)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        # The fonts follow the window's height (resizeEvent): a minimum size taken from the
        # fonts of the last size kept a window that had been 1920×1080 at 900 px high when
        # made 1024×768, taller than that projector's screen.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(40)
        layout.addLayout(left, 3)
        layout.addWidget(self.scoreboard, 2)
        self._flash_until = 0.0
        self._live: Live | None = None
        self._remaining_ms = 0
        self._fitted_texts: tuple[str, ...] = ()
        self.text_scale = 1.0
        self.resize(1280, 720)
        self._apply_sizes()

    # -- placement
    def place(self, console: QWidget | None = None) -> None:
        """Full screen on a screen other than the console's when there is one; else a window."""
        screens = QGuiApplication.screens()
        console_screen = (
            console.screen() if console is not None else QGuiApplication.primaryScreen()
        )
        others = [s for s in screens if s is not console_screen]
        if others:
            self.setScreen(others[0])
            self.setGeometry(others[0].geometry())
            self.showFullScreen()
        else:
            self.show()

    # -- sizes
    def scale(self) -> float:
        return max(0.4, self.height() / 1080)

    def _apply_sizes(self) -> None:
        s = self.scale()
        self.scoreboard.name_px = max(16, int(TEAM_NAME_PX_AT_1080 * s))
        self.scoreboard.update()
        self._fit_texts(s)

    def _set_text_sizes(self, s: float) -> None:
        def font(px: float, bold: bool = False) -> QFont:
            f = QFont(self.font())
            f.setPixelSize(max(12, int(px)))
            f.setBold(bold)
            return f

        self.round_label.setFont(font(40 * s, True))
        self.team_label.setFont(font(44 * s, True))
        self.countdown.setFont(font(150 * s, True))
        self.stem.setFont(font(52 * s, True))
        self.options.setFont(font(42 * s))
        self.answer.setFont(font(48 * s, True))
        self.explanation.setFont(font(34 * s))
        self.text_scale = s

    def _fit_texts(self, s: float | None = None) -> None:
        """The question's texts as large as the window allows: from the height's scale down
        until question, options, answer and explanation fit. At 1280×720 (and 1024×768) an
        explanation pushed the options and the answer over each other and cut them off."""
        s = self.scale() if s is None else s
        self._set_text_sizes(s)
        while s > 0.25 and self._text_height() > self.height():
            s *= 0.9
            self._set_text_sizes(s)

    def _text_height(self) -> int:
        """The height the question's column needs at the current fonts (the layout's own
        height-for-width answer is cached and does not follow a font change)."""
        margins = self.layout().contentsMargins()
        spacing = max(0, self.left.spacing())
        width = self.width() - margins.left() - margins.right() - self.layout().spacing()
        left = max(1, width * 3 // 5)
        beside = max(1, left - self.countdown.sizeHint().width() - spacing)
        heading = self.round_label.heightForWidth(beside) + spacing
        heading += self.team_label.heightForWidth(beside)
        labels = (self.stem, self.options, self.answer, self.explanation)
        body = sum(label.heightForWidth(left) for label in labels) + 16 + 12 + 5 * spacing
        top = max(heading, self.countdown.sizeHint().height())
        return margins.top() + margins.bottom() + top + body

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_sizes()

    # -- content
    def show_live(self, live: Live, standings=None) -> None:
        self._live = live
        state = live.state
        info = live.round
        question = state.question
        names = {t.team_id: t.name for t in live.setup.teams}
        self.round_label.setText(
            tr("final.projector.round", round=info.name, n=question.index)
            if info and question
            else (info.name if info else live.final.name)
        )
        team_text = ""
        if question and question.answering_team_id:
            team_text = tr(
                "final.projector.answering", team=names.get(question.answering_team_id, "")
            )
            if question.stake is not None:
                team_text += "  " + tr("final.projector.stake", stake=question.stake)
            if question.outcome:
                team_text += "  ·  " + tr(f"final.outcome.{question.outcome}")
        self.team_label.setText(team_text)
        colour = {"right": ANSWER, "wrong": "#ff6b6b"}.get(
            question.outcome if question else "", ACCENT
        )
        restyle(self.team_label, f"color: {colour};")
        if question is None:
            self.stem.setText(tr("final.projector.waiting") if not info else "")
            self.options.setText("")
            self.answer.setText("")
            self.explanation.setText("")
        else:
            self.stem.setText(glued_blanks(question.stem))
            self.options.setText(
                "\n".join(f"{LETTERS[i]}. {text}" for i, text in enumerate(question.options[:8]))
            )
            show_answer = question.reveal in ("answer", "explanation")
            self.answer.setText(
                tr("final.projector.answer", answer=question.answer) if show_answer else ""
            )
            restyle(self.answer, f"color: {ANSWER};")
            self.explanation.setText(
                tr("final.projector.explanation", text=question.explanation)
                if question.reveal == "explanation" and question.explanation
                else ""
            )
        texts = tuple(
            label.text()
            for label in (
                self.round_label,
                self.team_label,
                self.stem,
                self.options,
                self.answer,
                self.explanation,
            )
        )
        if texts != self._fitted_texts:  # a score change alone keeps the sizes (and is fast)
            self._fitted_texts = texts
            self._fit_texts()
        if standings is None:
            standings = live.standings()
        rows = [(s.team_id, s.team_name, s.total, s.rank) for s in standings]
        self.scoreboard.highlight = question.answering_team_id if question else None
        self.scoreboard.set_rows(rows, live.final.hide_bottom)
        self.show_countdown(live.timer_remaining_ms(), state.timer.running)

    def show_countdown(self, remaining_ms: int, running: bool) -> None:
        self._remaining_ms = remaining_ms
        seconds = (remaining_ms + 999) // 1000
        flashing = time.monotonic() < self._flash_until
        colour = "#ff4d4d" if flashing or (running and seconds <= 5) else FOREGROUND
        restyle(self.countdown, f"color: {colour};")
        has_question = self._live is not None and self._live.state.question is not None
        self.countdown.setText(str(seconds) if has_question else "")

    def time_up(self) -> None:
        """At zero: a beep (QtMultimedia is not in PySide6-Essentials) and a red flash."""
        QApplication.beep()
        self._flash_until = time.monotonic() + 2.0
        self.setStyleSheet(
            f"#projector {{ background: #7a0010; }} QLabel {{ color: {FOREGROUND}; }}"
        )
        from PySide6.QtCore import QTimer

        QTimer.singleShot(600, self._end_flash)
        self.show_countdown(0, False)

    def _end_flash(self) -> None:
        self.setStyleSheet(
            f"#projector {{ background: {BACKGROUND}; }} QLabel {{ color: {FOREGROUND}; }}"
        )
