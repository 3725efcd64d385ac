"""QR code matrices for certificate serials, fast.

A certificate's QR code carries ``SERIAL CODE`` (``2026-QZ-0001 K7QX2M``): upper-case letters,
digits, ``-`` and a space, which fit QR's alphanumeric mode in a version 1 or 2 symbol. segno is
general and pure Python (about 1 ms a code here, most of a 1,000-certificate batch); this
module encodes just that case (versions 1–2, error correction level M, mask 0, one block) in a
few dozen microseconds, and hands anything else to segno. The tests compare its matrices with
segno's, module for module.
"""

from __future__ import annotations

from functools import cache

ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUE = {ch: i for i, ch in enumerate(ALPHANUMERIC)}
# version -> (data codewords, error-correction codewords) at level M, a single block.
_CAPACITY = {1: (16, 10), 2: (28, 16)}
_FORMAT_M_MASK0 = 0x5412  # level M (00), mask 0 (000), BCH-coded and XOR-masked

_EXP = [0] * 512
_LOG = [0] * 256
_value = 1
for _i in range(255):
    _EXP[_i] = _value
    _LOG[_value] = _i
    _value <<= 1
    if _value & 0x100:
        _value ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


def _multiply(a: int, b: int) -> int:
    if a == 0 or b == 0:
        return 0
    return _EXP[_LOG[a] + _LOG[b]]


@cache
def _divisor(degree: int) -> tuple[int, ...]:
    result = [0] * (degree - 1) + [1]
    root = 1
    for _ in range(degree):
        for j in range(degree):
            result[j] = _multiply(result[j], root)
            if j + 1 < degree:
                result[j] ^= result[j + 1]
        root = _multiply(root, 2)
    return tuple(result)


def _remainder(data: list[int], degree: int) -> list[int]:
    divisor = _divisor(degree)
    result = [0] * degree
    for byte in data:
        factor = byte ^ result.pop(0)
        result.append(0)
        if factor:
            log_factor = _LOG[factor]
            for i, coefficient in enumerate(divisor):
                if coefficient:
                    result[i] ^= _EXP[_LOG[coefficient] + log_factor]
    return result


def _codewords(text: str, version: int) -> list[int] | None:
    data_count, ec_count = _CAPACITY[version]
    bits: list[int] = []

    def put(value: int, length: int) -> None:
        bits.extend((value >> (length - 1 - i)) & 1 for i in range(length))

    put(0b0010, 4)  # alphanumeric mode
    put(len(text), 9)
    for i in range(0, len(text) - 1, 2):
        put(_VALUE[text[i]] * 45 + _VALUE[text[i + 1]], 11)
    if len(text) % 2:
        put(_VALUE[text[-1]], 6)
    capacity = data_count * 8
    if len(bits) > capacity:
        return None
    put(0, min(4, capacity - len(bits)))
    put(0, (-len(bits)) % 8)
    data = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits), 8)]
    pad = 0xEC
    while len(data) < data_count:
        data.append(pad)
        pad ^= 0xEC ^ 0x11
    return data + _remainder(data, ec_count)


@cache
def _template(version: int) -> tuple[tuple[bytearray, ...], tuple[bytearray, ...], list]:
    """Function patterns (finders, timing, alignment, format, dark module) and the order in
    which data bits fill the remaining modules."""
    size = 17 + 4 * version
    modules = [bytearray(size) for _ in range(size)]
    function = [bytearray(size) for _ in range(size)]

    def put(x: int, y: int, dark: bool) -> None:
        modules[y][x] = 1 if dark else 0
        function[y][x] = 1

    for i in range(size):
        put(6, i, i % 2 == 0)
        put(i, 6, i % 2 == 0)
    for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                x, y = cx + dx, cy + dy
                if 0 <= x < size and 0 <= y < size:
                    put(x, y, max(abs(dx), abs(dy)) not in (2, 4))
    if version == 2:
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                put(18 + dx, 18 + dy, max(abs(dx), abs(dy)) != 1)
    bits = _FORMAT_M_MASK0
    for i in range(6):
        put(8, i, (bits >> i) & 1)
    put(8, 7, (bits >> 6) & 1)
    put(8, 8, (bits >> 7) & 1)
    put(7, 8, (bits >> 8) & 1)
    for i in range(9, 15):
        put(14 - i, 8, (bits >> i) & 1)
    for i in range(8):
        put(size - 1 - i, 8, (bits >> i) & 1)
    for i in range(8, 15):
        put(8, size - 15 + i, (bits >> i) & 1)
    put(8, size - 8, True)  # the dark module
    order = []
    right = size - 1
    while right >= 1:
        if right == 6:
            right = 5
        upward = ((right + 1) & 2) == 0
        for vertical in range(size):
            y = size - 1 - vertical if upward else vertical
            for j in range(2):
                x = right - j
                if not function[y][x]:
                    order.append((y, x, (x + y) % 2 == 0))  # mask 0 flips these
        right -= 2
    return tuple(modules), tuple(function), order


def fast_matrix(text: str) -> tuple[bytearray, ...] | None:
    """The QR matrix (rows of 0/1, dark = 1, no quiet zone) for ``text`` when it is short
    alphanumeric text, else None."""
    if not text or any(ch not in _VALUE for ch in text):
        return None
    for version in (1, 2):
        codewords = _codewords(text, version)
        if codewords is None:
            continue
        base, _function, order = _template(version)
        modules = [bytearray(row) for row in base]
        for index, (y, x, flip) in enumerate(order):
            bit = 0
            if index < len(codewords) * 8:
                bit = (codewords[index >> 3] >> (7 - (index & 7))) & 1
            modules[y][x] = bit ^ flip
        return tuple(modules)
    return None


def qr_matrix(text: str) -> tuple[bytearray, ...]:
    """Rows of 0/1 (dark = 1) for any text: the fast path when it applies, segno otherwise."""
    matrix = fast_matrix(text)
    if matrix is not None:
        return matrix
    import segno

    # A fixed mask skips segno's evaluation of all eight; every mask is valid.
    return tuple(segno.make(text, error="m", micro=False, mask=0, boost_error=False).matrix)
