"""Reference (normative) data: cited data sets with licences, and lab-built norms.

``default_norms()`` returns the shipped Schwartz et al. (2008) speed-stratified
children's reference; ``load_norms(path)`` reads any gaitlab-norms JSON (for
example one written by ``gaitlab norms build``); ``ReferenceLibrary.select``
picks the speed group by dimensionless speed.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from gaitlab.norms.reference import (
    ReferenceLibrary,
    ReferenceMetadata,
    ReferenceSet,
    ReferenceValue,
    dimensionless_speed,
    load_norms,
    save_norms,
)

__all__ = [
    "ReferenceLibrary",
    "ReferenceMetadata",
    "ReferenceSet",
    "ReferenceValue",
    "default_norms",
    "dimensionless_speed",
    "load_norms",
    "save_norms",
]


@cache
def default_norms() -> ReferenceLibrary:
    """Return the shipped Schwartz 2008 reference (typically developing children).

    Read once and cached (the library is immutable).

    Regenerate the shipped file with ``python -m gaitlab.norms.schwartz2008``.
    """
    path = resources.files("gaitlab.norms").joinpath("data/schwartz2008.json")
    with resources.as_file(path) as real_path:
        return load_norms(real_path)
