"""Synthetic gait trials with known answers (ground truth for every stage).

``make_walking_trial(...) -> (Trial, GroundTruth)`` builds Plug-in Gait
markers by forward kinematics from known segment poses; see
:mod:`gaitlab.synthetic.generator` for the parameters and the modules below
for how each part is made:

* :mod:`~gaitlab.synthetic.curves` -- Schwartz 2008 mean angle curves;
* :mod:`~gaitlab.synthetic.motion` -- whole-frame timing, events, angle curves;
* :mod:`~gaitlab.synthetic.skeleton` -- segment sizes, Davis hip centre;
* :mod:`~gaitlab.synthetic.poses` -- the segment chain and :class:`SegmentPoses`;
* :mod:`~gaitlab.synthetic.planting` -- the pelvis path that keeps feet planted;
* :mod:`~gaitlab.synthetic.markers` -- marker placement;
* :mod:`~gaitlab.synthetic.truth` -- :class:`GroundTruth`.
"""

from gaitlab.synthetic.generator import SyntheticParameterError, make_walking_trial
from gaitlab.synthetic.poses import SegmentPoses
from gaitlab.synthetic.truth import GroundTruth

__all__ = ["make_walking_trial", "GroundTruth", "SegmentPoses", "SyntheticParameterError"]
