"""Plug-in Gait lower-body kinematics: segment frames, joint centres and angles.

Submodules: :mod:`~gaitlab.kinematics.progression` (walking direction).
"""

from gaitlab.kinematics.progression import ProgressionFrame, progression_frame

__all__ = ["ProgressionFrame", "progression_frame"]
