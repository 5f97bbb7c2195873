"""gaitlab: clinical and sports gait analysis.

The public API::

    import gaitlab
    trial = gaitlab.load_trial("walk01.c3d")   # C3D or IMU recording -> Trial

Units: markers mm, angles degrees, time s, rates Hz (see :mod:`gaitlab.conventions`).
"""

from gaitlab.analysis import Analysis, analyze
from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.io import load_trial
from gaitlab.kinematics import compute_angles
from gaitlab.trial import Trial

__version__ = "0.1.0"

__all__ = [
    "GaitlabError",
    "GaitlabWarning",
    "Trial",
    "load_trial",
    "compute_angles",
    "analyze",
    "Analysis",
    "__version__",
]
