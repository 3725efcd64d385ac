"""Small chart widgets drawn with QPainter (QtCharts is not in PySide6-Essentials): a step line
for stock over time and grouped bars for per-event and per-category figures. Labels use the
application font, which falls back to the bundled CJK font, so Chinese labels show."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2f6db5", "#e0893a", "#4a9b5f", "#8e5bb5")
AXIS = QColor("#666666")
GRID = QColor("#e3e3e3")


def nice_top(value: float) -> tuple[float, float]:
    """A round axis maximum at or above ``value`` and its tick step (5 ticks or so)."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / 5
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if step >= raw:
            break
    ticks = int(-(-value // step))
    return ticks * step, step


class ChartBase(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.empty_text = ""
        self.value_text: Callable[[float], str] = lambda v: f"{v:,.0f}"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)

    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    def set_title(self, title: str) -> None:
        self.title = title
        self.update()

    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.update()

    def _frame(self, painter: QPainter, top_value: float) -> tuple[QRectF, float, float]:
        """Title, value axis with gridlines; returns the plot area and the axis top/step."""
        metrics = QFontMetrics(self.font())
        top, step = nice_top(top_value)
        label_width = max(
            metrics.horizontalAdvance(self.value_text(step * i)) for i in range(int(top / step) + 1)
        )
        title_height = metrics.height() + 6 if self.title else 4
        plot = QRectF(
            label_width + 12,
            title_height + 6,
            self.width() - label_width - 24,
            self.height() - title_height - 6 - self._bottom_margin(metrics),
        )
        painter.setPen(self.palette().text().color())
        if self.title:
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(QRectF(8, 2, self.width() - 16, title_height), self.title)
            bold.setBold(False)
            painter.setFont(bold)
        ticks = round(top / step)
        for tick in range(ticks + 1):
            y = plot.bottom() - plot.height() * tick / ticks
            painter.setPen(QPen(GRID if tick else AXIS, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(AXIS)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.value_text(step * tick),
            )
        return plot, top, step

    def _bottom_margin(self, metrics: QFontMetrics) -> float:
        return metrics.height() * 2 + 8

    def _draw_empty(self, painter: QPainter) -> None:
        painter.setPen(AXIS)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)


class BarChart(ChartBase):
    """Grouped bars: one group per label, one bar per series, with a legend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[list[float]] = []
        self.series_names: list[str] = []

    def set_data(
        self,
        labels: Sequence[str],
        series: Sequence[Sequence[float]],
        series_names: Sequence[str] = (),
    ) -> None:
        self.labels = list(labels)
        self.series = [list(values) for values in series]
        self.series_names = list(series_names)
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        values = [v for s in self.series for v in s]
        if not self.labels or not values:
            self._draw_empty(painter)
            painter.end()
            return
        plot, top, _step = self._frame(painter, max(values))
        metrics = QFontMetrics(self.font())
        group_width = plot.width() / len(self.labels)
        bar_width = max(2.0, group_width * 0.8 / max(1, len(self.series)))
        for index, label in enumerate(self.labels):
            left = plot.left() + index * group_width + group_width * 0.1
            for number, values in enumerate(self.series):
                value = values[index] if index < len(values) else 0
                height = plot.height() * max(0.0, value) / top
                painter.fillRect(
                    QRectF(
                        left + number * bar_width, plot.bottom() - height, bar_width - 1, height
                    ),
                    QColor(PALETTE[number % len(PALETTE)]),
                )
            painter.setPen(self.palette().text().color())
            text = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(group_width * 2) - 4)
            rect = QRectF(plot.left() + index * group_width, plot.bottom() + 3, group_width, 0)
            # Alternate rows when labels are crowded so neighbours do not overlap.
            row = index % 2 if metrics.horizontalAdvance(text) > group_width - 4 else 0
            rect.setTop(plot.bottom() + 3 + row * metrics.height())
            rect.setHeight(metrics.height())
            rect.adjust(-group_width / 2, 0, group_width / 2, 0)
            painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter, text)
        self._legend(painter, plot)
        painter.end()

    def _legend(self, painter: QPainter, plot: QRectF) -> None:
        if len(self.series_names) < 2:
            return
        metrics = QFontMetrics(self.font())
        x = plot.right()
        for number in reversed(range(len(self.series_names))):
            name = self.series_names[number]
            width = metrics.horizontalAdvance(name) + 18
            x -= width + 8
            painter.fillRect(QRectF(x, 6, 10, 10), QColor(PALETTE[number % len(PALETTE)]))
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 14, 6 + metrics.ascent() - 1), name)


class LineChart(ChartBase):
    """A step line through (label, value) points in order, e.g. stock after each date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[str, float]] = []
        self.threshold: float | None = None
        self.threshold_name = ""

    def set_data(
        self, points: Sequence[tuple[str, float]], threshold: float | None = None, name: str = ""
    ) -> None:
        self.points = list(points)
        self.threshold = threshold
        self.threshold_name = name
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.points:
            self._draw_empty(painter)
            painter.end()
            return
        top_value = max([v for _, v in self.points] + [self.threshold or 0])
        plot, top, _step = self._frame(painter, top_value)
        metrics = QFontMetrics(self.font())
        count = len(self.points)

        def x_at(index: int) -> float:
            return plot.left() + (plot.width() * index / (count - 1) if count > 1 else 0)

        def y_at(value: float) -> float:
            return plot.bottom() - plot.height() * max(0.0, value) / top

        path = QPainterPath(QPointF(x_at(0), y_at(self.points[0][1])))
        for index in range(1, count):
            path.lineTo(QPointF(x_at(index), y_at(self.points[index - 1][1])))
            path.lineTo(QPointF(x_at(index), y_at(self.points[index][1])))
        painter.setPen(QPen(QColor(PALETTE[0]), 2))
        painter.drawPath(path)
        if self.threshold is not None and self.threshold > 0:
            pen = QPen(QColor("#b00020"), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y = y_at(self.threshold)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if self.threshold_name:
                painter.drawText(
                    QPointF(plot.right() - metrics.horizontalAdvance(self.threshold_name), y - 3),
                    self.threshold_name,
                )
        painter.setPen(self.palette().text().color())
        # Date labels: first, last and a few between, never overlapping.
        label_width = metrics.horizontalAdvance(self.points[0][0]) + 12
        room = max(1, int(plot.width() // label_width))
        every = max(1, -(-count // room))
        shown = sorted({*range(0, count, every), count - 1})
        last_right = -1e9
        for index in shown:
            text = self.points[index][0]
            width = metrics.horizontalAdvance(text)
            left = min(max(x_at(index) - width / 2, 0), self.width() - width)
            if left < last_right + 6:
                continue
            painter.drawText(QPointF(left, plot.bottom() + metrics.ascent() + 4), text)
            last_right = left + width
        painter.end()
