"""A month calendar drawn with QPainter: a 7-column grid of days with each event as a coloured
chip (colour by status). Clicking a chip selects the event; arrows change the month."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from outreach.events.schedule import Event
from outreach.i18n import tr

STATUS_COLOURS = {
    "planned": "#2f6fb3",
    "postponed": "#c77800",
    "done": "#2e7d32",
    "cancelled": "#8a8a8a",
}


class MonthGrid(QWidget):
    event_clicked = Signal(str)
    # A day double-clicked (ISO date): the page offers a new event on it.
    day_double_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = dt.date.today()
        self.year, self.month = today.year, today.month
        self.events: list[Event] = []
        self.selected_id: str | None = None
        self.clash_ids: set[str] = set()
        self._chips: list[tuple[QRectF, str]] = []
        self._cells: list[tuple[QRectF, dt.date]] = []
        self.setMinimumSize(420, 320)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(560, 420)

    def set_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.update()

    def set_events(self, events: list[Event], clash_ids: set[str] | None = None) -> None:
        self.events = events
        self.clash_ids = clash_ids or set()
        self.update()

    def weeks(self) -> list[list[dt.date]]:
        return calendar.Calendar(firstweekday=0).monthdatescalendar(self.year, self.month)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        width, height = self.width(), self.height()
        header = 24
        weeks = self.weeks()
        cell_w = width / 7
        cell_h = (height - header) / len(weeks)
        base_font = QFont(self.font())
        small = QFont(base_font)
        small.setPointSizeF(max(7.0, base_font.pointSizeF() * 0.85))
        painter.fillRect(self.rect(), palette.base())
        painter.setPen(palette.text().color())
        for column in range(7):
            rect = QRectF(column * cell_w, 0, cell_w, header)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, tr(f"events.weekday.{column}"))
        by_day: dict[str, list[Event]] = {}
        for item in self.events:
            by_day.setdefault(item.date, []).append(item)
        today = dt.date.today()
        self._chips = []
        self._cells = []
        grid_pen = QPen(QColor("#c8c8c8"))
        for row, week in enumerate(weeks):
            for column, day in enumerate(week):
                cell = QRectF(column * cell_w, header + row * cell_h, cell_w, cell_h)
                self._cells.append((cell, day))
                if day.month != self.month:
                    painter.fillRect(cell, QColor("#f2f2f2"))
                if day == today:
                    painter.fillRect(cell, QColor("#fff6d6"))
                painter.setPen(grid_pen)
                # a chip drawn in the previous cell leaves its colour as the brush
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(cell)
                painter.setPen(
                    palette.text().color() if day.month == self.month else QColor("#9a9a9a")
                )
                painter.setFont(base_font)
                painter.drawText(
                    cell.adjusted(4, 2, -4, -2),
                    Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight,
                    str(day.day),
                )
                chip_h = max(16.0, painter.fontMetrics().height() + 2)
                top = cell.top() + chip_h + 2
                painter.setFont(small)
                for item in by_day.get(day.isoformat(), []):
                    if top + chip_h > cell.bottom():
                        break
                    chip = QRectF(cell.left() + 3, top, cell.width() - 6, chip_h)
                    colour = QColor(STATUS_COLOURS.get(item.status, "#2f6fb3"))
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(colour)
                    painter.drawRoundedRect(chip, 3, 3)
                    if item.id == self.selected_id:
                        painter.setPen(QPen(QColor("#111111"), 2))
                        painter.setBrush(Qt.BrushStyle.NoBrush)
                        painter.drawRoundedRect(chip.adjusted(1, 1, -1, -1), 3, 3)
                    painter.setPen(QColor("#ffffff"))
                    label = f"{item.start_time} {item.community_name or item.title}"
                    if item.id in self.clash_ids:
                        label = "! " + label
                    text = painter.fontMetrics().elidedText(
                        label, Qt.TextElideMode.ElideRight, int(chip.width() - 6)
                    )
                    painter.drawText(
                        chip.adjusted(3, 0, -3, 0),
                        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                        text,
                    )
                    self._chips.append((chip, item.id))
                    top += chip_h + 2
        painter.end()

    def event_at(self, x: float, y: float) -> str | None:
        for rect, event_id in self._chips:
            if rect.contains(x, y):
                return event_id
        return None

    def day_at(self, x: float, y: float) -> dt.date | None:
        return next((day for rect, day in self._cells if rect.contains(x, y)), None)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        x, y = event.position().x(), event.position().y()
        if self.event_at(x, y):
            return
        day = self.day_at(x, y)
        if day:
            self.day_double_clicked.emit(day.isoformat())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event_id = self.event_at(event.position().x(), event.position().y())
        if event_id:
            self.selected_id = event_id
            self.update()
            self.event_clicked.emit(event_id)


class MonthCalendar(QWidget):
    """The grid with a month title and previous / next / today buttons."""

    event_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.previous_button = QToolButton()
        self.previous_button.setText("◀")
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.today_button = QToolButton()
        self.title = QLabel()
        self.title.setObjectName("calendarTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        layout.addLayout(bar)
        self.grid = MonthGrid()
        layout.addWidget(self.grid, 1)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.grid.event_clicked.connect(self.event_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        self.today_button.setText(tr("events.calendar.today"))
        self.title.setText(tr("events.calendar.month", year=self.grid.year, month=self.grid.month))
        self.grid.update()

    def step(self, months: int) -> None:
        index = self.grid.year * 12 + self.grid.month - 1 + months
        self.show_month(index // 12, index % 12 + 1)

    def go_today(self) -> None:
        today = dt.date.today()
        self.show_month(today.year, today.month)

    def show_month(self, year: int, month: int) -> None:
        self.grid.set_month(year, month)
        self.retranslate()

    def select(self, event: Event | None) -> None:
        self.grid.selected_id = event.id if event else None
        if event:
            day = event.day
            if (day.year, day.month) != (self.grid.year, self.grid.month):
                self.show_month(day.year, day.month)
        self.grid.update()
