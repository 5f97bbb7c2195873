"""Shared pytest fixtures.

``shared_data`` is the real public data set beside the project root
(``../shared/data``); tests that need it are skipped with a clear reason when
it is absent, so the suite still runs on a machine without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
SAMPLES = PROJECT_ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path of ``../shared/data``; skips the test when that folder is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"real reference data not found at {SHARED_DATA} (../shared/data beside the project)"
        )
    return SHARED_DATA
