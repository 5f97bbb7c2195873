"""gaitlab: clinical and sports gait analysis.

The public API::

    import gaitlab
    trial = gaitlab.load_trial("walk01.c3d")   # C3D or IMU recording -> Trial
    trial, truth = gaitlab.make_walking_trial()  # synthetic trial with known answers
    gaitlab.write_c3d(trial, "synthetic.c3d")

Units: markers mm, angles degrees, time s, rates Hz (see :mod:`gaitlab.conventions`).

The names below are imported on first use (PEP 562), so that ``import gaitlab``
and the command line start without loading the whole pipeline (scipy.signal
alone takes most of a second).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gaitlab.errors import GaitlabError, GaitlabWarning

if TYPE_CHECKING:
    from gaitlab.analysis import Analysis, analyze
    from gaitlab.events import detect_events, with_events
    from gaitlab.io import load_trial
    from gaitlab.io.c3d_write import write_c3d
    from gaitlab.kinematics import compute_angles
    from gaitlab.spatiotemporal import compute_spatiotemporal, nexus_summary
    from gaitlab.synthetic import make_walking_trial
    from gaitlab.trial import Trial

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_LAZY: dict[str, str] = {
    "Analysis": "gaitlab.analysis",
    "analyze": "gaitlab.analysis",
    "detect_events": "gaitlab.events",
    "with_events": "gaitlab.events",
    "load_trial": "gaitlab.io",
    "write_c3d": "gaitlab.io.c3d_write",
    "compute_angles": "gaitlab.kinematics",
    "compute_spatiotemporal": "gaitlab.spatiotemporal",
    "nexus_summary": "gaitlab.spatiotemporal",
    "make_walking_trial": "gaitlab.synthetic",
    "Trial": "gaitlab.trial",
}

__all__ = [
    "GaitlabError",
    "GaitlabWarning",
    "Trial",
    "load_trial",
    "compute_angles",
    "analyze",
    "Analysis",
    "detect_events",
    "with_events",
    "compute_spatiotemporal",
    "nexus_summary",
    "make_walking_trial",
    "write_c3d",
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gaitlab' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
