"""Certificate layouts as data, and the renderer that turns them into one PDF page per person.

A layout is JSON (``assets/layouts/*.json`` for the built-in designs, or saved in the programme
by the designer)::

    {"version": 2, "id": "honour", "name": {"zh_CN": "荣誉证书", "en": "Honour certificate"},
     "page": {"size": "A4", "orientation": "landscape"},
     "background": {"image": "honour_background.png", "colour": "#FFFDF5"},
     "serial_prefix": "QZ",
     "elements": [
       {"id": "title", "type": "text", "text": "荣誉证书", "x": 48.5, "y": 30, "width": 200,
        "height": 28, "size": 48, "weight": "bold", "colour": "#C00000", "align": "center"},
       {"id": "qr", "type": "qr", "x": 250, "y": 160, "size": 26},
       {"id": "seal", "type": "image", "image": "seal.png", "x": 200, "y": 140,
        "width": 40, "height": 40},
       {"id": "rule", "type": "line", "x": 60, "y": 150, "width": 80, "height": 0}]}

Positions are millimetres from the page's top-left corner; ``x``/``y`` is an element's top-left
corner and ``width``/``height`` its box. Text is shrunk until it fits its box (``min_size`` is
the floor), wrapped inside the box when ``wrap`` is true. Placeholders: ``PLACEHOLDERS``.
The list order is the drawing order: later elements are drawn over earlier ones.
``parse_layout`` reports every problem of a bad layout at once, each naming the element.

Format versions: 1 (no ``version`` field) has text, image, qr and rect elements; 2 adds
``line`` elements (from x, y to x + width, y + height) and images kept inside the programme
(``"image": "stored:<sha256>"``, the bytes in the ``certificate_images`` table) so that a
layout with a school logo still prints on another laptop. 3 adds ``"keep_aspect": false`` on a
picture (stretched to its box; by default a picture keeps its proportions inside its box, and
the designer keeps the box in the picture's proportions) and ``"fit"`` on the background
(``"stretch"``, the old and default way, ``"cover"``: fills the page, centred, the overflow cut
off, or ``"contain"``: the whole picture, centred). Older layouts load unchanged, and a layout is
written with the lowest version that holds it, so that older copies of the program read it.
"""

from __future__ import annotations

import json
import math
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from outreach.atomic_files import atomic_path
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, Message, msg
from outreach.locations import ASSETS_DIR
from outreach.printing.line_breaking import wrap_text
from outreach.progress import NO_PROGRESS, Progress

LAYOUTS_DIR = ASSETS_DIR / "layouts"
MM = 72 / 25.4

PLACEHOLDERS = (
    "name",
    "class",
    "team",
    "award",
    "event",
    "date",
    "serial",
    "code",
    "hours",
    "reissue",
    "organiser",
)
PAGE_SIZES_MM = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A3": (297.0, 420.0),
    "B5": (176.0, 250.0),
    "Letter": (215.9, 279.4),
}
ALIGNMENTS = ("left", "center", "right")
WEIGHTS = ("regular", "bold")
ELEMENT_TYPES = ("text", "image", "qr", "rect", "line")
BACKGROUND_FITS = ("stretch", "cover", "contain")
LAYOUT_FORMAT_VERSION = 3
STORED_PREFIX = "stored:"
IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg"}
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


# -- the model -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TextElement:
    id: str
    text: str
    x: float
    y: float
    width: float
    height: float
    size: float = 16
    min_size: float = 6
    weight: str = "regular"
    colour: str = "#000000"
    align: str = "center"
    wrap: bool = False
    line_spacing: float = 1.35
    letter_spacing: float = 0
    type: str = "text"


@dataclass(frozen=True)
class ImageElement:
    id: str
    image: str
    x: float
    y: float
    width: float
    height: float
    keep_aspect: bool = True  # the picture keeps its proportions (the designer keeps the box's)
    type: str = "image"


@dataclass(frozen=True)
class QrElement:
    id: str
    x: float
    y: float
    size: float = 24
    colour: str = "#000000"
    type: str = "qr"

    @property
    def width(self) -> float:
        return self.size

    @property
    def height(self) -> float:
        return self.size


@dataclass(frozen=True)
class RectElement:
    id: str
    x: float
    y: float
    width: float
    height: float
    stroke: str | None = "#000000"
    line_width: float = 0.5
    fill: str | None = None
    radius: float = 0
    type: str = "rect"


@dataclass(frozen=True)
class LineElement:
    """A straight line from (x, y) to (x + width, y + height): width 0 is vertical, height 0
    horizontal (signature lines, dividers)."""

    id: str
    x: float
    y: float
    width: float
    height: float = 0
    colour: str = "#000000"
    line_width: float = 0.8
    type: str = "line"


Element = TextElement | ImageElement | QrElement | RectElement | LineElement


@dataclass(frozen=True)
class Layout:
    id: str
    name: dict[str, str]
    page_size: str = "A4"
    orientation: str = "landscape"
    background_image: str | None = None
    background_colour: str | None = None
    background_fit: str = "stretch"
    serial_prefix: str = "QZ"
    elements: tuple[Element, ...] = ()
    # The file or "programme" it came from, for messages (not part of the design itself).
    origin: str = field(default="", compare=False)
    # The bytes of the "stored:" images this layout uses (kept in the programme, not on disk).
    stored_images: Mapping[str, bytes] = field(default_factory=dict, compare=False, repr=False)

    @property
    def page_mm(self) -> tuple[float, float]:
        short, long = PAGE_SIZES_MM[self.page_size]
        return (long, short) if self.orientation == "landscape" else (short, long)

    def title(self, language: str = DEFAULT_PRINT_LANGUAGE) -> str:
        return self.name.get(language) or self.name.get("zh_CN") or self.id

    def element(self, element_id: str) -> Element | None:
        return next((e for e in self.elements if e.id == element_id), None)

    def with_element(self, element: Element) -> Layout:
        """A copy with the element of the same id replaced (the designer edits this way)."""
        return replace(
            self, elements=tuple(element if e.id == element.id else e for e in self.elements)
        )

    def texts(self) -> list[TextElement]:
        return [e for e in self.elements if isinstance(e, TextElement)]

    # The designer's edits: each returns a new layout and leaves this one as it was (undo).
    def with_added(self, element: Element) -> Layout:
        """The element drawn over every other one."""
        return replace(self, elements=(*self.elements, element))

    def without(self, element_id: str) -> Layout:
        return replace(self, elements=tuple(e for e in self.elements if e.id != element_id))

    def restacked(self, element_id: str, step: int) -> Layout:
        """The element moved ``step`` places up (drawn later, over others) or down the order."""
        elements = list(self.elements)
        index = next((i for i, e in enumerate(elements) if e.id == element_id), None)
        if index is None:
            return self
        target = min(max(index + step, 0), len(elements) - 1)
        elements.insert(target, elements.pop(index))
        return replace(self, elements=tuple(elements))

    def duplicated(self, element_id: str, offset: float = 5.0) -> tuple[Layout, Element | None]:
        """A copy of the element right above it in the order, shifted by ``offset`` mm (kept
        on the page), under a new id."""
        element = self.element(element_id)
        if element is None or isinstance(element, QrElement):
            return self, None  # a layout holds one QR code
        width_mm, height_mm = self.page_mm
        copy = replace(
            element,
            id=self.unused_id(element.id),
            x=round(min(element.x + offset, max(width_mm - element.width, 0)), 1),
            y=round(min(element.y + offset, max(height_mm - element.height, 0)), 1),
        )
        index = self.elements.index(element)
        elements = (*self.elements[: index + 1], copy, *self.elements[index + 1 :])
        return replace(self, elements=elements), copy

    def unused_id(self, base: str) -> str:
        """``base`` or ``base2``, ``base3``… whichever no element uses yet."""
        stem = re.sub(r"\d+$", "", base)[:36] or "element"
        taken = {e.id for e in self.elements}
        if base not in taken and _ID.match(base):
            return base
        n = 2
        while f"{stem}{n}" in taken:
            n += 1
        return f"{stem}{n}"

    def on_page(self, page_size: str, orientation: str) -> Layout:
        """The same design on another paper size or orientation. Positions and boxes scale with
        the page; type, QR codes and pictures that keep their proportions scale with the smaller
        of the two factors, around their centre's new place (a picture as wide or as tall as the
        page becomes the largest that fits the new one, so a full-page picture stays centred
        and comes back whole when the page is turned back). A background picture that would stretch to a
        page of other proportions covers it instead (centred, the overflow cut off)."""
        moved = replace(self, page_size=page_size, orientation=orientation)
        (old_w, old_h), (new_w, new_h) = self.page_mm, moved.page_mm
        sx, sy = new_w / old_w, new_h / old_h
        s = min(sx, sy)

        def scaled(element: Element) -> Element:
            changes: dict[str, float] = {"x": round(element.x * sx, 1)}
            changes["y"] = round(element.y * sy, 1)
            if isinstance(element, QrElement):
                changes["size"] = max(round(element.size * s, 1), 8.0)
                changes["x"] = min(changes["x"], round(new_w - changes["size"], 1))
                changes["y"] = min(changes["y"], round(new_h - changes["size"], 1))
                return replace(element, **changes)
            if isinstance(element, ImageElement) and element.keep_aspect:
                # A picture as wide or as tall as the page stays the largest that fits it.
                filling = element.width >= old_w - 0.5 or element.height >= old_h - 0.5
                f = min(new_w / element.width, new_h / element.height) if filling else s
                width = min(max(round(element.width * f, 1), 1.0), new_w)
                height = min(max(round(element.height * f, 1), 1.0), new_h)
                x = (element.x + element.width / 2) * sx - width / 2
                y = (element.y + element.height / 2) * sy - height / 2
                x = round(min(max(x, 0.0), new_w - width), 1)
                y = round(min(max(y, 0.0), new_h - height), 1)
                return replace(element, x=x, y=y, width=width, height=height)
            # Rounding must not push a box that touched the edge over it.
            changes["width"] = min(round(element.width * sx, 1), new_w - changes["x"])
            changes["height"] = min(round(element.height * sy, 1), new_h - changes["y"])
            if isinstance(element, TextElement):
                changes["size"] = max(round(element.size * s, 1), 2.0)
                changes["min_size"] = min(max(round(element.min_size * s, 1), 2.0), changes["size"])
            return replace(element, **changes)

        fit = self.background_fit
        if self.background_image and fit == "stretch" and abs(sx / sy - 1) > 0.01:
            fit = "cover"
        return replace(moved, background_fit=fit, elements=tuple(scaled(e) for e in self.elements))

    def with_stored_image(self, ref: str, data: bytes) -> Layout:
        return replace(self, stored_images={**self.stored_images, ref: data})

    def image_refs(self) -> list[str]:
        """Every image name the layout draws (background first)."""
        names = [self.background_image] if self.background_image else []
        return names + [e.image for e in self.elements if isinstance(e, ImageElement)]


class LayoutError(ValueError):
    """A layout that cannot be used; ``problems`` name the element and the field."""

    def __init__(self, origin: str, problems: Sequence[Message]) -> None:
        self.origin = origin
        self.problems = list(problems)
        super().__init__(self.render("en"))

    def render(self, language: str | None = None) -> str:
        return "\n".join(
            msg(
                "certificates.layout.problem", origin=self.origin, problem=p.render(language)
            ).render(language)
            for p in self.problems
        )


# -- parsing and validation ------------------------------------------------------------------
class _Checker:
    def __init__(self) -> None:
        self.problems: list[Message] = []

    def add(self, where: str, key: str, **params: Any) -> None:
        self.problems.append(msg(key, where=where, **params))

    def number(
        self, where: str, data: dict, name: str, default: float | None = None, low: float = 0
    ) -> float:
        value = data.get(name, default)
        if value is None:
            self.add(f"{where}.{name}", "certificates.layout.error.required")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            self.add(f"{where}.{name}", "certificates.layout.error.number", value=repr(value))
            return 0.0
        if value < low:
            self.add(f"{where}.{name}", "certificates.layout.error.too_small", value=value, low=low)
        return float(value)

    def colour(self, where: str, data: dict, name: str, default: str | None) -> str | None:
        value = data.get(name, default)
        if value is None:
            return None
        if not isinstance(value, str) or not _COLOUR.match(value):
            self.add(f"{where}.{name}", "certificates.layout.error.colour", value=repr(value))
            return default
        return value.upper()

    def choice(self, where: str, data: dict, name: str, choices: Sequence[str], default: str):
        value = data.get(name, default)
        if value not in choices:
            self.add(
                f"{where}.{name}",
                "certificates.layout.error.choice",
                value=repr(value),
                choices=", ".join(choices),
            )
            return default
        return value

    def text(self, where: str, data: dict, name: str, default: str | None = None) -> str:
        value = data.get(name, default)
        if not isinstance(value, str):
            self.add(f"{where}.{name}", "certificates.layout.error.text", value=repr(value))
            return ""
        return value


def template_fields(text: str) -> list[str]:
    """The placeholder names in ``text``; raises ValueError for unbalanced braces."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def _check_template(check: _Checker, where: str, text: str) -> None:
    try:
        names = template_fields(text)
    except ValueError:
        check.add(where, "certificates.layout.error.braces", text=text)
        return
    for name in names:
        if name not in PLACEHOLDERS:
            check.add(
                where,
                "certificates.layout.error.placeholder",
                placeholder="{" + name + "}",
                known=" ".join("{" + p + "}" for p in PLACEHOLDERS),
            )


def resolve_image(name: str, base: Path = LAYOUTS_DIR) -> Path:
    """A relative name means the layout file's folder, and then the built-in pictures (an
    exported layout names them without copying them)."""
    path = Path(name)
    if path.is_absolute():
        return path
    beside = base / path
    if not beside.exists() and (LAYOUTS_DIR / path).is_file():
        return LAYOUTS_DIR / path
    return beside


def is_stored(name: str | None) -> bool:
    return bool(name) and name.startswith(STORED_PREFIX)


class ImageFileError(ValueError):
    """A picture that cannot go on a certificate; ``message`` names the file and the reason."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class PictureInfo:
    format: str  # "PNG" or "JPEG"
    width_px: int
    height_px: int

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px


def picture_info(data: bytes, file_name: str) -> PictureInfo:
    """Format and pixel size of PNG/JPEG bytes, read fully so that a truncated or disguised
    file is refused here and not half-way through a batch."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            size = image.size
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageFileError(
            msg("certificates.image.error.unreadable", file=file_name, detail=str(exc) or "-")
        ) from exc
    if kind not in IMAGE_FORMATS:
        raise ImageFileError(
            msg("certificates.image.error.format", file=file_name, format=str(kind))
        )
    if size[0] < 1 or size[1] < 1:
        raise ImageFileError(
            msg("certificates.image.error.unreadable", file=file_name, detail="0×0")
        )
    return PictureInfo(kind, size[0], size[1])


MAX_IMAGE_BYTES = 20 * 1024 * 1024


def read_image_file(path: str | Path) -> tuple[str, bytes, PictureInfo]:
    """A PNG/JPEG from disk as a ``stored:`` reference, its bytes and its size; the bytes go
    into the programme with the layout, so the file may move or vanish afterwards."""
    import hashlib

    path = Path(path)
    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise ImageFileError(
                msg("certificates.image.error.too_big", file=path.name, limit=MAX_IMAGE_BYTES >> 20)
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImageFileError(
            msg("certificates.image.error.unreadable", file=path.name, detail=exc.strerror or "")
        ) from exc
    info = picture_info(data, path.name)
    return STORED_PREFIX + hashlib.sha256(data).hexdigest(), data, info


def picture_aspect(layout: Layout, name: str, base: Path = LAYOUTS_DIR) -> float | None:
    """Width / height of a picture the layout uses (stored in it or a file), or None when it
    cannot be read."""
    if is_stored(name):
        data = layout.stored_images.get(name)
        key = name
    else:
        path = resolve_image(name, base)
        try:
            stat = path.stat()
        except OSError:
            return None
        data, key = None, f"{path}:{stat.st_mtime}:{stat.st_size}"
    if key not in _aspects:
        try:
            if data is None:
                data = resolve_image(name, base).read_bytes()
            _aspects[key] = picture_info(data, name).aspect
        except (ImageFileError, OSError):
            return None
    return _aspects[key]


_aspects: dict[str, float] = {}


def resized_picture(
    element: ImageElement,
    page_mm: tuple[float, float],
    *,
    width: float | None = None,
    height: float | None = None,
    aspect: float | None = None,
) -> ImageElement:
    """The picture with a new width and/or height (millimetres). When it keeps its proportions
    the other side follows (``aspect``: the picture's width / height, else its box's); given
    both, the side that changed more leads, as when dragging a corner. The box stays on the
    page: a size that would leave it is reduced, proportions kept."""
    new_w = element.width if width is None else width
    new_h = element.height if height is None else height
    if element.keep_aspect:
        ratio = aspect or element.width / element.height
        change_w = abs(new_w / element.width - 1) if width is not None else -1.0
        change_h = abs(new_h / element.height - 1) if height is not None else -1.0
        if change_w >= change_h:
            new_h = new_w / ratio
        else:
            new_w = new_h * ratio
    room_w, room_h = page_mm[0] - element.x, page_mm[1] - element.y
    if element.keep_aspect and (new_w > room_w or new_h > room_h):
        factor = min(room_w / new_w, room_h / new_h)
        new_w, new_h = new_w * factor, new_h * factor
    new_w = min(max(round(new_w, 1), 1.0), max(room_w, 1.0))
    new_h = min(max(round(new_h, 1), 1.0), max(room_h, 1.0))
    return replace(element, width=new_w, height=new_h)


_checked_files: dict[tuple[str, float, int], Message | None] = {}


def _image_file_problem(path: Path) -> Message | None:
    """Why the image file cannot be drawn (not a readable PNG/JPEG), or None; remembered by
    modification time, since layouts are parsed whenever the designer lists them."""
    stat = path.stat()
    key = (str(path), stat.st_mtime, stat.st_size)
    if key not in _checked_files:
        try:
            picture_info(path.read_bytes(), path.name)
            _checked_files[key] = None
        except ImageFileError as exc:
            _checked_files[key] = exc.message
        except OSError as exc:
            _checked_files[key] = msg(
                "certificates.image.error.unreadable", file=path.name, detail=exc.strerror or ""
            )
    return _checked_files[key]


def _check_image(
    check: _Checker, where: str, name: str, base: Path, images: Mapping[str, bytes]
) -> None:
    if is_stored(name):
        if name not in images:
            check.add(where, "certificates.layout.error.image_not_stored", image=name[:20] + "…")
        return
    path = resolve_image(name, base)
    if not path.is_file():
        check.add(where, "certificates.layout.error.image_missing", image=name)
        return
    problem = _image_file_problem(path)
    if problem is not None:
        check.add(where, "certificates.layout.error.image_bad", detail=problem)


def _parse_element(
    check: _Checker,
    index: int,
    data: Any,
    base: Path,
    images: Mapping[str, bytes],
    version: int,
) -> Element | None:
    where = f"elements[{index}]"
    if not isinstance(data, dict):
        check.add(where, "certificates.layout.error.object")
        return None
    element_id = data.get("id")
    if not isinstance(element_id, str) or not _ID.match(element_id):
        check.add(f"{where}.id", "certificates.layout.error.id", value=repr(element_id))
        element_id = f"element{index}"
    where = f"{where} ({element_id})"
    kind = data.get("type")
    if kind not in ELEMENT_TYPES:
        check.add(
            f"{where}.type",
            "certificates.layout.error.choice",
            value=repr(kind),
            choices=", ".join(ELEMENT_TYPES),
        )
        return None
    if kind == "line" and version < 2:
        check.add(f"{where}.type", "certificates.layout.error.needs_version", kind=kind, version=2)
    known_fields = {f for f in _FIELDS[kind]}
    for name in data:
        if name not in known_fields:
            check.add(
                f"{where}.{name}",
                "certificates.layout.error.unknown_field",
                known=", ".join(sorted(known_fields)),
            )
    x = check.number(where, data, "x")
    y = check.number(where, data, "y")
    if kind == "qr":
        return QrElement(
            element_id,
            x,
            y,
            size=check.number(where, data, "size", 24, low=8),
            colour=check.colour(where, data, "colour", "#000000") or "#000000",
        )
    if kind == "line":
        width = check.number(where, data, "width", 0)
        height = check.number(where, data, "height", 0)
        if width + height < 1:
            check.add(where, "certificates.layout.error.line_length")
        return LineElement(
            element_id,
            x,
            y,
            width,
            height,
            colour=check.colour(where, data, "colour", "#000000") or "#000000",
            line_width=check.number(where, data, "line_width", 0.8, low=0.1),
        )
    width = check.number(where, data, "width", low=1)
    height = check.number(where, data, "height", low=1)
    if kind == "image":
        image = check.text(where, data, "image")
        if image:
            _check_image(check, f"{where}.image", image, base, images)
        elif isinstance(data.get("image"), str):
            check.add(f"{where}.image", "certificates.layout.error.required")
        keep_aspect = data.get("keep_aspect", True)
        if not isinstance(keep_aspect, bool):
            check.add(
                f"{where}.keep_aspect", "certificates.layout.error.bool", value=repr(keep_aspect)
            )
            keep_aspect = True
        return ImageElement(element_id, image, x, y, width, height, keep_aspect=keep_aspect)
    if kind == "rect":
        return RectElement(
            element_id,
            x,
            y,
            width,
            height,
            stroke=check.colour(where, data, "stroke", "#000000"),
            line_width=check.number(where, data, "line_width", 0.5),
            fill=check.colour(where, data, "fill", None),
            radius=check.number(where, data, "radius", 0),
        )
    text = check.text(where, data, "text")
    _check_template(check, f"{where}.text", text)
    size = check.number(where, data, "size", 16, low=2)
    min_size = check.number(where, data, "min_size", min(6.0, size), low=2)
    if min_size > size:
        check.add(f"{where}.min_size", "certificates.layout.error.min_size", size=size)
    wrap = data.get("wrap", False)
    if not isinstance(wrap, bool):
        check.add(f"{where}.wrap", "certificates.layout.error.bool", value=repr(wrap))
        wrap = False
    return TextElement(
        element_id,
        text,
        x,
        y,
        width,
        height,
        size=size,
        min_size=min_size,
        weight=check.choice(where, data, "weight", WEIGHTS, "regular"),
        colour=check.colour(where, data, "colour", "#000000") or "#000000",
        align=check.choice(where, data, "align", ALIGNMENTS, "center"),
        wrap=wrap,
        line_spacing=check.number(where, data, "line_spacing", 1.35, low=0.8),
        letter_spacing=check.number(where, data, "letter_spacing", 0, low=0),
    )


_COMMON = {"id", "type", "x", "y"}
_FIELDS = {
    "text": _COMMON
    | {
        "text",
        "width",
        "height",
        "size",
        "min_size",
        "weight",
        "colour",
        "align",
        "wrap",
        "line_spacing",
        "letter_spacing",
    },
    "image": _COMMON | {"image", "width", "height", "keep_aspect"},
    "qr": _COMMON | {"size", "colour"},
    "rect": _COMMON | {"width", "height", "stroke", "line_width", "fill", "radius"},
    "line": _COMMON | {"width", "height", "colour", "line_width"},
}
_LAYOUT_FIELDS = ("version", "id", "name", "page", "background", "serial_prefix", "elements")


def parse_layout(
    data: Any,
    origin: str,
    base: Path = LAYOUTS_DIR,
    images: Mapping[str, bytes] | None = None,
) -> Layout:
    """A validated ``Layout`` from parsed JSON, or ``LayoutError`` listing every problem.
    ``images``: the programme's stored images by ``stored:`` reference."""
    check = _Checker()
    images = images or {}
    if not isinstance(data, dict):
        raise LayoutError(origin, [msg("certificates.layout.error.not_object")])
    version = data.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        check.add("version", "certificates.layout.error.version", value=repr(version))
        version = 1
    elif version > LAYOUT_FORMAT_VERSION:
        # A newer program's layout may use what this one cannot draw: refuse, never guess.
        raise LayoutError(
            origin,
            [
                msg(
                    "certificates.layout.error.newer",
                    version=version,
                    supported=LAYOUT_FORMAT_VERSION,
                )
            ],
        )
    layout_id = data.get("id")
    if not isinstance(layout_id, str) or not _ID.match(layout_id):
        check.add("id", "certificates.layout.error.id", value=repr(layout_id))
        layout_id = "layout"
    name = data.get("name", layout_id)
    if isinstance(name, str):
        name = {"zh_CN": name, "en": name}
    if not isinstance(name, dict) or not all(isinstance(v, str) for v in name.values()):
        check.add("name", "certificates.layout.error.name")
        name = {"zh_CN": layout_id, "en": layout_id}
    page = data.get("page", {})
    if not isinstance(page, dict):
        check.add("page", "certificates.layout.error.object")
        page = {}
    page_size = check.choice("page", page, "size", tuple(PAGE_SIZES_MM), "A4")
    orientation = check.choice("page", page, "orientation", ("landscape", "portrait"), "landscape")
    background = data.get("background") or {}
    if not isinstance(background, dict):
        check.add("background", "certificates.layout.error.object")
        background = {}
    image = background.get("image")
    if image is not None:
        if not isinstance(image, str):
            check.add("background.image", "certificates.layout.error.text", value=repr(image))
            image = None
        else:
            _check_image(check, "background.image", image, base, images)
    colour = check.colour("background", background, "colour", None)
    background_fit = check.choice("background", background, "fit", BACKGROUND_FITS, "stretch")
    prefix = data.get("serial_prefix", "QZ")
    if not isinstance(prefix, str) or not re.match(r"^[A-Z0-9]{1,6}$", prefix):
        check.add("serial_prefix", "certificates.layout.error.prefix", value=repr(prefix))
        prefix = "QZ"
    raw_elements = data.get("elements")
    elements: list[Element] = []
    if not isinstance(raw_elements, list) or not raw_elements:
        check.add("elements", "certificates.layout.error.elements")
        raw_elements = []
    seen: set[str] = set()
    width_mm, height_mm = (
        PAGE_SIZES_MM[page_size][::-1] if orientation == "landscape" else PAGE_SIZES_MM[page_size]
    )
    for index, raw in enumerate(raw_elements):
        element = _parse_element(check, index, raw, base, images, version)
        if element is None:
            continue
        if element.id in seen:
            check.add(
                f"elements[{index}].id", "certificates.layout.error.duplicate_id", id=element.id
            )
        seen.add(element.id)
        if (
            element.x + element.width > width_mm + 0.01
            or element.y + element.height > height_mm + 0.01
        ):
            check.add(
                f"elements[{index}] ({element.id})",
                "certificates.layout.error.off_page",
                width=f"{width_mm:g}",
                height=f"{height_mm:g}",
            )
        elements.append(element)
    if sum(isinstance(e, QrElement) for e in elements) > 1:
        check.add("elements", "certificates.layout.error.two_qr")
    for key in data:
        if key not in _LAYOUT_FIELDS:
            check.add(
                key, "certificates.layout.error.unknown_field", known=", ".join(_LAYOUT_FIELDS)
            )
    if check.problems:
        raise LayoutError(origin, check.problems)
    return Layout(
        id=layout_id,
        name=dict(name),
        page_size=page_size,
        orientation=orientation,
        background_image=image,
        background_colour=colour,
        background_fit=background_fit,
        serial_prefix=prefix,
        elements=tuple(elements),
        origin=origin,
        stored_images={
            name: images[name]
            for name in [image, *(e.image for e in elements if isinstance(e, ImageElement))]
            if is_stored(name)
        },
    )


def with_stored_images(layout: Layout, folder: Path) -> Layout:
    """A layout read from ``folder`` whose own pictures (not the built-in ones) are read into
    the layout as stored images: saved in the programme, it no longer needs the files.
    Raises ``ImageFileError`` naming a file that is not a readable PNG/JPEG."""
    mapping: dict[str, str] = {}
    stored = dict(layout.stored_images)
    for name in layout.image_refs():
        if name in mapping or is_stored(name):
            continue
        path = resolve_image(name, folder)
        if path.parent == LAYOUTS_DIR:
            continue  # a built-in picture: every copy of the program has it
        ref, data, _info = read_image_file(path)
        mapping[name] = ref
        stored[ref] = data

    def own(name: str | None) -> str | None:
        return mapping.get(name, name) if name else name

    elements = tuple(
        replace(e, image=own(e.image)) if isinstance(e, ImageElement) else e
        for e in layout.elements
    )
    return replace(
        layout,
        background_image=own(layout.background_image),
        elements=elements,
        stored_images=stored,
    )


def export_layout_files(layout: Layout, target: str | Path) -> list[Path]:
    """The layout as a JSON file, its stored pictures written beside it (``<name>-<hash>.png``)
    so that the folder imports on another laptop. Returns every file written."""
    from outreach.atomic_files import write_bytes_atomic

    target = Path(target)
    names: dict[str, str] = {}
    written: list[Path] = []
    for ref in layout.image_refs():
        if not is_stored(ref) or ref in names or ref not in layout.stored_images:
            continue
        data = layout.stored_images[ref]
        extension = IMAGE_FORMATS[picture_info(data, ref).format]
        name = f"{target.stem}-{ref[len(STORED_PREFIX) :][:12]}.{extension}"
        write_bytes_atomic(target.with_name(name), data)
        written.append(target.with_name(name))
        names[ref] = name

    def relative(name: str | None) -> str | None:
        return names.get(name, name) if name else name

    portable = replace(
        layout,
        background_image=relative(layout.background_image),
        elements=tuple(
            replace(e, image=relative(e.image)) if isinstance(e, ImageElement) else e
            for e in layout.elements
        ),
    )
    write_bytes_atomic(target, layout_to_json(portable).encode("utf-8"))
    return [target, *written]


def parse_layout_text(
    text: str,
    origin: str,
    base: Path = LAYOUTS_DIR,
    images: Mapping[str, bytes] | None = None,
) -> Layout:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LayoutError(
            origin,
            [
                msg(
                    "certificates.layout.error.json",
                    line=exc.lineno,
                    column=exc.colno,
                    detail=exc.msg,
                )
            ],
        ) from exc
    return parse_layout(data, origin, base, images)


def load_layout_file(path: str | Path) -> Layout:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise LayoutError(
            path.name, [msg("certificates.layout.error.read", detail=str(exc))]
        ) from exc
    return parse_layout_text(text, path.name, path.parent)


def builtin_layouts() -> list[Layout]:
    return [load_layout_file(path) for path in sorted(LAYOUTS_DIR.glob("*.json"))]


def layout_to_data(layout: Layout) -> dict[str, Any]:
    """The JSON form of a layout (what the designer saves)."""
    elements = []
    for element in layout.elements:
        data = asdict(element)
        default = type(element)(**{k: data[k] for k in _required(element)})
        # Keep files short: only fields that differ from the defaults, plus the required ones.
        compact = {
            k: v
            for k, v in data.items()
            if k in _required(element) or k == "type" or getattr(default, k) != v
        }
        compact = {"id": compact.pop("id"), "type": compact.pop("type"), **compact}
        elements.append(compact)
    data: dict[str, Any] = {
        "version": format_version(layout),
        "id": layout.id,
        "name": layout.name,
        "page": {"size": layout.page_size, "orientation": layout.orientation},
    }
    background = {}
    if layout.background_image:
        background["image"] = layout.background_image
    if layout.background_colour:
        background["colour"] = layout.background_colour
    if layout.background_image and layout.background_fit != "stretch":
        background["fit"] = layout.background_fit
    if background:
        data["background"] = background
    data["serial_prefix"] = layout.serial_prefix
    data["elements"] = elements
    return data


def format_version(layout: Layout) -> int:
    """The lowest format version that holds the layout (older programs read what they can)."""
    stretched = any(isinstance(e, ImageElement) and not e.keep_aspect for e in layout.elements)
    if stretched or (layout.background_image and layout.background_fit != "stretch"):
        return 3
    return 2


def _required(element: Element) -> tuple[str, ...]:
    if isinstance(element, TextElement):
        return ("id", "text", "x", "y", "width", "height")
    if isinstance(element, ImageElement):
        return ("id", "image", "x", "y", "width", "height")
    if isinstance(element, QrElement):
        return ("id", "x", "y")
    return ("id", "x", "y", "width", "height")  # rect, line


def layout_to_json(layout: Layout) -> str:
    return json.dumps(layout_to_data(layout), ensure_ascii=False, indent=1)


# -- filling in ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificatePage:
    """One recipient's page: placeholder values and the QR payload."""

    values: dict[str, str]
    qr_payload: str = ""
    file_stem: str = ""  # for one-PDF-per-person output
    layout: Layout | None = None  # this page's own layout in a mixed batch

    @property
    def owner(self) -> str:
        return self.values.get("name", "")


def fill(template: str, values: dict[str, str]) -> str:
    return template.format_map(_Blank(values))


class _Blank(dict):
    def __init__(self, values: dict[str, str]) -> None:
        super().__init__(values)

    def __missing__(self, key: str) -> str:
        return ""


def page_texts(layout: Layout, pages: Iterable[CertificatePage]) -> list[tuple[str, str]]:
    """(owner, text) for every string a batch will print: what the font doctor checks."""
    texts: list[tuple[str, str]] = []
    static = [e for e in layout.texts() if not template_fields(e.text)]
    dynamic = [e for e in layout.texts() if template_fields(e.text)]
    for element in static:
        texts.append((element.text, element.text))
    for page in pages:
        for element in dynamic:
            texts.append((page.owner or element.id, fill(element.text, page.values)))
    return texts


# -- rendering -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RenderFonts:
    regular: str
    bold: str


@dataclass
class RenderResult:
    target: Path | None
    pages: int
    split_files: list[Path] = field(default_factory=list)
    # (owner, element id) of texts too long for their box even at the element's smallest size:
    # they run past the box (over the next element, or off the page), so they are reported
    overflowing: list[tuple[str, str]] = field(default_factory=list)


def qr_rectangles(matrix: Sequence[Sequence[int]]) -> list[tuple[int, int, int, int]]:
    """Dark modules merged into rectangles (x, y, w, h in modules, y downwards).

    Runs of dark modules in a row become one rectangle, and identical runs in consecutive rows
    merge downwards: a version-2 code needs ~150 rectangles instead of ~300 squares.
    """
    open_runs: dict[tuple[int, int], list[int]] = {}  # (x, w) -> [y, h]
    done: list[tuple[int, int, int, int]] = []
    for y, row in enumerate(matrix):
        runs = []
        x = 0
        n = len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                runs.append((start, x - start))
            else:
                x += 1
        current = set(runs)
        for key in list(open_runs):
            if key not in current:
                ry, rh = open_runs.pop(key)
                done.append((key[0], ry, key[1], rh))
        for key in runs:
            if key in open_runs:
                open_runs[key][1] += 1
            else:
                open_runs[key] = [y, 1]
    for key, (ry, rh) in open_runs.items():
        done.append((key[0], ry, key[1], rh))
    return done


def _hex(colour: str):
    from reportlab.lib.colors import HexColor

    return HexColor(colour)


class CertificateRenderer:
    """Draws pages of one layout on ReportLab canvases. Font metrics and colours are looked up
    once per batch; images are embedded once per PDF (ReportLab reuses the XObject)."""

    QUIET_ZONE = 2  # modules of white around the QR code

    def __init__(
        self,
        layout: Layout,
        fonts: RenderFonts,
        base: Path = LAYOUTS_DIR,
        constant: frozenset[str] = frozenset(),
    ) -> None:
        """``constant``: placeholders with the same value on every page of this batch (the
        event, the date, the organiser): texts using only those are drawn once, like the
        title."""
        from reportlab.pdfbase.pdfmetrics import getFont

        self.layout = layout
        self.constant = constant
        self.fonts = fonts
        self._too_long: dict[tuple[TextElement, str], bool] = {}
        self.overflowing: list[tuple[str, str]] = []
        self.base = base
        self.width_pt = layout.page_mm[0] * MM
        self.height_pt = layout.page_mm[1] * MM
        self._faces = {}
        for weight, name in (("regular", fonts.regular), ("bold", fonts.bold)):
            font = getFont(name)
            self._faces[weight] = (name, font.stringWidth, font.face.ascent, font.face.descent)
        self._colours = {}
        self._pictures: dict = {}
        self._placed: dict = {}
        self._run_list = self._runs()

    def colour(self, value: str):
        if value not in self._colours:
            self._colours[value] = _hex(value)
        return self._colours[value]

    def page_size(self) -> tuple[float, float]:
        return self.width_pt, self.height_pt

    def _static(self, element: Element) -> bool:
        if isinstance(element, QrElement):
            return False
        if isinstance(element, TextElement):
            return set(template_fields(element.text)) <= self.constant
        return True

    def _runs(self) -> list[tuple[bool, list[Element | None]]]:
        """Elements in drawing order, grouped into runs of static ones (drawn once per PDF as a
        form and reused on every page) and single dynamic ones. ``None`` is the background."""
        runs: list[tuple[bool, list[Element | None]]] = [(True, [None])]
        for element in self.layout.elements:
            static = self._static(element)
            if static and runs[-1][0]:
                runs[-1][1].append(element)
            else:
                runs.append((static, [element]))
        return runs

    def draw(self, canvas, page: CertificatePage) -> None:
        forms = getattr(canvas, "_certificate_forms", None)
        if forms is None:
            forms = canvas._certificate_forms = set()
        for index, (static, elements) in enumerate(self._run_list):
            if not static:
                self._element(canvas, elements[0], page)
                continue
            name = f"Static_{self.layout.id}_{index}"
            if name not in forms:
                canvas.beginForm(name)
                for element in elements:
                    self._element(canvas, element, page)
                canvas.endForm()
                forms.add(name)
            canvas.doForm(name)

    def _element(self, canvas, element: Element | None, page: CertificatePage) -> None:
        if element is None:
            self._background(canvas)
        elif isinstance(element, TextElement):
            text = fill(element.text, page.values)
            self._text(canvas, element, text)
            if self._too_long.get((element, text)):
                self.overflowing.append((page.owner, element.id))
        elif isinstance(element, QrElement):
            self._qr(canvas, element, page.qr_payload)
        elif isinstance(element, ImageElement):
            canvas.drawImage(
                self._picture(element.image),
                element.x * MM,
                self.height_pt - (element.y + element.height) * MM,
                element.width * MM,
                element.height * MM,
                mask="auto",
                preserveAspectRatio=element.keep_aspect,
            )
        elif isinstance(element, RectElement):
            self._rect(canvas, element)
        elif isinstance(element, LineElement):
            canvas.setStrokeColor(self.colour(element.colour))
            canvas.setLineWidth(element.line_width)
            canvas.line(
                element.x * MM,
                self.height_pt - element.y * MM,
                (element.x + element.width) * MM,
                self.height_pt - (element.y + element.height) * MM,
            )

    def _picture(self, name: str):
        """A file name for ReportLab, or an ImageReader over the programme's stored bytes."""
        if not is_stored(name):
            return str(resolve_image(name, self.base))
        if name not in self._pictures:
            import io

            from reportlab.lib.utils import ImageReader

            self._pictures[name] = ImageReader(io.BytesIO(self.layout.stored_images[name]))
        return self._pictures[name]

    def _background(self, canvas) -> None:
        layout = self.layout
        if layout.background_colour:
            canvas.setFillColor(self.colour(layout.background_colour))
            canvas.rect(0, 0, self.width_pt, self.height_pt, stroke=0, fill=1)
        if not layout.background_image:
            return
        picture = self._picture(layout.background_image)
        x, y, width, height = 0.0, 0.0, self.width_pt, self.height_pt
        if layout.background_fit != "stretch":
            from reportlab.lib.utils import ImageReader

            reader = picture if isinstance(picture, ImageReader) else ImageReader(picture)
            px_w, px_h = reader.getSize()
            pick = max if layout.background_fit == "cover" else min
            scale = pick(self.width_pt / px_w, self.height_pt / px_h)
            width, height = px_w * scale, px_h * scale
            x, y = (self.width_pt - width) / 2, (self.height_pt - height) / 2
        if layout.background_fit != "cover":
            canvas.drawImage(picture, x, y, width, height, mask="auto")
            return
        canvas.saveState()  # the overflow is cut off at the page's edge
        clip = canvas.beginPath()
        clip.rect(0, 0, self.width_pt, self.height_pt)
        canvas.clipPath(clip, stroke=0, fill=0)
        canvas.drawImage(picture, x, y, width, height, mask="auto")
        canvas.restoreState()

    def _rect(self, canvas, element: RectElement) -> None:
        x = element.x * MM
        y = self.height_pt - (element.y + element.height) * MM
        if element.fill:
            canvas.setFillColor(self.colour(element.fill))
        if element.stroke:
            canvas.setStrokeColor(self.colour(element.stroke))
            canvas.setLineWidth(element.line_width)
        args = (x, y, element.width * MM, element.height * MM)
        stroke, fill_ = int(bool(element.stroke)), int(bool(element.fill))
        if element.radius:
            canvas.roundRect(*args, element.radius * MM, stroke=stroke, fill=fill_)
        else:
            canvas.rect(*args, stroke=stroke, fill=fill_)

    def fitted_lines(self, element: TextElement, text: str) -> tuple[float, list[str]]:
        """The font size and the lines: the largest size ≤ ``size`` at which the text fits."""
        _name, width_of, _asc, _desc = self._faces[element.weight]
        box_w = element.width * MM
        box_h = element.height * MM
        size = element.size
        spacing = element.letter_spacing

        def line_width(line: str, at: float) -> float:
            return width_of(line, at) + spacing * max(len(line) - 1, 0)

        if not element.wrap:
            lines = text.split("\n")
            widest = max((line_width(line, size) for line in lines), default=0)
            if widest > box_w:
                size = max(element.min_size, size * box_w / widest)
            # Several explicit lines must also fit the box's height.
            if len(lines) > 1 and len(lines) * size * element.line_spacing > box_h:
                size = max(element.min_size, box_h / (len(lines) * element.line_spacing))
            return size, lines
        while True:
            lines = wrap_text(text, lambda s, at=size: line_width(s, at), box_w)
            if len(lines) * size * element.line_spacing <= box_h or size <= element.min_size:
                return size, lines
            size = max(element.min_size, size - 0.5)

    def placed_lines(
        self, element: TextElement, text: str
    ) -> tuple[str, float, list[tuple[float, float, str]]]:
        """Font name, size and (x, baseline, line) for each line; cached, since most texts
        (the title, the closing words, the date) are the same on every page of a batch."""
        key = (element, text)
        placed = self._placed.get(key)
        if placed is not None:
            return placed
        name, width_of, ascent, descent = self._faces[element.weight]
        size, lines = self.fitted_lines(element, text)
        leading = size * element.line_spacing
        spacing = element.letter_spacing
        widths = [width_of(line, size) + spacing * max(len(line) - 1, 0) for line in lines]
        if len(self._too_long) < 4096:
            self._too_long[key] = max(widths) > element.width * MM + 0.5 or (
                (element.wrap or len(lines) > 1)
                and len(lines) * leading > element.height * MM + 0.5
            )
        box_top = self.height_pt - element.y * MM
        box_h = element.height * MM
        block = leading * (len(lines) - 1) + size * (ascent - descent) / 1000
        # Centre the block vertically; the first baseline sits one ascent below its top.
        first_baseline = box_top - (box_h - block) / 2 - size * ascent / 1000
        left = element.x * MM
        right = left + element.width * MM
        result = []
        for i, (line, width) in enumerate(zip(lines, widths, strict=True)):
            result.append(
                (_aligned_x(element.align, left, right, width), first_baseline - i * leading, line)
            )
        placed = (name, size, result)
        if len(self._placed) < 4096:
            self._placed[key] = placed
        return placed

    def _text(self, canvas, element: TextElement, text: str) -> None:
        if not text.strip():
            return
        name, size, lines = self.placed_lines(element, text)
        canvas.setFillColor(self.colour(element.colour))
        canvas.setFont(name, size)
        for x, baseline, line in lines:
            # drawString resets the character spacing after itself.
            canvas.drawString(x, baseline, line, charSpace=element.letter_spacing)

    def _qr(self, canvas, element: QrElement, payload: str) -> None:
        if not payload:
            return
        from outreach.printing.qr_codes import qr_matrix

        matrix = qr_matrix(payload)
        modules = len(matrix) + 2 * self.QUIET_ZONE
        module = element.size * MM / modules
        left = element.x * MM
        top = self.height_pt - element.y * MM
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(left, top - element.size * MM, element.size * MM, element.size * MM, 0, 1)
        canvas.setFillColor(self.colour(element.colour))
        # Draw in module units (y downwards) so each rectangle is four small integers: one
        # "re" per merged run, written straight into the page stream. ReportLab's path.rect
        # formats floats in pure Python and was 2.6 s per 1,000 codes.
        canvas.saveState()
        offset = self.QUIET_ZONE
        canvas.transform(module, 0, 0, -module, left + offset * module, top - offset * module)
        operators = [f"{x} {y} {w} {h} re" for x, y, w, h in qr_rectangles(matrix)]
        canvas._code.append(" ".join(operators) + " f")
        canvas.restoreState()


def _aligned_x(align: str, left: float, right: float, width: float) -> float:
    if align == "center":
        return (left + right - width) / 2
    if align == "right":
        return right - width
    return left


def _binary_streams() -> None:
    """Compressed streams without the ASCII85 wrapper: a third smaller, and ReportLab 4
    without its optional C accelerator spends most of a batch ASCII85-encoding (ReportLab's
    own setting, so every PDF of the process is written the same way)."""
    from reportlab import rl_config

    rl_config.useA85 = 0


def _new_canvas(path: Path, renderer: CertificateRenderer, title: str):
    from reportlab.pdfgen.canvas import Canvas

    _binary_streams()
    canvas = Canvas(
        str(path),
        pagesize=renderer.page_size(),
        invariant=1,
        pageCompression=1,
        # Otherwise the page resources name Helvetica, a font the PDF does not embed.
        initialFontName=renderer.fonts.regular,
    )
    canvas.setTitle(title)
    canvas.setAuthor("Outreach Desk")
    return canvas


def render_certificates(
    target: str | Path | None,
    layout: Layout,
    pages: Sequence[CertificatePage],
    fonts: RenderFonts,
    *,
    split_dir: str | Path | None = None,
    title: str = "",
    progress: Progress = NO_PROGRESS,
    base: Path = LAYOUTS_DIR,
) -> RenderResult:
    """One PDF with a page per recipient (``target``), and/or one PDF per person in
    ``split_dir`` with Windows-safe names. Files are written atomically; on ``Cancelled``
    the split files written so far are removed and the target is left untouched."""
    constant = frozenset(
        key
        for key in PLACEHOLDERS
        if len({page.values.get(key, "") for page in pages}) <= 1 and len(pages) > 1
    )
    renderers = {layout.id: CertificateRenderer(layout, fonts, base, constant)}

    def renderer_for(page: CertificatePage) -> CertificateRenderer:
        own = page.layout or layout
        if own.id not in renderers:
            renderers[own.id] = CertificateRenderer(own, fonts, base, constant)
        return renderers[own.id]

    def draw(canvas, page: CertificatePage) -> None:
        renderer = renderer_for(page)
        canvas.setPageSize(renderer.page_size())  # a mixed batch changes size per page
        renderer.draw(canvas, page)
        canvas.showPage()

    title = title or layout.title()
    total = len(pages) * ((1 if target else 0) + (1 if split_dir else 0))
    done = 0
    written: list[Path] = []
    result = RenderResult(Path(target) if target else None, len(pages))
    try:
        if target:
            with atomic_path(target) as tmp:
                canvas = _new_canvas(tmp, renderers[layout.id], title)
                for page in pages:
                    progress.step(done, total, page.owner)
                    draw(canvas, page)
                    done += 1
                canvas.save()
        if split_dir:
            folder = Path(split_dir)
            folder.mkdir(parents=True, exist_ok=True)
            used: set[str] = set()
            for page in pages:
                progress.step(done, total, page.owner)
                name = unique_file_name(page.file_stem or page.owner or "certificate", used)
                path = folder / f"{name}.pdf"
                with atomic_path(path) as tmp:
                    canvas = _new_canvas(tmp, renderer_for(page), f"{title} {page.owner}")
                    draw(canvas, page)
                    canvas.save()
                written.append(path)
                done += 1
        progress.step(done, max(total, done), "")
        seen: set[tuple[str, str]] = set()
        for renderer in renderers.values():
            for item in renderer.overflowing:
                if item not in seen:
                    seen.add(item)
                    result.overflowing.append(item)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    result.split_files = written
    return result


def render_page_bytes(layout: Layout, page: CertificatePage, fonts: RenderFonts) -> bytes:
    """A one-page PDF in memory (the designer's preview)."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    renderer = CertificateRenderer(layout, fonts)
    _binary_streams()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer, pagesize=renderer.page_size(), invariant=1, initialFontName=fonts.regular
    )
    renderer.draw(canvas, page)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


# -- file names safe on Windows --------------------------------------------------------------
_WINDOWS_RESERVED = (
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{i}" for i in range(1, 10)}
    | {f"LPT{i}" for i in range(1, 10)}
)
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def safe_file_name(text: str, limit: int = 80) -> str:
    """A file name (without extension) that Windows, macOS and Linux all accept."""
    name = _UNSAFE.sub("_", text).strip().rstrip(". ")
    name = re.sub(r"\s+", " ", name)[:limit].rstrip(". ")
    if not name:
        name = "_"
    if name.split(".")[0].upper() in _WINDOWS_RESERVED:
        name = f"_{name}"
    return name


def unique_file_name(text: str, used: set[str]) -> str:
    """``safe_file_name`` made unique among ``used`` (compared case-insensitively, as on
    Windows); adds it to ``used``."""
    base = safe_file_name(text)
    name, n = base, 2
    while name.lower() in used:
        name = f"{base} ({n})"
        n += 1
    used.add(name.lower())
    return name
