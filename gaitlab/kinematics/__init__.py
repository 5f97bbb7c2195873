"""Plug-in Gait lower-body kinematics: segment frames, joint centres and angles.

Entry points: :func:`compute_angles` (a DataFrame of Nexus-named angles) and
:func:`compute_segments` (segment frames and joint centres). Submodules:
:mod:`~gaitlab.kinematics.progression` (walking direction),
:mod:`~gaitlab.kinematics.joint_centres` (Davis/Harrington hip, chord function),
:mod:`~gaitlab.kinematics.segments` (frames), :mod:`~gaitlab.kinematics.angles`
(Cardan decompositions and signs), :mod:`~gaitlab.kinematics.static` (foot offsets),
:mod:`~gaitlab.kinematics.parameters` (subject parameters).
"""

from gaitlab.kinematics.model import ANGLE_COLUMNS, compute_angles, compute_segments
from gaitlab.kinematics.parameters import LegParameters, ModelParameters
from gaitlab.kinematics.progression import ProgressionFrame, progression_frame
from gaitlab.kinematics.segments import Segments

__all__ = [
    "ANGLE_COLUMNS",
    "compute_angles",
    "compute_segments",
    "LegParameters",
    "ModelParameters",
    "ProgressionFrame",
    "progression_frame",
    "Segments",
]
