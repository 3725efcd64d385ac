"""The designer's page: the rendered certificate with each element's box drawn over it; a click
selects an element, a drag moves it, a drag of the small square at the selected box's
bottom-right corner resizes it (a picture that keeps its proportions keeps them while dragged,
a QR code stays square)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from outreach.i18n import tr
from outreach.printing.certificates import Element, ImageElement, Layout, LineElement, QrElement

# A line has no area: it is picked within this many pixels of it.
LINE_GRIP_PX = 5
# The resize handle: a square this many pixels wide on the selected box's bottom-right corner.
HANDLE_PX = 9


class PreviewCanvas(QWidget):
    element_clicked = Signal(str)
    element_moved = Signal(str, float, float)  # id, new x and y in mm
    element_resized = Signal(str, float, float)  # id, new width and height in mm
    nudged = Signal(float, float)  # arrow keys: dx, dy in mm for the selected element
    picture_dropped = Signal(str, float, float)  # a file dropped from the desktop, at x, y mm

    NUDGE_MM = 0.5
    NUDGE_SHIFT_MM = 5.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.layout_: Layout | None = None
        self.selected = ""
        self._drag: tuple[str, QPointF, float, float] | None = None
        self._drag_offset = QPointF(0, 0)
        # A resize under way: id, where it started, the box's width and height in mm.
        self._resize: tuple[str, QPointF, float, float] | None = None
        self._resize_mm: tuple[float, float] | None = None
        self._hovering_handle = False
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)

    def sizeHint(self) -> QSize:
        return QSize(760, 540)

    def show_page(self, image: QImage | None, layout: Layout) -> None:
        self.image = image
        self.layout_ = layout
        self.update()

    def set_layout(self, layout: Layout) -> None:
        """Boxes follow the working layout at once; the page image follows when rendered."""
        if self.layout_ is not None and layout.page_mm != self.layout_.page_mm:
            self.image = None
        self.layout_ = layout
        self.update()

    def _page_rect(self) -> QRectF:
        if self.layout_ is None:
            return QRectF()
        width_mm, height_mm = self.layout_.page_mm
        scale = min((self.width() - 16) / width_mm, (self.height() - 16) / height_mm)
        w, h = width_mm * scale, height_mm * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _scale(self) -> float:
        return self._page_rect().width() / self.layout_.page_mm[0] if self.layout_ else 1.0

    def element_rect(self, element: Element) -> QRectF:
        page = self._page_rect()
        s = self._scale()
        return QRectF(
            page.x() + element.x * s,
            page.y() + element.y * s,
            element.width * s,
            element.height * s,
        )

    def _grip_rect(self, element: Element) -> QRectF:
        rect = self.element_rect(element)
        if isinstance(element, LineElement):
            g = LINE_GRIP_PX
            rect = rect.adjusted(-g, -g, g, g)
        return rect

    def resizable(self, element: Element | None) -> bool:
        return element is not None and not isinstance(element, LineElement)

    def handle_rect(self, element: Element) -> QRectF:
        rect = self._shown_rect(element)
        h = HANDLE_PX
        return QRectF(rect.right() - h / 2, rect.bottom() - h / 2, h, h)

    def _shown_rect(self, element: Element) -> QRectF:
        """The box as drawn now: moved or resized by a drag under way."""
        rect = self._grip_rect(element)
        if element.id != self.selected:
            return rect
        if self._resize is not None and self._resize_mm is not None:
            s = self._scale()
            rect.setWidth(self._resize_mm[0] * s)
            rect.setHeight(self._resize_mm[1] * s)
        return rect.translated(self._drag_offset)

    def _selected_element(self) -> Element | None:
        return self.layout_.element(self.selected) if self.layout_ and self.selected else None

    def _on_handle(self, point: QPointF) -> bool:
        element = self._selected_element()
        return self.resizable(element) and self.handle_rect(element).contains(point)

    def resized_mm(self, element: Element, delta: QPointF) -> tuple[float, float]:
        """Width and height in mm after dragging the corner by ``delta`` pixels: a picture that
        keeps its proportions follows the side that changed more, a QR code stays square."""
        s = self._scale()
        width = max(element.width + delta.x() / s, 1.0)
        height = max(element.height + delta.y() / s, 1.0)
        keep = isinstance(element, QrElement) or (
            isinstance(element, ImageElement) and element.keep_aspect
        )
        if keep and element.width > 0 and element.height > 0:
            ratio = element.width / element.height
            if abs(width / element.width - 1) >= abs(height / element.height - 1):
                height = width / ratio
            else:
                width = height * ratio
        return round(width, 1), round(height, 1)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#8a8f98"))
        if self.layout_ is None:
            return
        page = self._page_rect()
        if self.image is not None:
            painter.drawImage(page, self.image)
        else:
            painter.fillRect(page, QColor("white"))
        for element in self.layout_.elements:
            rect = self._shown_rect(element)
            if element.id == self.selected:
                painter.setPen(QPen(QColor("#0a64d6"), 2))
            else:
                painter.setPen(QPen(QColor(10, 100, 214, 90), 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
        selected = self._selected_element()
        if self.resizable(selected):
            painter.setPen(QPen(QColor("white"), 1))
            painter.setBrush(QColor("#0a64d6"))
            painter.drawRect(self.handle_rect(selected))
        painter.end()

    def element_at(self, point: QPointF) -> Element | None:
        if self.layout_ is None:
            return None
        hits = [e for e in self.layout_.elements if self._grip_rect(e).contains(point)]
        if not hits:
            return None
        # The smallest box under the cursor: a name inside the page-sized frame wins.
        return min(hits, key=lambda e: self._grip_rect(e).width() * self._grip_rect(e).height())

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [u.toLocalFile() for u in urls if u.isLocalFile()]
        return files[0] if len(files) == 1 else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Any single file: one that is not a picture is refused on drop, with its name.
        if self.layout_ is not None and self._dropped_file(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None or self.layout_ is None:
            return
        event.acceptProposedAction()
        page, s = self._page_rect(), self._scale()
        point = event.position()
        self.picture_dropped.emit(path, (point.x() - page.x()) / s, (point.y() - page.y()) / s)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        directions = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        direction = directions.get(event.key())
        if direction is None or not self.selected:
            super().keyPressEvent(event)
            return
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        step = self.NUDGE_SHIFT_MM if shift else self.NUDGE_MM
        self.nudged.emit(direction[0] * step, direction[1] * step)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus()
        if self._on_handle(event.position()):
            element = self._selected_element()
            self._resize = (element.id, event.position(), element.width, element.height)
            self._resize_mm = (element.width, element.height)
            return
        element = self.element_at(event.position())
        if element is None:
            return
        self.selected = element.id
        self._drag = (element.id, event.position(), element.x, element.y)
        self._drag_offset = QPointF(0, 0)
        self.element_clicked.emit(element.id)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._resize is not None:
            element = self._selected_element()
            if element is not None:
                self._resize_mm = self.resized_mm(element, event.position() - self._resize[1])
                self.update()
            return
        if self._drag is None:
            on_handle = self._on_handle(event.position())
            if on_handle != self._hovering_handle:  # only when it changes, not every move
                self._hovering_handle = on_handle
                self.setCursor(
                    Qt.CursorShape.SizeFDiagCursor if on_handle else Qt.CursorShape.ArrowCursor
                )
                self.setToolTip(tr("certificates.ui.resize_handle_tip") if on_handle else "")
            return
        self._drag_offset = event.position() - self._drag[1]
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._resize is not None:
            element_id, start, width, height = self._resize
            element = self._selected_element()
            size = self.resized_mm(element, event.position() - start) if element else None
            self._resize = self._resize_mm = None
            if size is not None and size != (width, height):
                self.element_resized.emit(element_id, size[0], size[1])
            self.update()
            return
        if self._drag is None:
            return
        element_id, start, x, y = self._drag
        self._drag = None
        delta = event.position() - start
        self._drag_offset = QPointF(0, 0)
        s = self._scale()
        if abs(delta.x()) + abs(delta.y()) >= 2:
            self.element_moved.emit(
                element_id, round(x + delta.x() / s, 1), round(y + delta.y() / s, 1)
            )
        self.update()
