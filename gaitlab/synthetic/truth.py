"""The known answers of a synthetic trial."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from gaitlab.conventions import SIDE_PREFIX, SIDES
from gaitlab.synthetic.poses import SegmentPoses

__all__ = ["GroundTruth", "foot_progression_deg"]


@dataclass(frozen=True)
class GroundTruth:
    """What the pipeline must recover from a synthetic trial.

    Attributes
    ----------
    angles
        Plug-in Gait angles per frame (index = data row), degrees, Nexus
        column names ``LPelvisAngles_X`` ... ``RFootProgressAngles_Z`` with
        Nexus signs. ``AnkleAngles_Y`` is 0 (Plug-in Gait's foot frame has no
        inversion with zero static offsets); foot progression is measured
        from the poses. Pelvis and foot-progression angles are relative to the
        exact walking direction (``walking_direction_deg``); Plug-in Gait
        takes the lab axis nearest to it, so for a heading that is not a
        multiple of 90 deg its pelvis rotation and foot progression differ
        from these by the angle between the two.
    events
        ``time_s, frame, side, kind`` of every foot strike and foot off inside
        the trial (time = frame / rate; first frame 0), as the generator
        defines them: foot strike at phase 0 of the norm curves, foot off at
        60 % of the cycle (40 % running). These are the trial's events.
    floor_contacts
        The same table for where each foot really reaches the floor (its
        lowest sole point within
        :data:`~gaitlab.synthetic.planting.CONTACT_TOLERANCE_MM`) and leaves
        it; for the default walk the foot strikes are 2-3 frames later than
        the nominal ones and the feet leave the floor about 3 frames earlier
        (the norm curves do not fit this body's proportions exactly); abnormal
        patterns can put the heel down much later.
    strides
        One row per complete stride: ``side, start_frame, end_frame,
        stride_time_s, stride_length_m`` (horizontal displacement of the TOE
        marker between the two foot strikes, as Nexus defines it) and
        ``step_length_m`` (TOE to the other foot's TOE along the walking
        direction at the stride's first foot strike).
    cadence_steps_per_min, speed_mps, stride_time_s
        Exact values of the generated walk (cadence = 120 / stride time).
    poses
        Segment poses per frame in the lab (see :class:`SegmentPoses`).
    max_foot_slip_mm
        Largest horizontal travel of a foot's lowest sole point while that
        foot carries the whole body (0 means perfectly planted).
    parameters
        The arguments the trial was made with.
    """

    angles: pd.DataFrame
    events: pd.DataFrame
    floor_contacts: pd.DataFrame
    strides: pd.DataFrame
    cadence_steps_per_min: float
    speed_mps: float
    stride_time_s: float
    poses: SegmentPoses
    max_foot_slip_mm: float
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def stride_lengths_m(self) -> dict[str, np.ndarray]:
        """Stride lengths per side, m, in time order."""
        return {
            s: self.strides.loc[self.strides["side"] == s, "stride_length_m"].to_numpy()
            for s in SIDES
        }


def foot_progression_deg(poses: SegmentPoses) -> dict[str, np.ndarray]:
    """Plug-in Gait foot-progression angles of both feet, degrees.

    The foot frame relative to the progression frame, ``R = P^T F``, is
    decomposed as ``Ry(a) Rx(b) Rz(c)``. Nexus reports (checked against the
    foot axes and ``FootProgressAngles`` that Nexus 2.10 wrote to
    ``gaitalytics_test_small.c3d``): left ``(a, c, -b)``, right ``(a, -c, b)``;
    ``a`` is about -90 deg with the foot flat and the Z component is the
    clinical foot progression (internal +).

    Returns
    -------
    dict
        Column name -> ``(n_frames,)``.
    """
    out = {}
    prog = poses.progression_rotation
    for side in SIDES:
        rel = np.einsum("ji,njk->nik", prog, poses.foot_rotation[side])
        a = np.degrees(np.arctan2(rel[:, 0, 2], rel[:, 2, 2]))
        b = np.degrees(np.arcsin(np.clip(-rel[:, 1, 2], -1.0, 1.0)))
        c = np.degrees(np.arctan2(rel[:, 1, 0], rel[:, 1, 1]))
        sign = 1.0 if side == "left" else -1.0
        p = SIDE_PREFIX[side]
        out[f"{p}FootProgressAngles_X"] = a
        out[f"{p}FootProgressAngles_Y"] = sign * c
        out[f"{p}FootProgressAngles_Z"] = -sign * b
    return out
