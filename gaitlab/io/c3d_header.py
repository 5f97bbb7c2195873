"""Pure-Python safety check of a C3D file before ezc3d reads it.

ezc3d is C++: on a corrupted or truncated file it may raise, return fewer
frames than the file declares, allocate huge arrays or even crash the
process. :func:`check_c3d_layout` therefore walks the 512-byte header and the
parameter section with bounds checks on every pointer and length, and checks
that the data section the parameters describe fits in the file, so that a
broken file is refused with a :class:`~gaitlab.errors.C3DReadError` before
any C++ code touches it.

The layout follows the C3D specification (C3D.org, "The C3D File Format
User Guide", Motion Lab Systems 2008): a header block, a parameter section
starting at block ``header[0]`` whose fourth byte names the processor type
(84 Intel, 85 DEC, 86 SGI/MIPS), then 3-D point and analog frames starting at
block ``POINT:DATA_START``.
"""

from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from pathlib import Path

from gaitlab.errors import C3DReadError

__all__ = ["C3DLayout", "check_c3d_layout", "looks_like_c3d", "C3D_KEY_BYTE"]

#: Second byte of every C3D file (the "key" 0x50 of the header).
C3D_KEY_BYTE = 0x50
BLOCK_BYTES = 512
PROCESSOR_INTEL, PROCESSOR_DEC, PROCESSOR_MIPS = 84, 85, 86
#: Most dimensions a C3D parameter may have (C3D user guide: 0-7).
MAX_DIMENSIONS = 7
#: Numeric parameters that ezc3d indexes without checking, and how many values
#: they must then hold (an empty POINT:FRAMES made ezc3d crash in fuzzing).
_MIN_VALUES = {
    ("POINT", "USED"): 1,
    ("POINT", "FRAMES"): 1,
    ("POINT", "SCALE"): 1,
    ("POINT", "RATE"): 1,
    ("POINT", "DATA_START"): 1,
    ("ANALOG", "USED"): 1,
    ("ANALOG", "RATE"): 1,
    ("ANALOG", "GEN_SCALE"): 1,
    ("FORCE_PLATFORM", "USED"): 1,
    ("FORCE_PLATFORM", "ZERO"): 2,
    ("EVENT", "USED"): 1,
    ("TRIAL", "ACTUAL_START_FIELD"): 2,
    ("TRIAL", "ACTUAL_END_FIELD"): 2,
}
#: Parameter data types by their C3D code: (struct format, bytes per value).
_PARAMETER_TYPES = {-1: ("s", 1), 1: ("b", 1), 2: ("h", 2), 4: ("f", 4)}


def looks_like_c3d(head: bytes) -> bool:
    """Return True when ``head`` (the first bytes of a file) starts like a C3D file.

    The header's first byte points to the parameter block (>= 2) and the
    second byte is the C3D key ``0x50``.
    """
    return len(head) >= 2 and head[1] == C3D_KEY_BYTE and head[0] >= 2


@dataclass(frozen=True)
class C3DLayout:
    """What the header and parameter section say about the data section.

    Attributes
    ----------
    processor
        ``"intel"`` or ``"dec"`` (SGI/MIPS files are refused).
    n_points
        3-D points per frame (``POINT:USED``).
    n_analog_measurements
        Analog values per point frame (channels x samples per frame).
    n_frames
        Frames the file declares (``POINT:FRAMES`` or the header range).
    float_data
        True when the data are 32-bit floats (``POINT:SCALE`` < 0).
    data_start_byte
        Offset of the first data frame.
    plate_problem
        Why ezc3d must not extract the force plates (inconsistent
        ``FORCE_PLATFORM`` parameters), or ``""`` when it may.
    """

    processor: str
    n_points: int
    n_analog_measurements: int
    n_frames: int
    float_data: bool
    data_start_byte: int
    plate_problem: str = ""

    @property
    def frame_bytes(self) -> int:
        """Bytes per data frame (points x 4 words + analog measurements)."""
        return (4 * self.n_points + self.n_analog_measurements) * (4 if self.float_data else 2)


def _dec_float(raw: bytes) -> float:
    """Decode a 4-byte DEC (VAX F) float as stored in C3D files."""
    swapped = raw[2:4] + raw[0:2]
    return float(struct.unpack("<f", swapped)[0]) / 4.0


class _Walker:
    """Bounds-checked reader over the bytes of one C3D file."""

    def __init__(self, path: Path, data: bytes, processor: int) -> None:
        self.path = path
        self.data = data
        self.processor = processor
        self.endian = ">" if processor == PROCESSOR_MIPS else "<"

    def fail(self, problem: str) -> C3DReadError:
        return C3DReadError(self.path, f"corrupted parameter section: {problem}")

    def take(self, offset: int, size: int, what: str) -> bytes:
        if offset < 0 or offset + size > len(self.data):
            raise self.fail(
                f"the file ends inside the {what} (needs byte {offset + size}, "
                f"file has {len(self.data)}); the file is truncated"
            )
        return self.data[offset : offset + size]

    def int8(self, offset: int, what: str) -> int:
        return int(struct.unpack("b", self.take(offset, 1, what))[0])

    def uint8(self, offset: int, what: str) -> int:
        return self.take(offset, 1, what)[0]

    def int16(self, offset: int, what: str) -> int:
        return int(struct.unpack(self.endian + "h", self.take(offset, 2, what))[0])

    def values(self, offset: int, code: int, count: int, what: str) -> tuple[float, ...]:
        fmt, size = _PARAMETER_TYPES[code]
        raw = self.take(offset, count * size, what)
        if code == -1:
            return ()
        if code == 4 and self.processor == PROCESSOR_DEC:
            return tuple(_dec_float(raw[i : i + 4]) for i in range(0, len(raw), 4))
        return tuple(float(v) for v in struct.unpack(f"{self.endian}{count}{fmt}", raw))


def _walk_parameters(
    walker: _Walker, section_start: int, section_end: int
) -> dict[tuple[str, str], tuple[float, ...]]:
    """Walk every group and parameter entry; return ``(GROUP, NAME) -> numeric values``.

    Character parameters map to an empty tuple.
    """
    groups: dict[int, str] = {}
    pending: list[tuple[int, str, tuple[float, ...]]] = []
    position = section_start + 4
    for _ in range(100_000):
        n_chars = abs(walker.int8(position, "parameter section"))
        if n_chars == 0:
            break
        entry_id = walker.int8(position + 1, "parameter section")
        name_raw = walker.take(position + 2, n_chars, "parameter names")
        # As stored: ezc3d looks names up case-sensitively, so a required parameter
        # whose name lost its case (``OFFSEt``) is missing for it (fuzzing: segfault).
        name = name_raw.decode("latin-1")
        offset_at = position + 2 + n_chars
        next_offset = walker.int16(offset_at, "parameter section")
        cursor = offset_at + 2
        if entry_id == -128:  # int8 -128 has no positive twin: not a valid group id
            raise walker.fail(f"group {name} has the id 128, outside 1-127")
        if entry_id < 0:
            if -entry_id in groups:
                raise walker.fail(f"groups {groups[-entry_id]} and {name} share the id {-entry_id}")
            groups[-entry_id] = name
        elif entry_id > 0:
            code = walker.int8(cursor, f"parameter {name}")
            if code not in _PARAMETER_TYPES:
                raise walker.fail(f"parameter {name} has data type {code}, expected -1, 1, 2 or 4")
            n_dims = walker.uint8(cursor + 1, f"parameter {name}")
            if n_dims > MAX_DIMENSIONS:
                raise walker.fail(
                    f"parameter {name} has {n_dims} dimensions, the C3D format allows "
                    f"at most {MAX_DIMENSIONS}"
                )
            if code == -1 and n_dims == 0:
                raise walker.fail(f"character parameter {name} has no dimensions")
            dims = walker.take(cursor + 2, n_dims, f"parameter {name}")
            count = math.prod(dims) if n_dims else 1
            cursor += 2 + n_dims
            values = walker.values(cursor, code, count, f"parameter {name}")
            cursor += count * _PARAMETER_TYPES[code][1]
            pending.append((entry_id, name, values))
        else:
            raise walker.fail(f"entry {name!r} has group id 0")
        description_length = walker.int8(cursor, f"description of {name}")
        if description_length < 0:  # ezc3d reads a signed byte (fuzzing: 0xFF segfaulted)
            raise walker.fail(
                f"entry {name!r} has a description length byte of {description_length + 256}, "
                "expected 0-127"
            )
        cursor += 1 + description_length
        if cursor > section_end:
            raise walker.fail(
                f"parameter {name} runs past the end of the parameter section "
                f"(byte {cursor} > {section_end})"
            )
        if next_offset == 0:
            break
        following = offset_at + next_offset
        if following < cursor or following > section_end:
            raise walker.fail(
                f"parameter {name} points to the next entry at byte {following}, outside "
                f"the parameter section [{cursor}, {section_end}]"
            )
        position = following
    else:
        raise walker.fail("more than 100000 entries")
    found: dict[tuple[str, str], tuple[float, ...]] = {}
    for group_id, name, values in pending:
        found.setdefault((groups.get(group_id, ""), name), values)
    return found


def _first(values: dict[tuple[str, str], tuple[float, ...]], key: tuple[str, str]) -> float | None:
    found = values.get(key, ())
    return found[0] if found else None


def _check_analogs(
    path: Path, values: dict[tuple[str, str], tuple[float, ...]], header: tuple[int, ...]
) -> int:
    """Check the analog parameters ezc3d indexes per channel; return the channel count."""
    per_frame = header[9]
    used = _first(values, ("ANALOG", "USED"))
    n_channels = int(used) if used is not None else (header[2] // per_frame if per_frame else 0)
    if n_channels < 0:
        raise C3DReadError(path, f"ANALOG:USED is {n_channels} (negative)")
    if n_channels and per_frame and n_channels * per_frame != header[2]:
        raise C3DReadError(
            path,
            f"ANALOG:USED ({n_channels}) x {per_frame} samples per frame does not match "
            f"the header's {header[2]} analog values per frame; the file is inconsistent",
        )
    if n_channels and header[2]:
        _check_analog_rate(path, values, header[2] // n_channels)
        for name in ("SCALE", "OFFSET"):
            count = len(values.get(("ANALOG", name), ()))
            if count < n_channels:
                raise C3DReadError(
                    path,
                    f"ANALOG:{name} has {count} values for {n_channels} analog channels; "
                    "the parameter section is incomplete or corrupted",
                )
    return n_channels if header[2] else 0


def _check_analog_rate(
    path: Path, values: dict[tuple[str, str], tuple[float, ...]], samples_per_frame: int
) -> None:
    """Check that ANALOG:RATE / POINT:RATE is the header's analog samples per frame.

    ezc3d lays the analog data out by the ratio of the two rates; a ratio that
    disagrees with the header made it read the wrong bytes silently, and a
    corrupted, huge ANALOG:RATE made it allocate until the process was killed
    (fuzzing). Files without one of the rates are left to the reader.
    """
    analog_rate, point_rate = _first(values, ("ANALOG", "RATE")), _first(values, ("POINT", "RATE"))
    if analog_rate is None or point_rate is None:
        return
    ratio = analog_rate / point_rate if point_rate else math.inf
    if not math.isfinite(ratio) or abs(ratio - samples_per_frame) > 1e-3 * samples_per_frame:
        raise C3DReadError(
            path,
            f"ANALOG:RATE ({analog_rate:g} Hz) / POINT:RATE ({point_rate:g} Hz) gives "
            f"{ratio:g} analog samples per frame, but the header stores {samples_per_frame}; "
            "the file is inconsistent",
        )


#: Analog channels each FORCE_PLATFORM:TYPE uses.
_PLATE_CHANNELS = {1: 6, 2: 6, 3: 8, 4: 6}


def _plate_problem(values: dict[tuple[str, str], tuple[float, ...]], n_channels: int) -> str:
    """Return why the FORCE_PLATFORM parameters cannot be used, or ``""``."""
    used = _first(values, ("FORCE_PLATFORM", "USED"))
    n_plates = int(used) if used is not None else 0
    if n_plates <= 0:
        return ""
    types = values.get(("FORCE_PLATFORM", "TYPE"), ())
    if len(types) < n_plates:
        return f"FORCE_PLATFORM:TYPE has {len(types)} values for {n_plates} plates"
    if any(int(t) not in _PLATE_CHANNELS for t in types[:n_plates]):
        return f"FORCE_PLATFORM:TYPE {[int(t) for t in types[:n_plates]]} not all in 1-4"
    for name, per_plate in (("CORNERS", 12), ("ORIGIN", 3)):
        count = len(values.get(("FORCE_PLATFORM", name), ()))
        if count < per_plate * n_plates:
            return f"FORCE_PLATFORM:{name} has {count} values for {n_plates} plates"
    channels = values.get(("FORCE_PLATFORM", "CHANNEL"), ())
    width = max(_PLATE_CHANNELS[int(t)] for t in types[:n_plates])
    if n_plates and len(channels) < width * n_plates:
        return f"FORCE_PLATFORM:CHANNEL has {len(channels)} values for {n_plates} plates"
    needed = [
        channels[plate * (len(channels) // n_plates) + k]
        for plate, t in enumerate(types[:n_plates])
        for k in range(_PLATE_CHANNELS[int(t)])
    ]
    if any(not 1 <= c <= n_channels for c in needed):
        return f"FORCE_PLATFORM:CHANNEL refers to channels outside 1-{n_channels}"
    if any(int(t) == 4 for t in types[:n_plates]):
        count = len(values.get(("FORCE_PLATFORM", "CAL_MATRIX"), ()))
        if count < 36 * n_plates:
            return f"FORCE_PLATFORM:CAL_MATRIX has {count} values; type-4 plates need 36 each"
    return ""


def check_c3d_layout(path: str | Path) -> C3DLayout:
    """Check that ``path`` is a complete, well-formed C3D file that ezc3d can read.

    Parameters
    ----------
    path
        The file to check.

    Returns
    -------
    C3DLayout
        The data layout the file declares.

    Raises
    ------
    C3DReadError
        When the file is missing, empty, not a C3D file, big-endian
        (SGI/MIPS), its parameter section is corrupted or its data section is
        shorter than the parameters declare (unless it ends exactly on a
        frame boundary: then the whole frames present are readable and the
        reader warns). The message names the file and the problem.
    """
    path = Path(path)
    if path.is_dir():
        raise C3DReadError(path, "is a directory, expected a .c3d file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise C3DReadError(path, "no such file") from None
    except OSError as error:
        raise C3DReadError(path, f"cannot open file: {error.strerror}") from None
    if not data:
        raise C3DReadError(path, "the file is empty (0 bytes)")
    if len(data) < BLOCK_BYTES:
        raise C3DReadError(
            path, f"the file has {len(data)} bytes, less than the 512-byte C3D header"
        )
    if not looks_like_c3d(data):
        raise C3DReadError(
            path,
            f"not a C3D file (header bytes {data[0]:#04x} {data[1]:#04x}, "
            f"expected a parameter-block number >= 2 and the key {C3D_KEY_BYTE:#04x})",
        )
    section_start = (data[0] - 1) * BLOCK_BYTES
    if section_start + 4 > len(data):
        raise C3DReadError(
            path,
            f"the header points to a parameter section at block {data[0]}, beyond the end "
            "of the file; it is truncated or corrupted",
        )
    reserved, _key, n_blocks, processor = data[section_start : section_start + 4]
    if processor == PROCESSOR_MIPS:
        raise C3DReadError(
            path,
            "big-endian (SGI/MIPS) C3D files are not supported by ezc3d",
            "convert it to Intel (little-endian) C3D with another tool first",
        )
    if processor not in (PROCESSOR_INTEL, PROCESSOR_DEC):
        raise C3DReadError(
            path,
            f"unknown processor type {processor} in the parameter section "
            "(expected 84 Intel, 85 DEC or 86 SGI/MIPS); the file is corrupted",
        )
    if reserved > 1:
        raise C3DReadError(
            path, f"the parameter section starts with byte {reserved}, expected 0 or 1"
        )
    if n_blocks == 0:
        raise C3DReadError(path, "the parameter section declares 0 blocks (corrupted)")
    section_end = min(len(data), section_start + n_blocks * BLOCK_BYTES)
    walker = _Walker(path, data, processor)
    values = _walk_parameters(walker, section_start, section_end)
    for (group, name), minimum in _MIN_VALUES.items():
        count = len(values.get((group, name), (0.0,) * minimum))
        if count < minimum:
            raise walker.fail(f"{group}:{name} holds {count} numbers, expected at least {minimum}")
    rotation_ratio = _first(values, ("ROTATION", "RATIO"))
    if rotation_ratio is not None and rotation_ratio < 0:  # fuzzing: ezc3d's bad_alloc
        raise walker.fail(f"ROTATION:RATIO is {rotation_ratio:g}, expected 0 or more")
    header = struct.unpack("<256H", data[:BLOCK_BYTES])
    header_scale = (
        _dec_float(data[12:16])
        if processor == PROCESSOR_DEC
        else float(struct.unpack("<f", data[12:16])[0])
    )
    n_points = _first(values, ("POINT", "USED"))
    n_points_int = header[1] if n_points is None else int(n_points)
    if n_points is not None and n_points_int != header[1]:
        raise C3DReadError(
            path,
            f"POINT:USED is {n_points_int} but the header declares {header[1]} points; "
            "the file is inconsistent",
        )
    frames = _first(values, ("POINT", "FRAMES"))
    header_frames = max(header[4] - header[3] + 1, 0)
    n_frames = header_frames if frames is None else int(frames)
    if frames is not None and n_frames < 0:
        n_frames += 65536  # C3D stores up to 65535 frames in a signed int16
    scale = _first(values, ("POINT", "SCALE"))
    scale = header_scale if scale is None else scale
    data_start = _first(values, ("POINT", "DATA_START"))
    data_start_block = header[8] if not data_start else int(data_start) % 65536
    if data_start_block < 2:
        raise C3DReadError(path, f"the data section starts at block {data_start_block} (< 2)")
    n_channels = _check_analogs(path, values, header)
    layout = C3DLayout(
        processor="dec" if processor == PROCESSOR_DEC else "intel",
        n_points=n_points_int,
        n_analog_measurements=header[2],
        n_frames=n_frames,
        float_data=scale < 0,
        data_start_byte=(data_start_block - 1) * BLOCK_BYTES,
        plate_problem=_plate_problem(values, n_channels),
    )
    needed = layout.data_start_byte + layout.n_frames * layout.frame_bytes
    if needed > len(data):
        stored = len(data) - layout.data_start_byte
        available = max(stored, 0) // max(layout.frame_bytes, 1)
        if available > 0 and stored % layout.frame_bytes == 0:
            # The data end exactly on a frame boundary: a writer that stopped early
            # (the frames present are whole); the reader warns and reads them.
            return layout
        raise C3DReadError(
            path,
            f"the file is truncated: it declares {layout.n_frames} frames of "
            f"{layout.frame_bytes} bytes from byte {layout.data_start_byte} but holds "
            f"only {available} complete frames ({len(data)} bytes)",
        )
    return layout
