"""gaitlab: clinical and sports gait analysis.

The public API::

    import gaitlab
    trial = gaitlab.load_trial("walk01.c3d")   # C3D or IMU recording -> Trial
    trial, truth = gaitlab.make_walking_trial()  # synthetic trial with known answers
    gaitlab.write_c3d(trial, "synthetic.c3d")

Units: markers mm, angles degrees, time s, rates Hz (see :mod:`gaitlab.conventions`).
"""

from gaitlab.analysis import Analysis, analyze
from gaitlab.errors import GaitlabError, GaitlabWarning
from gaitlab.events import detect_events, with_events
from gaitlab.io import load_trial
from gaitlab.io.c3d_write import write_c3d
from gaitlab.kinematics import compute_angles
from gaitlab.spatiotemporal import compute_spatiotemporal, nexus_summary
from gaitlab.synthetic import make_walking_trial
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
    "detect_events",
    "with_events",
    "compute_spatiotemporal",
    "nexus_summary",
    "make_walking_trial",
    "write_c3d",
    "__version__",
]
