"""Reader registry: picks a reader for a file by its content, then its suffix.

A reader is registered with :func:`register_reader`; :func:`load_trial` asks
each reader's ``sniff`` function whether it recognises the file's first bytes,
and falls back to the suffix. Every reader raises a
:class:`~gaitlab.errors.FileReadError` naming the file when it cannot read it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gaitlab.errors import FileReadError, UnsupportedFormatError
from gaitlab.trial import Trial

__all__ = ["Reader", "register_reader", "readers", "load_trial", "reader_for"]

#: Bytes read from the start of a file for content sniffing.
SNIFF_BYTES = 4096


@dataclass(frozen=True)
class Reader:
    """A registered file reader.

    Attributes
    ----------
    name
        Short format name (``"c3d"``, ``"imu_csv"`` ...), usable as ``format=``.
    suffixes
        Lower-case file suffixes the reader claims (``(".c3d",)``).
    read
        ``read(path, **options) -> Trial``.
    sniff
        ``sniff(head_bytes) -> bool``: True when the bytes look like this format.
    description
        One line for ``gaitlab formats``.
    """

    name: str
    suffixes: tuple[str, ...]
    read: Callable[..., Trial]
    sniff: Callable[[bytes], bool]
    description: str


_READERS: dict[str, Reader] = {}


def register_reader(reader: Reader) -> Reader:
    """Add ``reader`` to the registry (replacing one of the same name)."""
    _READERS[reader.name] = reader
    return reader


def readers() -> tuple[Reader, ...]:
    """Return the registered readers in registration order."""
    _register_builtin_readers()
    return tuple(_READERS.values())


def _register_builtin_readers() -> None:
    # Imported lazily so that importing gaitlab has no side effects and stays fast.
    import gaitlab.io.c3d  # noqa: F401
    import gaitlab.io.imu_csv  # noqa: F401
    import gaitlab.io.imu_hdf5  # noqa: F401
    import gaitlab.io.imu_mobilised  # noqa: F401


def reader_for(path: str | Path, format: str | None = None) -> Reader:
    """Return the reader for ``path``: the named ``format``, else by content, else by suffix.

    Raises
    ------
    FileReadError
        When the path does not exist, is a directory or cannot be opened.
    UnsupportedFormatError
        When no reader accepts the file or ``format`` is unknown.
    """
    available = {r.name: r for r in readers()}
    if format is not None:
        if format not in available:
            raise UnsupportedFormatError(
                path, f"unknown format {format!r}", f"expected one of {sorted(available)}"
            )
        return available[format]
    path = Path(path)
    if not path.exists():
        raise FileReadError(path, "no such file")
    if path.is_dir():
        raise FileReadError(path, "is a directory, expected a trial file")
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        raise FileReadError(path, f"cannot open file: {error.strerror}") from None
    if not head:
        raise FileReadError(path, "the file is empty (0 bytes)")
    for reader in available.values():
        if reader.sniff(head):
            return reader
    suffix = path.suffix.lower()
    for reader in available.values():
        if suffix in reader.suffixes:
            return reader
    known = sorted({s for r in available.values() for s in r.suffixes})
    raise UnsupportedFormatError(
        path,
        "no reader recognises its content or its suffix",
        f"known suffixes: {', '.join(known)}; or pass format=",
    )


def load_trial(path: str | Path, format: str | None = None, **options: Any) -> Trial:
    """Read a trial file into a :class:`~gaitlab.trial.Trial`.

    Parameters
    ----------
    path
        The file to read.
    format
        A registered reader name to force (see ``gaitlab formats``); by
        default the reader is chosen by content, then by suffix.
    **options
        Passed to the reader (e.g. ``point_rate_hz=`` to override a wrong
        rate stored in a C3D file).

    Returns
    -------
    Trial
        The validated trial.

    Raises
    ------
    FileReadError
        Whenever the file cannot be read; the message names the file and problem.
    """
    return reader_for(path, format).read(Path(path), **options)
