"""Synthetic gait trials with known answers (ground truth for every stage).

``make_walking_trial(...) -> (Trial, GroundTruth)`` builds the motion from
the feet up -- planted feet, a pelvis, each leg by inverse kinematics -- and
places Plug-in Gait markers on the resulting segments; the truth angles are
the Cardan decomposition of those segments; ``make_static_trial(...)`` is
the matching standing trial, from which Plug-in Gait's calibration recovers
the subject's static foot offsets. See
:mod:`gaitlab.synthetic.generator` for the parameters and the modules below
for how each part is made:

* :mod:`~gaitlab.synthetic.curves` -- Schwartz 2008 mean angle curves;
* :mod:`~gaitlab.synthetic.motion` -- whole-frame timing, events, pelvis and knee targets;
* :mod:`~gaitlab.synthetic.skeleton` -- segment sizes, Davis hip centre;
* :mod:`~gaitlab.synthetic.feet` -- foot trajectories (rockers, foot flat, swing);
* :mod:`~gaitlab.synthetic.planting` -- pelvis height, floor contacts;
* :mod:`~gaitlab.synthetic.legs` -- knee, thigh and shank by inverse kinematics;
* :mod:`~gaitlab.synthetic.poses` -- :class:`SegmentPoses`, the pelvis frame;
* :mod:`~gaitlab.synthetic.markers` -- marker placement;
* :mod:`~gaitlab.synthetic.truth` -- :class:`GroundTruth`, clinical angles.
"""

from gaitlab.synthetic.generator import (
    SyntheticParameterError,
    make_static_trial,
    make_walking_trial,
)
from gaitlab.synthetic.poses import SegmentPoses
from gaitlab.synthetic.truth import GroundTruth

__all__ = [
    "make_walking_trial",
    "make_static_trial",
    "GroundTruth",
    "SegmentPoses",
    "SyntheticParameterError",
]
