"""The certificate designer: pick a layout and a recipient, see the real PDF page (rendered by
the same code as the batch, shown through pypdfium2), add, remove, duplicate and restack
elements, drag them on the page or type their position in millimetres, edit texts, colours and
sizes, undo and redo, then save the layout in the programme.

Every edit replaces the working copy with a new immutable ``Layout``; the previous one goes on
the undo stack, so undo is exact and costs nothing. Pictures chosen from disk are read into the
layout at once and saved into the programme file with it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from outreach.awards import certificate_batch as batch
from outreach.awards.awards import Award, list_awards, setting
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, current_language, tr, tr_in
from outreach.printing.certificates import (
    ALIGNMENTS,
    BACKGROUND_FITS,
    PAGE_SIZES_MM,
    PLACEHOLDERS,
    WEIGHTS,
    Element,
    ImageElement,
    ImageFileError,
    Layout,
    LayoutError,
    LineElement,
    QrElement,
    RectElement,
    RenderFonts,
    TextElement,
    builtin_layouts,
    export_layout_files,
    load_layout_file,
    picture_aspect,
    read_image_file,
    render_page_bytes,
    resized_picture,
    with_stored_images,
)
from outreach.printing.font_doctor import FontFileError, choose_font
from ui.certificate_canvas import PreviewCanvas
from ui.certificate_pdf import pdf_page_image
from ui.file_dialogs import ask_save_path
from ui.texts import TextBinder

ADDABLE = ("text", "image", "qr", "line", "rect")
ORIENTATIONS = ("landscape", "portrait")
NEW_PICTURE_MM = 40.0


def _spin(maximum: float = 500, decimals: int = 1, suffix: str = " mm") -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(0, maximum)
    spin.setDecimals(decimals)
    spin.setSingleStep(0.5)
    spin.setSuffix(suffix)
    spin.setKeyboardTracking(False)
    return spin


class TextBox(QPlainTextEdit):
    """A few lines of certificate text (Enter starts a new printed line); like a line edit,
    ``editingFinished`` when focus leaves or on Ctrl+Enter, so one edit is one undo step."""

    editingFinished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        lines = 3
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 12)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        if text != self.toPlainText():
            self.setPlainText(text)

    def insert(self, text: str) -> None:
        self.insertPlainText(text)

    def setCursorPosition(self, position: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(self.toPlainText())))
        self.setTextCursor(cursor)

    def selectAll(self) -> None:
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        self.setTextCursor(cursor)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.editingFinished.emit()
            return
        super().keyPressEvent(event)


class ColourField(QWidget):
    """``#RRGGBB`` typed or picked; ``optional`` fields may be left empty (no fill)."""

    edited = Signal()

    def __init__(self, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("#RRGGBB")
        self.edit.editingFinished.connect(self.edited)
        self.pick = QToolButton()
        self.pick.setText("…")
        self.pick.clicked.connect(lambda _c=False: self._pick())
        row.addWidget(self.edit, 1)
        row.addWidget(self.pick)

    def set(self, value: str | None) -> None:
        self.edit.setText(value or "")
        self._swatch(value)

    def _swatch(self, value: str | None) -> None:
        style = f"background: {value}; color: {value};" if value else ""
        self.pick.setStyleSheet(style)

    def value(self, fallback: str | None) -> str | None:
        """The typed colour, or ``fallback`` (shown again) when it is not a valid one."""
        text = self.edit.text().strip()
        if not text and self.optional:
            return None
        if len(text) == 7 and text.startswith("#") and QColor.isValidColorName(text):
            return text.upper()
        self.set(fallback)
        return fallback

    def _pick(self) -> None:
        start = QColor(self.edit.text().strip() or "#000000")
        colour = QColorDialog.getColor(start, self)
        if colour.isValid():
            self.set(colour.name().upper())
            self.edited.emit()


class CertificateDesigner(QWidget):
    """Edits a working copy of a layout; ``save`` validates and stores it in the programme."""

    changed = Signal()

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.texts = TextBinder()
        self.layout_: Layout | None = None
        self._saved_layout: Layout | None = None  # what the programme holds: dirty is a diff
        self._undo: list[Layout] = []
        self._redo: list[Layout] = []
        self._filling = False
        self._watched_window: QWidget | None = None
        self._layout_programme = None  # the file the working copy came from
        self.last_pdf = b""
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(120)
        self._render_timer.timeout.connect(self._render_if_shown)
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_top_row())
        outer.addLayout(self._build_edit_row())
        self.status = QLabel()
        self.status.setWordWrap(True)
        outer.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.canvas = PreviewCanvas()
        self.canvas.element_clicked.connect(self._select_element)
        self.canvas.element_moved.connect(self._moved)
        self.canvas.element_resized.connect(self._resized)
        self.canvas.nudged.connect(self._nudged)
        self.canvas.picture_dropped.connect(
            lambda path, x, y: self.add_picture_file(path, centre=(x, y))
        )
        splitter.addWidget(self.canvas)
        # The properties scroll: their dozen rows would otherwise keep the window taller than
        # a 768-pixel laptop screen.
        side_scroll = QScrollArea()
        side_scroll.setWidgetResizable(True)
        side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        side_scroll.setWidget(self._build_side())
        splitter.addWidget(side_scroll)
        splitter.setSizes([760, 340])
        outer.addWidget(splitter, 1)
        self.retranslate()

    # -- building
    def _build_top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        self.layout_label = QLabel()
        self.layout_combo = QComboBox()
        self.layout_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layout_combo.currentIndexChanged.connect(lambda _i: self._layout_chosen())
        self.recipient_label = QLabel()
        self.recipient_combo = QComboBox()
        self.recipient_combo.setMinimumWidth(200)
        self.recipient_combo.currentIndexChanged.connect(lambda _i: self.schedule_render())
        self.texts.bind(self.layout_label.setText, "certificates.ui.layout")
        self.texts.bind(self.recipient_label.setText, "certificates.ui.recipient")
        top.addWidget(self.layout_label)
        top.addWidget(self.layout_combo)
        top.addSpacing(12)
        top.addWidget(self.recipient_label)
        top.addWidget(self.recipient_combo, 1)
        self.save_button = self._button("certificates.ui.save_layout", self.save)
        self.save_copy_button = self._button("certificates.ui.save_copy", self.save_copy)
        # Push buttons with a menu draw their own arrow without covering the text.
        self.reset_button = QPushButton()
        self.texts.bind(self.reset_button.setText, "certificates.ui.reset_layout")
        self.reset_menu = QMenu(self)
        self.reset_button.setMenu(self.reset_menu)
        for button in (self.save_button, self.save_copy_button, self.reset_button):
            top.addWidget(button)
        return top

    def _action(self, key: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(self)
        self.texts.bind(action.setText, key)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            # Only while the designer has focus: other pages keep their own shortcuts.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        return action

    def _tool(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def _build_edit_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton()
        self.texts.bind(self.add_button.setText, "certificates.ui.add")
        add_menu = QMenu(self)
        self.add_actions: dict[str, QAction] = {}
        for kind in ADDABLE:
            action = self._action(f"certificates.ui.add_{kind}", lambda k=kind: self.add(k))
            add_menu.addAction(action)
            self.add_actions[kind] = action
        add_menu.addSeparator()
        self.background_action = self._action(
            "certificates.ui.background_image", self.choose_background
        )
        self.no_background_action = self._action(
            "certificates.ui.no_background", self.remove_background
        )
        add_menu.addAction(self.background_action)
        add_menu.addAction(self.no_background_action)
        # How the background picture meets the page: one of three, checked like a radio.
        self.fit_menu = add_menu.addMenu("")
        self.texts.bind(self.fit_menu.setTitle, "certificates.ui.background_fit")
        fit_group = QActionGroup(self)
        self.fit_actions: dict[str, QAction] = {}
        for fit in BACKGROUND_FITS:
            action = self._action(
                f"certificates.ui.background_fit_{fit}", lambda f=fit: self.set_background_fit(f)
            )
            action.setCheckable(True)
            fit_group.addAction(action)
            self.fit_menu.addAction(action)
            self.fit_actions[fit] = action
        self.add_button.setMenu(add_menu)
        self.duplicate_action = self._action("certificates.ui.duplicate", self.duplicate, "Ctrl+D")
        self.remove_action = self._action(
            "certificates.ui.remove", self.remove, QKeySequence.StandardKey.Delete
        )
        self.forward_action = self._action(
            "certificates.ui.forward", lambda: self.restack(1), "Ctrl+]"
        )
        self.backward_action = self._action(
            "certificates.ui.backward", lambda: self.restack(-1), "Ctrl+["
        )
        self.undo_action = self._action(
            "certificates.ui.undo", self.undo, QKeySequence.StandardKey.Undo
        )
        self.redo_action = self._action(
            "certificates.ui.redo", self.redo, QKeySequence.StandardKey.Redo
        )
        row.addWidget(self.add_button)
        for action in (
            self.duplicate_action,
            self.remove_action,
            self.forward_action,
            self.backward_action,
        ):
            row.addWidget(self._tool(action))
        row.addSpacing(16)
        row.addWidget(self._tool(self.undo_action))
        row.addWidget(self._tool(self.redo_action))
        row.addStretch(1)
        # Import and export sit on this row so that the top row fits a 1280-pixel screen in
        # English as well.
        self.import_button = self._button("certificates.ui.import_layout", self.import_layout)
        self.export_button = self._button("certificates.ui.export_layout", self.export_layout)
        row.addWidget(self.import_button)
        row.addWidget(self.export_button)
        row.addSpacing(12)
        self.paper_label = QLabel()
        self.texts.bind(self.paper_label.setText, "certificates.ui.paper")
        self.paper_combo = QComboBox()
        for size in PAGE_SIZES_MM:
            self.paper_combo.addItem(size, size)
        self.orientation_combo = QComboBox()
        for orientation in ORIENTATIONS:
            self.orientation_combo.addItem("", orientation)
        for combo in (self.paper_combo, self.orientation_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.paper_combo.currentIndexChanged.connect(lambda _i: self._paper_chosen())
        self.orientation_combo.currentIndexChanged.connect(lambda _i: self._paper_chosen())
        row.addWidget(self.paper_label)
        row.addWidget(self.paper_combo)
        row.addWidget(self.orientation_combo)
        return row

    def _build_side(self) -> QWidget:
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.elements_label = QLabel()
        self.elements_label.setWordWrap(True)
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
        self.line_width_spin = _spin(20, 1, " pt")
        self.text_edit = TextBox()
        self.insert_button = QPushButton()
        self.insert_menu = QMenu(self)
        self.insert_button.setMenu(self.insert_menu)
        text_row = QWidget()
        text_layout = QVBoxLayout(text_row)
        text_layout.setContentsMargins(0, 0, 0, 0)
        text_layout.addWidget(self.text_edit)
        text_layout.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.colour_field = ColourField()
        self.fill_field = ColourField(optional=True)
        self.align_combo = QComboBox()
        for align in ALIGNMENTS:
            self.align_combo.addItem("", align)
        self.weight_combo = QComboBox()
        for weight in WEIGHTS:
            self.weight_combo.addItem("", weight)
        self.wrap_check = QCheckBox()
        self.keep_aspect_check = QCheckBox()
        self.texts.bind(self.keep_aspect_check.setToolTip, "certificates.ui.keep_aspect_tip")
        self.picture_button = QPushButton()
        self.texts.bind(self.picture_button.setText, "certificates.ui.replace_picture")
        self.picture_button.clicked.connect(lambda _c=False: self.replace_picture())
        self.form_labels: dict[str, QLabel] = {}
        self.form_fields: dict[str, QWidget] = {}
        for key, widget in (
            ("x", self.x_spin),
            ("y", self.y_spin),
            ("width", self.width_spin),
            ("height", self.height_spin),
            ("keep_aspect", self.keep_aspect_check),
            ("text", text_row),
            ("size", self.size_spin),
            ("min_size", self.min_size_spin),
            ("weight", self.weight_combo),
            ("colour", self.colour_field),
            ("fill", self.fill_field),
            ("line_width", self.line_width_spin),
            ("align", self.align_combo),
            ("wrap", self.wrap_check),
            ("picture", self.picture_button),
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
            self.line_width_spin,
        ):
            spin.valueChanged.connect(lambda _v: self._edited())
        self.text_edit.editingFinished.connect(self._edited)
        self.colour_field.edited.connect(self._edited)
        self.fill_field.edited.connect(self._edited)
        self.align_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.weight_combo.currentIndexChanged.connect(lambda _i: self._edited())
        self.wrap_check.toggled.connect(lambda _b: self._edited())
        self.keep_aspect_check.toggled.connect(lambda _b: self._edited())
        side_layout.addLayout(self.form)
        return side

    def _button(self, key: str, slot) -> QPushButton:
        button = QPushButton()
        self.texts.bind(button.setText, key)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # -- data
    @property
    def db(self):
        return self.context.db

    def writable(self) -> bool:
        programme = self.context.programme
        return programme is not None and not programme.read_only

    def _refuse_if_read_only(self, title_key: str) -> bool:
        """True (after saying why) when the open file is read-only and nothing can be saved."""
        if self.writable():
            return False
        QMessageBox.information(self, tr(title_key), tr("certificates.ui.read_only"))
        return True

    @property
    def dirty(self) -> bool:
        return self.layout_ is not None and self.layout_ != self._saved_layout

    def retranslate(self) -> None:
        self.texts.retranslate()
        for index, align in enumerate(ALIGNMENTS):
            self.align_combo.setItemText(index, tr(f"certificates.align.{align}"))
        for index, weight in enumerate(WEIGHTS):
            self.weight_combo.setItemText(index, tr(f"certificates.weight.{weight}"))
        for index, orientation in enumerate(ORIENTATIONS):
            self.orientation_combo.setItemText(index, tr(f"certificates.orientation.{orientation}"))
        self.insert_button.setText(tr("certificates.ui.insert_field"))
        self.insert_menu.clear()
        for name in PLACEHOLDERS:
            action = self.insert_menu.addAction(
                f"{{{name}}}  {tr(f'certificates.placeholder.{name}')}"
            )
            action.triggered.connect(lambda _c=False, n=name: self.insert_field(n))
        self.reset_menu.clear()
        for layout in builtin_layouts():
            action = self.reset_menu.addAction(
                tr("certificates.ui.reset_to", layout=layout.title(current_language()))
            )
            action.triggered.connect(lambda _c=False, i=layout.id: self.reset(i))
        self._fill_elements()
        self.reload(keep_layout=True)

    def reload(self, keep_layout: bool = False) -> None:
        if self.context.programme is None:
            self.layout_combo.clear()
            self.recipient_combo.clear()
            return
        for button in (self.save_button, self.save_copy_button, self.import_button):
            button.setEnabled(self.writable())
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
        same_file = self.context.programme is self._layout_programme
        if keep_layout and self.dirty and same_file:
            self.schedule_render()
            return
        if self.dirty and not same_file:
            # Another file was opened: the old one is closed already, its edits cannot be
            # saved there any more, and must not slip into the new file.
            self.context.status.emit(
                tr("certificates.ui.discarded", layout=self.layout_.title(current_language()))
            )
        self._open_layout()

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
        chosen = self.layout_combo.currentData()
        if self.layout_ is not None and chosen != self.layout_.id and not self.may_leave():
            # Stay on the layout being edited: put the combo back without reloading.
            self._filling = True
            self.layout_combo.setCurrentIndex(self.layout_combo.findData(self.layout_.id))
            self._filling = False
            return
        self._open_layout()

    def _open_layout(self) -> None:
        layout_id = self.layout_combo.currentData()
        if not layout_id or self.context.programme is None:
            return
        self.layout_ = self._saved_layout = batch.get_layout(self.db, layout_id)
        self._layout_programme = self.context.programme
        self._undo.clear()
        self._redo.clear()
        self.canvas.selected = ""
        self.canvas.set_layout(self.layout_)
        self._fill_elements()
        self._update_actions()
        self.schedule_render()

    def _fill_elements(self) -> None:
        if self.layout_ is None:
            return
        current = self.canvas.selected
        self.element_list.blockSignals(True)
        self.element_list.clear()
        # Topmost first, as in drawing programs: "bring forward" moves an item up the list.
        for element in reversed(self.layout_.elements):
            item = QListWidgetItem(self._element_label(element))
            item.setData(Qt.ItemDataRole.UserRole, element.id)
            self.element_list.addItem(item)
        self.element_list.blockSignals(False)
        if self.layout_.element(current) is None:
            current = self.layout_.elements[-1].id if self.layout_.elements else ""
        self._select_element(current)

    def _element_label(self, element: Element) -> str:
        kind = tr(f"certificates.kind.{element.type}")
        detail = element.text.replace("\n", " ⏎ ") if isinstance(element, TextElement) else ""
        return f"{element.id} · {kind}  {detail}".strip()

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
        self._watch_window()
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

    # -- the working copy and its history
    def _commit(self, layout: Layout, select: str | None = None) -> None:
        """Make ``layout`` the working copy; the previous one can be brought back by undo."""
        if self.layout_ is None or layout == self.layout_:
            return
        self._undo.append(self.layout_)
        del self._undo[:-200]
        self._redo.clear()
        self._show_layout(layout, select)

    def _show_layout(self, layout: Layout, select: str | None = None) -> None:
        self.layout_ = layout
        if select is not None:
            self.canvas.selected = select
        self.canvas.set_layout(layout)
        self._fill_elements()
        self._update_actions()
        self.schedule_render()
        self._show_status()
        self.changed.emit()

    def undo(self) -> None:
        if not self._undo or self.layout_ is None:
            return
        self._redo.append(self.layout_)
        self._show_layout(self._undo.pop())

    def redo(self) -> None:
        if not self._redo or self.layout_ is None:
            return
        self._undo.append(self.layout_)
        self._show_layout(self._redo.pop())

    def _update_actions(self) -> None:
        layout = self.layout_
        selected = self.selected_element()
        if layout is None:
            for action in self.actions():
                action.setEnabled(False)
            return
        self.undo_action.setEnabled(bool(self._undo))
        self.redo_action.setEnabled(bool(self._redo))
        has_qr = layout is not None and any(isinstance(e, QrElement) for e in layout.elements)
        self.duplicate_action.setEnabled(
            selected is not None and not isinstance(selected, QrElement)
        )
        # A layout needs at least one element (the format says so).
        self.remove_action.setEnabled(selected is not None and len(layout.elements) > 1)
        for kind, action in self.add_actions.items():
            action.setEnabled(kind != "qr" or not has_qr)
        index = layout.elements.index(selected) if selected is not None else -1
        self.forward_action.setEnabled(0 <= index < len(layout.elements) - 1)
        self.backward_action.setEnabled(index > 0)
        self.no_background_action.setEnabled(bool(layout.background_image))
        self.fit_menu.setEnabled(bool(layout.background_image))
        for fit, action in self.fit_actions.items():
            action.setEnabled(bool(layout.background_image))
            action.setChecked(fit == layout.background_fit)
        for combo, value in (
            (self.paper_combo, layout.page_size),
            (self.orientation_combo, layout.orientation),
        ):
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(value))
            combo.blockSignals(False)

    def _paper_chosen(self) -> None:
        """Another paper size or orientation: the design scales to it (undoable)."""
        if self.layout_ is None:
            return
        size, orientation = self.paper_combo.currentData(), self.orientation_combo.currentData()
        if (size, orientation) != (self.layout_.page_size, self.layout_.orientation):
            self._commit(self.layout_.on_page(size, orientation))

    # -- adding, removing, ordering
    def _centre(self, width: float, height: float) -> tuple[float, float]:
        page_w, page_h = self.layout_.page_mm
        return round((page_w - width) / 2, 1), round((page_h - height) / 2, 1)

    def add(self, kind: str) -> Element | None:
        """Add an element of ``kind`` in the middle of the page, drawn over the others. An
        image asks for a picture file."""
        if self.layout_ is None:
            return None
        layout = self.layout_
        if kind == "image":
            path, _ = QFileDialog.getOpenFileName(
                self, tr("certificates.ui.add_image"), "", tr("certificates.ui.picture_filter")
            )
            return self.add_picture_file(path) if path else None
        if kind == "text":
            x, y = self._centre(120, 12)
            text = tr_in(DEFAULT_PRINT_LANGUAGE, "certificates.ui.new_text")
            element = TextElement(layout.unused_id("text"), text, x, y, 120, 12, size=18)
        elif kind == "qr":
            if any(isinstance(e, QrElement) for e in layout.elements):
                return None
            element = QrElement("qr", 20, round(layout.page_mm[1] - 46, 1), size=26)
        elif kind == "line":
            x, y = self._centre(80, 0)
            element = LineElement(layout.unused_id("line"), x, y, 80, 0)
        else:
            x, y = self._centre(80, 40)
            element = RectElement(layout.unused_id("frame"), x, y, 80, 40)
        self._commit(layout.with_added(element), select=element.id)
        if isinstance(element, TextElement):
            self.text_edit.setFocus()
            self.text_edit.selectAll()
        return element

    def _read_picture(self, path: str):
        try:
            return read_image_file(path)
        except ImageFileError as error:
            QMessageBox.warning(self, tr("certificates.ui.add_image"), error.message.render())
            return None

    def add_picture_file(
        self, path: str, centre: tuple[float, float] | None = None
    ) -> ImageElement | None:
        """A logo or seal from disk, copied into the layout (and the programme when saved),
        sized to at most 40 mm with its proportions; a file that is not a readable PNG/JPEG
        is refused with a message naming it."""
        read = self._read_picture(path)
        if read is None or self.layout_ is None:
            return None
        ref, data, info = read
        if info.aspect >= 1:
            width, height = NEW_PICTURE_MM, round(NEW_PICTURE_MM / info.aspect, 1)
        else:
            width, height = round(NEW_PICTURE_MM * info.aspect, 1), NEW_PICTURE_MM
        width, height = max(width, 1.0), max(height, 1.0)
        if centre is None:
            x, y = self._centre(width, height)
        else:  # dropped on the page: centred where it was let go, kept on the page
            page_w, page_h = self.layout_.page_mm
            x = round(min(max(centre[0] - width / 2, 0.0), page_w - width), 1)
            y = round(min(max(centre[1] - height / 2, 0.0), page_h - height), 1)
        stem = "".join(c for c in Path(path).stem if c.isascii() and (c.isalnum() or c in "-_"))
        element = ImageElement(
            self.layout_.unused_id(stem[:20] or "image"), ref, x, y, width, height
        )
        layout = self.layout_.with_stored_image(ref, data).with_added(element)
        self._commit(layout, select=element.id)
        return element

    def replace_picture(self) -> None:
        element = self.selected_element()
        if not isinstance(element, ImageElement):
            return
        path, _ = QFileDialog.getOpenFileName(
            self, tr("certificates.ui.replace_picture"), "", tr("certificates.ui.picture_filter")
        )
        read = self._read_picture(path) if path else None
        if read is not None:
            ref, data, info = read
            layout = self.layout_.with_stored_image(ref, data)
            changed = replace(element, image=ref)
            if element.keep_aspect:  # the box takes the new picture's proportions
                changed = resized_picture(
                    changed, layout.page_mm, width=element.width, aspect=info.aspect
                )
            self._commit(layout.with_element(changed))

    def choose_background(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            tr("certificates.ui.background_image"),
            "",
            tr("certificates.ui.picture_filter"),
        )
        if path:
            self.set_background_file(path)

    def set_background_file(self, path: str) -> bool:
        read = self._read_picture(path)
        if read is None or self.layout_ is None:
            return False
        ref, data, info = read
        layout = self.layout_.with_stored_image(ref, data)
        fit = layout.background_fit
        page_w, page_h = layout.page_mm
        if fit == "stretch" and abs(info.aspect / (page_w / page_h) - 1) > 0.05:
            fit = "cover"  # a picture of other proportions would visibly stretch
        self._commit(replace(layout, background_image=ref, background_fit=fit))
        return True

    def set_background_fit(self, fit: str) -> None:
        if self.layout_ is not None and self.layout_.background_image:
            self._commit(replace(self.layout_, background_fit=fit))
        else:
            self._update_actions()

    def remove_background(self) -> None:
        if self.layout_ is not None:
            self._commit(replace(self.layout_, background_image=None))

    def remove(self) -> None:
        element = self.selected_element()
        if element is None or len(self.layout_.elements) <= 1:
            return
        index = self.layout_.elements.index(element)
        layout = self.layout_.without(element.id)
        # Select the element that took its place in the list (the one drawn just below it).
        neighbour = layout.elements[max(index - 1, 0)].id
        self._commit(layout, select=neighbour)

    def duplicate(self) -> None:
        element = self.selected_element()
        if element is None:
            return
        layout, copy = self.layout_.duplicated(element.id)
        if copy is not None:
            self._commit(layout, select=copy.id)

    def restack(self, step: int) -> None:
        element = self.selected_element()
        if element is not None:
            self._commit(self.layout_.restacked(element.id, step), select=element.id)

    def insert_field(self, name: str) -> None:
        """Type ``{name}`` at the cursor of the selected text element."""
        if not isinstance(self.selected_element(), TextElement):
            return
        self.text_edit.insert("{" + name + "}")
        self._edited()

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
        self._update_actions()
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
        is_rect = isinstance(element, RectElement)
        is_line = isinstance(element, LineElement)
        visible = {
            "x": element is not None,
            "y": element is not None,
            "width": element is not None,
            "height": element is not None and not is_qr,
            "keep_aspect": isinstance(element, ImageElement),
            "text": is_text,
            "size": is_text,
            "min_size": is_text,
            "weight": is_text,
            "colour": is_text or is_qr or is_rect or is_line,
            "fill": is_rect,
            "line_width": is_rect or is_line,
            "align": is_text,
            "wrap": is_text,
            "picture": isinstance(element, ImageElement),
        }
        for key, widget in self.form_fields.items():
            self.form.setRowVisible(widget, visible[key])
        self.form_labels["colour"].setText(
            tr("certificates.field.stroke" if is_rect else "certificates.field.colour")
        )
        if element is not None:
            self.x_spin.setValue(element.x)
            self.y_spin.setValue(element.y)
            self.width_spin.setValue(element.width)
            self.height_spin.setValue(element.height)
        if is_text:
            self.text_edit.setText(element.text)
            self.size_spin.setValue(element.size)
            self.min_size_spin.setValue(element.min_size)
            self.colour_field.set(element.colour)
            self.align_combo.setCurrentIndex(ALIGNMENTS.index(element.align))
            self.weight_combo.setCurrentIndex(WEIGHTS.index(element.weight))
            self.wrap_check.setChecked(element.wrap)
        elif is_qr or is_line:
            self.colour_field.set(element.colour)
        if is_rect:
            self.colour_field.set(element.stroke)
            self.fill_field.set(element.fill)
        if is_rect or is_line:
            self.line_width_spin.setValue(element.line_width)
        if isinstance(element, ImageElement):
            self.keep_aspect_check.setChecked(element.keep_aspect)
        self._filling = False

    def _edited(self) -> None:
        if self._filling:
            return
        element = self.selected_element()
        if element is None:
            return
        position = {"x": self.x_spin.value(), "y": self.y_spin.value()}
        box = {**position, "width": self.width_spin.value(), "height": self.height_spin.value()}
        if isinstance(element, QrElement):
            changed = replace(
                element,
                **position,
                size=self.width_spin.value(),
                colour=self.colour_field.value(element.colour),
            )
        elif isinstance(element, TextElement):
            changed = replace(
                element,
                **box,
                text=self.text_edit.text(),
                size=self.size_spin.value(),
                min_size=min(self.min_size_spin.value(), self.size_spin.value()),
                colour=self.colour_field.value(element.colour),
                align=self.align_combo.currentData(),
                weight=self.weight_combo.currentData(),
                wrap=self.wrap_check.isChecked(),
            )
        elif isinstance(element, LineElement):
            changed = replace(
                element,
                **box,
                colour=self.colour_field.value(element.colour),
                line_width=max(self.line_width_spin.value(), 0.1),
            )
        elif isinstance(element, RectElement):
            stroke = self.colour_field.value(element.stroke)
            changed = replace(
                element,
                **box,
                stroke=stroke,
                fill=self.fill_field.value(element.fill),
                line_width=max(self.line_width_spin.value(), 0.1),
            )
        elif isinstance(element, ImageElement):
            changed = self._picture_edited(element, position)
        else:
            changed = replace(element, **box)
        self._apply(changed)

    def _picture_edited(self, element: ImageElement, position: dict) -> ImageElement:
        """A picture's box as typed: while it keeps its proportions a new width brings the
        height with it and the other way round; ticking "keep proportions" again puts the box
        back in the picture's proportions (the width stays)."""
        keep = self.keep_aspect_check.isChecked()
        picture = replace(element, **position, keep_aspect=keep)
        aspect = picture_aspect(self.layout_, element.image)
        page = self.layout_.page_mm
        width, height = self.width_spin.value(), self.height_spin.value()
        if keep and not element.keep_aspect:
            return resized_picture(picture, page, width=element.width, aspect=aspect)
        new_width = width if abs(width - element.width) >= 0.05 else None
        new_height = height if abs(height - element.height) >= 0.05 else None
        if new_width is None and new_height is None:
            return picture
        return resized_picture(picture, page, width=new_width, height=new_height, aspect=aspect)

    def _resized(self, element_id: str, width: float, height: float) -> None:
        """The corner handle was dragged: the same rules as typing the size."""
        element = self.layout_.element(element_id) if self.layout_ else None
        if element is None:
            return
        page_w, page_h = self.layout_.page_mm
        if isinstance(element, ImageElement):
            aspect = picture_aspect(self.layout_, element.image)
            changed = resized_picture(
                element, (page_w, page_h), width=width, height=height, aspect=aspect
            )
        elif isinstance(element, QrElement):
            room = min(page_w - element.x, page_h - element.y)
            changed = replace(element, size=round(min(max(width, height, 8.0), room), 1))
        else:
            changed = replace(
                element,
                width=round(min(max(width, 1.0), page_w - element.x), 1),
                height=round(min(max(height, 1.0), page_h - element.y), 1),
            )
        self._apply(changed)

    def _moved(self, element_id: str, x: float, y: float) -> None:
        element = self.layout_.element(element_id) if self.layout_ else None
        if element is None:
            return
        width_mm, height_mm = self.layout_.page_mm
        x = min(max(0.0, x), width_mm - element.width)
        y = min(max(0.0, y), height_mm - element.height)
        self._apply(replace(element, x=round(x, 1), y=round(y, 1)))

    def _nudged(self, dx: float, dy: float) -> None:
        element = self.selected_element()
        if element is not None:
            self._moved(element.id, element.x + dx, element.y + dy)

    def _apply(self, element: Element) -> None:
        if self.layout_ is None or element == self.layout_.element(element.id):
            return
        self._commit(self.layout_.with_element(element), select=element.id)

    def move_selected(self, x: float, y: float) -> None:
        """Set the selected element's position in millimetres (what typing in the form does)."""
        self.x_spin.setValue(x)
        self.y_spin.setValue(y)

    # -- leaving with unsaved changes
    def ask_unsaved(self) -> QMessageBox.StandardButton:
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(
            self,
            tr("certificates.ui.unsaved_title"),
            tr("certificates.ui.unsaved_question", layout=self.layout_.title(current_language())),
            buttons,
            QMessageBox.StandardButton.Save,
        )

    def may_leave(self) -> bool:
        """True when the working copy may be left: saved, unchanged, or thrown away on
        purpose; False when the person chose to stay."""
        if not self.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.layout_ = self._saved_layout
            return True
        return False

    def _watch_window(self) -> None:
        window = self.window()
        if window is not self and window is not self._watched_window:
            if self._watched_window is not None:
                self._watched_window.removeEventFilter(self)
            window.installEventFilter(self)
            self._watched_window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Closing the main window with an unsaved design asks first (Cancel keeps it open).
        if (
            watched is self._watched_window
            and event.type() == QEvent.Type.Close
            and self.context.programme is not None
            and not self.may_leave()
        ):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    # -- saving
    def save(self) -> bool:
        if self.layout_ is None or self._refuse_if_read_only("certificates.ui.save_layout"):
            return False
        try:
            self.layout_ = self._saved_layout = batch.save_layout(self.db, self.layout_)
        except LayoutError as error:
            QMessageBox.warning(self, tr("certificates.ui.save_layout"), error.render())
            return False
        # Saving is not a reason to forget what can be undone.
        history = (list(self._undo), list(self._redo))
        self.reload(keep_layout=True)
        if self.layout_ is not None and self.layout_.id == self._saved_layout.id:
            self._undo, self._redo = history
            self._update_actions()
        self.context.notify("awards")
        self.context.status.emit(tr("certificates.ui.saved", layout=self.layout_.title()))
        return True

    def save_copy(self) -> bool:
        """Save the working copy as a new layout (the original stays as it was)."""
        if self.layout_ is None or self._refuse_if_read_only("certificates.ui.save_copy"):
            return False
        name, ok = QInputDialog.getText(
            self,
            tr("certificates.ui.save_copy"),
            tr("certificates.ui.copy_name"),
            text=tr("certificates.ui.copy_of", layout=self.layout_.title(current_language())),
        )
        if not ok or not name.strip():
            return False
        return self.save_copy_as(name.strip())

    def save_copy_as(self, name: str) -> bool:
        import uuid

        copy = replace(
            self.layout_, id=f"custom-{uuid.uuid4().hex[:8]}", name={"zh_CN": name, "en": name}
        )
        try:
            saved = batch.save_layout(self.db, copy)
        except LayoutError as error:
            QMessageBox.warning(self, tr("certificates.ui.save_copy"), error.render())
            return False
        # The original is left as saved; its unsaved edits now live in the copy.
        self.layout_ = self._saved_layout
        self.reload(keep_layout=True)
        self.select_layout(saved.id)
        self.context.notify("awards")
        self.context.status.emit(tr("certificates.ui.saved", layout=name))
        return True

    def reset(self, builtin_id: str | None = None) -> None:
        """Replace the working copy's design with a built-in one (page, background and
        elements; the layout keeps its own name). Undoable; saved only when saved."""
        if self.layout_ is None:
            return
        builtin = batch.builtin_layout(builtin_id or self.layout_.id)
        if builtin is None:
            builtin = builtin_layouts()[0]
        if builtin.id == self.layout_.id:
            self._commit(builtin)
            return
        self._commit(
            replace(builtin, id=self.layout_.id, name=self.layout_.name, origin=self.layout_.origin)
        )

    def import_layout(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("certificates.ui.import_layout"), "", tr("certificates.ui.json_filter")
        )
        if path:
            self.import_layout_file(path)

    def import_layout_file(self, path: str) -> bool:
        if self._refuse_if_read_only("certificates.ui.import_layout") or not self.may_leave():
            return False
        try:
            layout = with_stored_images(load_layout_file(path), Path(path).parent)
            batch.save_layout(self.db, layout)
        except LayoutError as error:
            QMessageBox.warning(self, tr("certificates.ui.import_layout"), error.render())
            return False
        except ImageFileError as error:
            QMessageBox.warning(self, tr("certificates.ui.import_layout"), error.message.render())
            return False
        self.reload()
        self.select_layout(layout.id)
        self._open_layout()
        return True

    def export_layout(self) -> None:
        if self.layout_ is None:
            return
        path = ask_save_path(
            self,
            tr("certificates.ui.export_layout"),
            f"{self.layout_.id}.json",
            "certificates.ui.json_filter",
        )
        if path:
            written = export_layout_files(self.layout_, path)
            self.context.status.emit(
                tr("certificates.ui.exported", path=path, count=len(written) - 1)
            )
