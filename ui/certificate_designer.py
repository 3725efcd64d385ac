"""The certificate designer: pick a layout and a recipient, see the real PDF page (rendered by
the same code as the batch, shown through pypdfium2), drag elements on it or type their
position in millimetres, edit texts, colours and sizes, then save the layout in the programme.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from outreach.awards import certificate_batch as batch
from outreach.awards.awards import Award, list_awards, setting
from outreach.i18n import current_language, tr
from outreach.printing.certificates import (
    ALIGNMENTS,
    WEIGHTS,
    Element,
    ImageElement,
    Layout,
    LayoutError,
    QrElement,
    RectElement,
    RenderFonts,
    TextElement,
    layout_to_json,
    load_layout_file,
    render_page_bytes,
    with_absolute_images,
)
from outreach.printing.font_doctor import FontFileError, choose_font
from ui.certificate_pdf import pdf_page_image
from ui.texts import TextBinder


class PreviewCanvas(QWidget):
    """The rendered page with each element's box drawn over it; click selects, drag moves."""

    element_clicked = Signal(str)
    element_moved = Signal(str, float, float)  # id, new x and y in mm

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.layout_: Layout | None = None
        self.selected = ""
        self._drag: tuple[str, QPointF, float, float] | None = None
        self._drag_offset = QPointF(0, 0)
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

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
            rect = self.element_rect(element)
            if element.id == self.selected:
                rect = rect.translated(self._drag_offset)
                painter.setPen(QPen(QColor("#0a64d6"), 2))
            else:
                painter.setPen(QPen(QColor(10, 100, 214, 90), 1, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
        painter.end()

    def _element_at(self, point: QPointF) -> Element | None:
        if self.layout_ is None:
            return None
        hits = [e for e in self.layout_.elements if self.element_rect(e).contains(point)]
        if not hits:
            return None
        # The smallest box under the cursor: a name inside the page-sized frame wins.
        return min(hits, key=lambda e: e.width * e.height)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        element = self._element_at(event.position())
        if element is None:
            return
        self.selected = element.id
        self._drag = (element.id, event.position(), element.x, element.y)
        self._drag_offset = QPointF(0, 0)
        self.element_clicked.emit(element.id)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        self._drag_offset = event.position() - self._drag[1]
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
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


def _spin(maximum: float = 500, decimals: int = 1, suffix: str = " mm") -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(0.5)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)
    return spin


class CertificateDesigner(QWidget):
    """Edits a working copy of a layout; ``save`` validates and stores it in the programme."""

    changed = Signal()

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.texts = TextBinder()
        self.layout_: Layout | None = None
        self.dirty = False
        self._filling = False
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(120)
        self._render_timer.timeout.connect(self._render_if_shown)
        outer = QVBoxLayout(self)
        top = QHBoxLayout()
        self.layout_label = QLabel()
        self.layout_combo = QComboBox()
        self.layout_combo.currentIndexChanged.connect(lambda _i: self._layout_chosen())
        self.recipient_label = QLabel()
        self.recipient_combo = QComboBox()
        self.recipient_combo.setMinimumWidth(220)
        self.recipient_combo.currentIndexChanged.connect(lambda _i: self.schedule_render())
        self.texts.bind(self.layout_label.setText, "certificates.ui.layout")
        self.texts.bind(self.recipient_label.setText, "certificates.ui.recipient")
        top.addWidget(self.layout_label)
        top.addWidget(self.layout_combo)
        top.addSpacing(12)
        top.addWidget(self.recipient_label)
        top.addWidget(self.recipient_combo, 1)
        self.save_button = self._button("certificates.ui.save_layout", self.save)
        self.reset_button = self._button("certificates.ui.reset_layout", self.reset)
        self.import_button = self._button("certificates.ui.import_layout", self.import_layout)
        self.export_button = self._button("certificates.ui.export_layout", self.export_layout)
        for button in (self.save_button, self.reset_button, self.import_button, self.export_button):
            top.addWidget(button)
        outer.addLayout(top)
        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.canvas = PreviewCanvas()
        self.canvas.element_clicked.connect(self._select_element)
        self.canvas.element_moved.connect(self._moved)
        splitter.addWidget(self.canvas)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.elements_label = QLabel()
        self.texts.bind(self.elements_label.setText, "certificates.ui.elements")
        self.element_list = QListWidget()
        self.element_list.currentRowChanged.connect(lambda _r: self._element_row_changed())
        side_layout.addWidget(self.elements_label)
        side_layout.addWidget(self.element_list, 1)
        self.form = QFormLayout()
        self.x_spin, self.y_spin = _spin(), _spin()
        self.width_spin, self.height_spin = _spin(), _spin()
        self.size_spin = _spin(200, 1, " pt")
        self.min_size_spin = _spin(200, 1, " pt")
        self.text_edit = QLineEdit()
        self.colour_edit = QLineEdit()
        self.colour_edit.setPlaceholderText("#RRGGBB")
        self.align_combo = QComboBox()
        for align in ALIGNMENTS:
            self.align_combo.addItem("", align)
        self.weight_combo = QComboBox()
        for weight in WEIGHTS:
            self.weight_combo.addItem("", weight)
        self.wrap_check = QCheckBox()
        self.form_labels: dict[str, QLabel] = {}
        self.form_fields: dict[str, QWidget] = {}
        for key, widget in (
            ("x", self.x_spin),
            ("y", self.y_spin),
            ("width", self.width_spin),
            ("height", self.height_spin),
            ("text", self.text_edit),
            ("size", self.size_spin),
            ("min_size", self.min_size_spin),
            ("weight", self.weight_combo),
            ("colour", self.colour_edit),
            ("align", self.align_combo),
            ("wrap", self.wrap_check),
        ):
            label = QLabel()
            self.texts.bind(label.setText, f"certificates.field.{key}")
            self.form_labels[key] = label
            self.form_fields[key] = widget
            self.form.addRow(label, widget)
        for spin in (
            self.x_spin,
            self.y_spin,
            self.width_spin,
            self.height_spin,
            self.size_spin,
            self.min_size_spin,
        ):
            spin.valueChanged.connect(lambda _v: self._edited())
        self.text_edit.editingFinished.connect(self._edited)
        self.colour_edit.editingFinished.connect(self._edited)
        self.align_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.weight_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.wrap_check.toggled.connect(lambda _b: self._edited())
        self.placeholders = QLabel()
        self.placeholders.setWordWrap(True)
        self.placeholders.setStyleSheet("color: #555;")
        side_layout.addLayout(self.form)
        side_layout.addWidget(self.placeholders)
        splitter.addWidget(side)
        splitter.setSizes([760, 320])
        outer.addWidget(splitter, 1)
        self.retranslate()

    def _button(self, key: str, slot) -> QPushButton:
        button = QPushButton()
        self.texts.bind(button.setText, key)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- data
    @property
    def db(self):
        return self.context.db

    def retranslate(self) -> None:
        self.texts.retranslate()
        for index, align in enumerate(ALIGNMENTS):
            self.align_combo.setItemText(index, tr(f"certificates.align.{align}"))
        for index, weight in enumerate(WEIGHTS):
            self.weight_combo.setItemText(index, tr(f"certificates.weight.{weight}"))
        self.placeholders.setText(tr("certificates.ui.placeholders"))
        self._fill_elements()
        self.reload(keep_layout=True)

    def reload(self, keep_layout: bool = False) -> None:
        if self.context.programme is None:
            self.layout_combo.clear()
            self.recipient_combo.clear()
            return
        current_layout = self.layout_combo.currentData()
        current_recipient = self.recipient_combo.currentData()
        self._filling = True
        self.layout_combo.clear()
        for layout in batch.list_layouts(self.db):
            mark = " *" if batch.is_customised(self.db, layout.id) else ""
            self.layout_combo.addItem(f"{layout.title(current_language())}{mark}", layout.id)
        self.recipient_combo.clear()
        self.recipient_combo.addItem(tr("certificates.ui.sample_recipient"), "")
        for award in list_awards(self.db):
            self.recipient_combo.addItem(f"{award.name} · {award.tier_name}", award.id)
        if keep_layout and current_layout:
            index = self.layout_combo.findData(current_layout)
            if index >= 0:
                self.layout_combo.setCurrentIndex(index)
        if current_recipient:
            index = self.recipient_combo.findData(current_recipient)
            if index >= 0:
                self.recipient_combo.setCurrentIndex(index)
        self._filling = False
        if not (keep_layout and self.dirty and self.layout_ is not None):
            self._layout_chosen()
        else:
            self.schedule_render()

    def select_layout(self, layout_id: str) -> None:
        index = self.layout_combo.findData(layout_id)
        if index >= 0:
            self.layout_combo.setCurrentIndex(index)

    def select_award(self, award_id: str) -> None:
        index = self.recipient_combo.findData(award_id)
        if index >= 0:
            self.recipient_combo.setCurrentIndex(index)

    def _layout_chosen(self) -> None:
        if self._filling:
            return
        layout_id = self.layout_combo.currentData()
        if not layout_id or self.context.programme is None:
            return
        self.layout_ = batch.get_layout(self.db, layout_id)
        self.dirty = False
        self.canvas.set_layout(self.layout_)
        self._fill_elements()
        self.schedule_render()

    def _fill_elements(self) -> None:
        if self.layout_ is None:
            return
        current = self.canvas.selected
        self.element_list.blockSignals(True)
        self.element_list.clear()
        for element in self.layout_.elements:
            kind = tr(f"certificates.kind.{element.type}")
            detail = element.text if isinstance(element, TextElement) else ""
            item = QListWidgetItem(f"{element.id} · {kind}  {detail}".strip())
            item.setData(Qt.ItemDataRole.UserRole, element.id)
            self.element_list.addItem(item)
        self.element_list.blockSignals(False)
        self._select_element(current or self.layout_.elements[0].id)

    def _award(self) -> Award | None:
        award_id = self.recipient_combo.currentData()
        if not award_id:
            return None
        found = list_awards(self.db, [award_id])
        return found[0] if found else None

    # -- preview
    def schedule_render(self) -> None:
        self._render_timer.start()

    def _render_if_shown(self) -> None:
        # Rendering is for the eyes: a hidden designer (another tab, a closed window) waits.
        if self.isVisible():
            self.render_preview()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.schedule_render()

    def render_preview(self) -> None:
        if self.layout_ is None or self.context.programme is None:
            return
        try:
            font = choose_font(setting(self.db, "font", "bundled"))
        except FontFileError:
            font = choose_font()
        page = batch.preview_page(self.db, self._award(), self.layout_)
        data = render_page_bytes(self.layout_, page, RenderFonts(font.regular, font.bold))
        image = pdf_page_image(data, width_px=max(self.canvas.width(), 600) * 2)
        self.canvas.show_page(image, self.layout_)
        self.last_pdf = data
        self._show_status()

    def _show_status(self) -> None:
        if self.layout_ is None:
            return
        state = "certificates.ui.unsaved" if self.dirty else "certificates.ui.saved_state"
        origin = (
            "certificates.ui.origin_programme"
            if batch.is_customised(self.db, self.layout_.id)
            else "certificates.ui.origin_builtin"
        )
        width, height = self.layout_.page_mm
        self.status.setText(
            tr(
                "certificates.ui.status",
                size=self.layout_.page_size,
                width=f"{width:g}",
                height=f"{height:g}",
                origin=tr(origin),
                state=tr(state),
            )
        )
        self.status.setStyleSheet("color: #b05a00;" if self.dirty else "color: #555;")

    # -- element editing
    def selected_element(self) -> Element | None:
        if self.layout_ is None:
            return None
        return self.layout_.element(self.canvas.selected)

    def _select_element(self, element_id: str) -> None:
        self.canvas.selected = element_id
        for row in range(self.element_list.count()):
            if self.element_list.item(row).data(Qt.ItemDataRole.UserRole) == element_id:
                self.element_list.blockSignals(True)
                self.element_list.setCurrentRow(row)
                self.element_list.blockSignals(False)
        self._fill_form()
        self.canvas.update()

    def _element_row_changed(self) -> None:
        item = self.element_list.currentItem()
        if item is not None:
            self._select_element(item.data(Qt.ItemDataRole.UserRole))

    def _fill_form(self) -> None:
        element = self.selected_element()
        self._filling = True
        is_text = isinstance(element, TextElement)
        is_qr = isinstance(element, QrElement)
        visible = {
            "x": element is not None,
            "y": element is not None,
            "width": element is not None,
            "height": element is not None and not is_qr,
            "text": is_text,
            "size": is_text,
            "min_size": is_text,
            "weight": is_text,
            "colour": is_text or is_qr,
            "align": is_text,
            "wrap": is_text,
        }
        for key, widget in self.form_fields.items():
            self.form.setRowVisible(widget, visible[key])
        if element is not None:
            self.x_spin.setValue(element.x)
            self.y_spin.setValue(element.y)
            self.width_spin.setValue(element.width)
            self.height_spin.setValue(element.height)
        if is_text:
            self.text_edit.setText(element.text)
            self.size_spin.setValue(element.size)
            self.min_size_spin.setValue(element.min_size)
            self.colour_edit.setText(element.colour)
            self.align_combo.setCurrentIndex(ALIGNMENTS.index(element.align))
            self.weight_combo.setCurrentIndex(WEIGHTS.index(element.weight))
            self.wrap_check.setChecked(element.wrap)
        elif is_qr:
            self.colour_edit.setText(element.colour)
        self._filling = False

    def _edited(self) -> None:
        if self._filling:
            return
        element = self.selected_element()
        if element is None:
            return
        position = {"x": self.x_spin.value(), "y": self.y_spin.value()}
        if isinstance(element, QrElement):
            changed = replace(
                element, **position, size=self.width_spin.value(), colour=self._colour(element)
            )
        elif isinstance(element, TextElement):
            changed = replace(
                element,
                **position,
                width=self.width_spin.value(),
                height=self.height_spin.value(),
                text=self.text_edit.text(),
                size=self.size_spin.value(),
                min_size=min(self.min_size_spin.value(), self.size_spin.value()),
                colour=self._colour(element),
                align=self.align_combo.currentData(),
                weight=self.weight_combo.currentData(),
                wrap=self.wrap_check.isChecked(),
            )
        else:
            assert isinstance(element, ImageElement | RectElement)
            changed = replace(
                element, **position, width=self.width_spin.value(), height=self.height_spin.value()
            )
        self._apply(changed)

    def _colour(self, element: TextElement | QrElement) -> str:
        text = self.colour_edit.text().strip()
        if QColor.isValidColorName(text) and text.startswith("#") and len(text) == 7:
            return text.upper()
        self.colour_edit.setText(element.colour)
        return element.colour

    def _moved(self, element_id: str, x: float, y: float) -> None:
        element = self.layout_.element(element_id) if self.layout_ else None
        if element is None:
            return
        width_mm, height_mm = self.layout_.page_mm
        x = min(max(0.0, x), width_mm - element.width)
        y = min(max(0.0, y), height_mm - element.height)
        self._apply(replace(element, x=round(x, 1), y=round(y, 1)))
        self._fill_form()

    def _apply(self, element: Element) -> None:
        if self.layout_ is None or element == self.layout_.element(element.id):
            return
        self.layout_ = self.layout_.with_element(element)
        self.canvas.set_layout(self.layout_)
        self.dirty = True
        self._refresh_element_item(element)
        self.schedule_render()
        self._show_status()

    def _refresh_element_item(self, element: Element) -> None:
        for row in range(self.element_list.count()):
            item = self.element_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == element.id:
                kind = tr(f"certificates.kind.{element.type}")
                detail = element.text if isinstance(element, TextElement) else ""
                item.setText(f"{element.id} · {kind}  {detail}".strip())

    def move_selected(self, x: float, y: float) -> None:
        """Set the selected element's position in millimetres (what typing in the form does)."""
        self.x_spin.setValue(x)
        self.y_spin.setValue(y)

    # -- saving
    def save(self) -> bool:
        if self.layout_ is None:
            return False
        try:
            self.layout_ = batch.save_layout(self.db, self.layout_)
        except LayoutError as error:
            QMessageBox.warning(self, tr("certificates.ui.save_layout"), error.render())
            return False
        self.dirty = False
        self.reload(keep_layout=True)
        self.context.notify("awards")
        self.context.status.emit(tr("certificates.ui.saved", layout=self.layout_.title()))
        return True

    def reset(self) -> None:
        if self.layout_ is None:
            return
        batch.reset_layout(self.db, self.layout_.id)
        self.dirty = False
        self.reload(keep_layout=True)
        self._layout_chosen()

    def import_layout(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("certificates.ui.import_layout"), "", tr("certificates.ui.json_filter")
        )
        if path:
            self.import_layout_file(path)

    def import_layout_file(self, path: str) -> bool:
        try:
            layout = with_absolute_images(load_layout_file(path), Path(path).parent)
            batch.save_layout(self.db, layout)
        except LayoutError as error:
            QMessageBox.warning(self, tr("certificates.ui.import_layout"), error.render())
            return False
        self.reload()
        self.select_layout(layout.id)
        return True

    def export_layout(self) -> None:
        if self.layout_ is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            tr("certificates.ui.export_layout"),
            f"{self.layout_.id}.json",
            tr("certificates.ui.json_filter"),
        )
        if path:
            from outreach.atomic_files import write_bytes_atomic

            text = layout_to_json(self.layout_)
            json.loads(text)
            write_bytes_atomic(path, text.encode("utf-8"))
