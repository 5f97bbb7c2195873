"""The reader registry refuses what it cannot read with a GaitlabError naming the file."""

from __future__ import annotations

import pytest

from gaitlab.errors import FileReadError, GaitlabError, UnsupportedFormatError
from gaitlab.io import load_trial, reader_for, readers


def test_c3d_reader_is_registered():
    assert "c3d" in {r.name for r in readers()}


def test_missing_file(tmp_path):
    path = tmp_path / "nothing.c3d"
    with pytest.raises(FileReadError, match="nothing.c3d: no such file"):
        load_trial(path)


def test_directory_is_refused(tmp_path):
    with pytest.raises(FileReadError, match="is a directory"):
        load_trial(tmp_path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.c3d"
    path.write_bytes(b"")
    with pytest.raises(FileReadError, match="empty.c3d: the file is empty"):
        load_trial(path)


def test_unknown_content_and_suffix(tmp_path):
    path = tmp_path / "notes.xyz"
    path.write_text("hello")
    with pytest.raises(UnsupportedFormatError, match="notes.xyz") as caught:
        load_trial(path)
    assert isinstance(caught.value, GaitlabError) and isinstance(caught.value, ValueError)


def test_unknown_forced_format(tmp_path):
    path = tmp_path / "walk.c3d"
    path.write_bytes(b"x")
    with pytest.raises(UnsupportedFormatError, match="unknown format 'trc'"):
        reader_for(path, format="trc")
