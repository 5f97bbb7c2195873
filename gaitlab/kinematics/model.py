"""The Plug-in Gait lower-body model over a whole trial: segments and angles.

:func:`compute_angles` is the public entry point (also ``gaitlab.compute_angles``);
:func:`compute_segments` gives the segment frames and joint centres for other
models (e.g. muscle lengths). Both work on every frame at once; angles are
computed in cache-sized blocks of frames on a small thread pool (numpy
releases the GIL), so a million-frame trial takes about a second on two cores.
"""

from __future__ import annotations

import dataclasses
import os
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from gaitlab.conventions import ANGLE_OUTPUTS, SIDES
from gaitlab.errors import GaitlabError, GaitlabWarning, MissingParameterError
from gaitlab.kinematics.angles import cardan_yxz_component_first_rad, write_clinical
from gaitlab.kinematics.parameters import ModelParameters
from gaitlab.kinematics.progression import ProgressionFrame, progression_frame
from gaitlab.kinematics.segments import (
    Segments,
    marker_arrays,
    segment_frames,
    segments_from_markers,
    with_measured_pelvis,
)
from gaitlab.kinematics.static import has_static_offsets, heel_foot_frame, resolve_static_offsets
from gaitlab.trial import Trial

__all__ = ["compute_angles", "compute_segments", "model_parameters", "ANGLE_COLUMNS"]

#: Columns of :func:`compute_angles`, in order: L then R, each output's X, Y, Z.
ANGLE_COLUMNS: tuple[str, ...] = tuple(
    f"{side}{output}_{axis}" for side in "LR" for output in ANGLE_OUTPUTS for axis in "XYZ"
)

_DEGREES_PER_RAD = 180.0 / np.pi

#: Frames per block: small enough for the working set to stay in cache.
_BLOCK_FRAMES = 8192


def _warn_unapplied_offsets(trial: Trial) -> None:
    """Warn when the subject has KAD thigh/shank rotation offsets, which are not applied."""
    found = [
        f"{side} {name} {value:g} deg"
        for side in ("left", "right")
        for name, value in (
            ("thigh rotation", trial.subject.side(side).thigh_rotation_deg),
            ("shank rotation", trial.subject.side(side).shank_rotation_deg),
        )
        if value
    ]
    if found:
        warnings.warn(
            f"{trial.provenance.source or 'the trial'} has knee-alignment-device offsets "
            f"({', '.join(found)}) that gaitlab does not apply: hip and knee rotation may "
            "differ from Nexus by about these amounts",
            GaitlabWarning,
            stacklevel=3,
        )


def model_parameters(
    trial: Trial,
    static: Trial | None = None,
    *,
    parameters: ModelParameters | None = None,
    hip_model: str | None = None,
    marker_diameter_mm: float | None = None,
    flat_foot: bool = False,
) -> tuple[ModelParameters, str]:
    """Collect the model's subject parameters and static offsets for ``trial``.

    Parameters
    ----------
    trial, static
        The dynamic trial and, optionally, its static (standing) trial.
    parameters
        Explicit parameters; default: the subject (``PROCESSING``) of the
        static when Nexus calibrated it (it has static offsets), else of the trial.
    hip_model
        ``"davis"`` (Plug-in Gait, default) or ``"harrington"``.
    marker_diameter_mm
        Overrides the file's marker diameter (default 14 mm when absent).
    flat_foot
        Flat-foot option when the offsets are computed from a static's markers.

    Returns
    -------
    tuple
        ``(parameters, offsets_source)``; see
        :func:`~gaitlab.kinematics.static.resolve_static_offsets`.

    Raises
    ------
    MissingParameterError
        When leg length, knee or ankle width is unknown, or the hip model is unknown.
    """
    # a static that Nexus calibrated carries the subject's calibrated measurements
    holder = static if static is not None and has_static_offsets(static.subject) else trial
    params = parameters or ModelParameters.from_subject(holder.subject, holder.provenance.source)
    _warn_unapplied_offsets(holder)
    if hip_model is not None:
        if hip_model not in ("davis", "harrington"):
            raise MissingParameterError(
                f"hip_model must be 'davis' or 'harrington', got {hip_model!r}"
            )
        params = dataclasses.replace(params, hip_model=hip_model)
    if marker_diameter_mm is not None:
        params = dataclasses.replace(params, marker_diameter_mm=float(marker_diameter_mm))
    if parameters is not None and all(
        params.leg(s).static_plantarflexion_deg is not None for s in ("left", "right")
    ):
        return params, "parameters"
    return resolve_static_offsets(trial, static, params, flat_foot=flat_foot)


def _angles_block(
    markers: Mapping[str, np.ndarray],
    params: ModelParameters,
    progression: ProgressionFrame,
    out: np.ndarray,
    heel_foot: Mapping[str, tuple[bool, float]] | None = None,
) -> None:
    """Write the angles of some frames into ``out`` ``(30, n)`` (rows :data:`ANGLE_COLUMNS`).

    ``markers`` are component-first ``(3, n)`` (see :mod:`gaitlab.kinematics.frames`).
    ``heel_foot`` (per side: flat foot, sole delta mm) replaces the foot by
    the static, heel-based foot (see :func:`~gaitlab.kinematics.static.heel_foot_frame`).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        r, _, _ = segment_frames(markers, params)
        for side, (flat, sole) in (heel_foot or {}).items():
            r[f"{side}_foot"] = heel_foot_frame(markers, r, side, flat, sole)
        prog = progression.rotation.T  # (axis, component): one constant frame
        pelvis = cardan_yxz_component_first_rad(prog, r["pelvis"])  # the same for L and R
        column = 0
        for side in ("left", "right"):
            pairs = {
                "HipAngles": (r["pelvis"], r[f"{side}_femur"]),
                "KneeAngles": (r[f"{side}_femur"], r[f"{side}_tibia_untorsioned"]),
                "AnkleAngles": (r[f"{side}_tibia"], r[f"{side}_foot"]),
                "FootProgressAngles": (prog, r[f"{side}_foot"]),
            }
            for output in ANGLE_OUTPUTS:
                if output == "PelvisAngles":
                    raw = pelvis
                else:
                    raw = cardan_yxz_component_first_rad(*pairs[output])
                write_clinical(raw, output, side, out[column : column + 3], _DEGREES_PER_RAD)
                column += 3


class UnknownOptionError(GaitlabError, TypeError):
    """An option that :func:`compute_angles` / :func:`compute_segments` does not know."""


#: Keyword options of :func:`compute_angles` (``workers`` too) and :func:`compute_segments`.
OPTIONS = (
    "parameters",
    "hip_model",
    "marker_diameter_mm",
    "flat_foot",
    "snap_to_lab_axis",
    "calibration",
)


def _prepare(
    trial: Trial, static: Trial | None, options: dict
) -> tuple[dict[str, np.ndarray], ModelParameters, ProgressionFrame]:
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        raise UnknownOptionError(f"unknown option(s) {unknown}; expected some of {OPTIONS}")
    snap = options.pop("snap_to_lab_axis", True)
    extra = ("LHEE", "RHEE") if options.get("calibration") else ()
    options.pop("calibration", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", GaitlabWarning)
        params, _ = model_parameters(trial, static, **options)
    for warning in caught:  # re-issued so that they point at the caller's line
        warnings.warn(warning.message, warning.category, stacklevel=3)
    markers = marker_arrays(trial, extra=extra)
    params = with_measured_pelvis(markers, params)
    with np.errstate(invalid="ignore", divide="ignore"):
        progression = progression_frame(markers, snap_to_lab_axis=snap)
    return markers, params, progression


def compute_segments(trial: Trial, static: Trial | None = None, **options) -> Segments:
    """Compute the Plug-in Gait segment frames and joint centres of a trial.

    Parameters
    ----------
    trial
        A trial with the Plug-in Gait lower-body markers (mm).
    static
        Optional static trial for the foot offsets.
    **options
        ``parameters``, ``hip_model``, ``marker_diameter_mm``, ``flat_foot``
        (see :func:`model_parameters`) and ``snap_to_lab_axis`` (see
        :func:`~gaitlab.kinematics.progression.progression_frame`).

    Returns
    -------
    Segments
        ``rotations`` (``"pelvis"``, ``"left_femur"``, ``"left_tibia"``,
        ``"left_tibia_untorsioned"``, ``"left_foot"`` and the right ones) as
        ``(n_frames, 3, 3)`` stacks whose columns are the X (anterior), Y
        (left), Z (proximal) axes; ``origins_mm`` and ``joint_centres_mm``
        (``"left_hip"``, ``"left_knee"``, ``"left_ankle"`` ...) as
        ``(n_frames, 3)`` in mm; the progression frame.
    """
    markers, params, progression = _prepare(trial, static, dict(options))
    with np.errstate(invalid="ignore", divide="ignore"):
        return segments_from_markers(markers, params, progression)


def compute_angles(trial: Trial, static: Trial | None = None, **options) -> pd.DataFrame:
    """Compute Plug-in Gait lower-body angles for every frame of a trial.

    Parameters
    ----------
    trial
        A trial with LASI, RASI, LPSI and RPSI (or SACR), and per side THI,
        KNE, TIB, ANK, TOE; the subject's leg length, knee and ankle widths.
    static
        Optional static trial: its Nexus offsets (``PROCESSING``) or, when it
        has none, offsets computed from its markers replace the trial's.
    **options
        ``parameters`` (a :class:`~gaitlab.kinematics.parameters.ModelParameters`),
        ``hip_model`` (``"davis"`` or ``"harrington"``), ``marker_diameter_mm``,
        ``flat_foot``, ``snap_to_lab_axis`` (default True, as Nexus; False
        follows the walking direction itself), ``calibration`` (True when
        ``trial`` is itself a static trial: its ankle and foot progression then
        use the static heel-based foot, as Nexus reports them; needs HEE) and
        ``workers`` (threads, default up to 2).

    Returns
    -------
    pandas.DataFrame
        One row per frame (index = 0-based row of the point data), columns
        :data:`ANGLE_COLUMNS` (``LPelvisAngles_X`` ... ``RFootProgressAngles_Z``)
        in degrees with Plug-in Gait signs; NaN only on frames where a needed
        marker is missing.

    Raises
    ------
    MissingMarkerError
        Naming every model marker the trial lacks.
    MissingParameterError
        When a subject measurement the model needs is unknown.

    Warns
    -----
    GaitlabWarning
        When no static foot offsets are available (zero is used).
    """
    options = dict(options)
    workers = int(options.pop("workers", min(2, os.cpu_count() or 1)))
    heel_foot = None
    if options.get("calibration"):
        flat = bool(options.get("flat_foot", False))
        heel_foot = {str(s): (flat, trial.subject.side(s).sole_delta_mm or 0.0) for s in SIDES}
    markers, params, progression = _prepare(trial, static, options)
    n = trial.n_frames
    values = np.empty((len(ANGLE_COLUMNS), n))  # pandas keeps one (columns, rows) block

    labels = list(markers)
    index = [trial.marker_labels.index(label) for label in labels]
    consecutive = index == list(range(index[0], index[0] + len(index)))
    columns = slice(index[0], index[0] + len(index)) if consecutive else index

    def block(start: int) -> None:
        stop = start + _BLOCK_FRAMES
        # one transposing copy per block: (frames, markers, xyz) -> (markers, xyz, frames)
        chunk = np.ascontiguousarray(trial.markers[start:stop, columns].transpose(1, 2, 0))
        cf = dict(zip(labels, chunk, strict=True))
        _angles_block(cf, params, progression, values[:, start:stop], heel_foot)

    starts = range(0, n, _BLOCK_FRAMES)
    if workers > 1 and n > _BLOCK_FRAMES:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(block, starts))
    else:
        for start in starts:
            block(start)
    frame_index = pd.RangeIndex(n, name="frame")
    return pd.DataFrame(values.T, columns=list(ANGLE_COLUMNS), index=frame_index, copy=False)
