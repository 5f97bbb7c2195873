"""Errors and warnings raised by gaitlab.

Every error is a :class:`GaitlabError` and also a built-in exception type
(``ValueError``, ``KeyError``, ``FileNotFoundError`` ...), so that plain
``except ValueError`` keeps working for callers that do not know gaitlab.
Messages name the file, the field and what was expected.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

__all__ = [
    "GaitlabError",
    "GaitlabWarning",
    "FileReadError",
    "C3DReadError",
    "UnsupportedFormatError",
    "TrialValidationError",
    "MissingMarkerError",
    "MissingParameterError",
    "closest_matches",
]


class GaitlabError(Exception):
    """Base class of every error that gaitlab raises on purpose."""


class GaitlabWarning(UserWarning):
    """A data-quality problem: the result is usable but a user should know."""


class FileReadError(GaitlabError, ValueError):
    """A file exists but cannot be read as a trial.

    Parameters
    ----------
    path
        The file that failed.
    problem
        What was wrong, in plain words.
    hint
        What would fix it, if anything.
    """

    def __init__(self, path: str | Path, problem: str, hint: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.hint = hint
        message = f"cannot read {self.path}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class UnsupportedFormatError(FileReadError):
    """No registered reader accepts the file (by suffix or by content)."""


class TrialValidationError(GaitlabError, ValueError):
    """A Trial was built from inconsistent parts; lists every problem at once.

    Parameters
    ----------
    problems
        One sentence per problem.
    source
        The file the trial came from, if any.
    """

    def __init__(self, problems: Iterable[str], source: str = "") -> None:
        self.problems = tuple(problems)
        where = f" from {source}" if source else ""
        listing = "\n  - ".join(self.problems)
        super().__init__(f"invalid trial{where}: {len(self.problems)} problem(s)\n  - {listing}")


def closest_matches(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Return up to ``n`` candidate names that look like ``name`` (case-insensitive)."""
    pool = list(candidates)
    lowered = {c.lower(): c for c in pool}
    hits = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]


class MissingMarkerError(GaitlabError, KeyError):
    """A marker a computation needs is not in the trial.

    Parameters
    ----------
    label
        The marker that was asked for.
    available
        The labels the trial has (used for a "did you mean" hint).
    source
        The file the trial came from.
    """

    def __init__(self, label: str, available: Iterable[str] = (), source: str = "") -> None:
        self.label = label
        where = f" in {source}" if source else ""
        message = f"marker '{label}' not found{where}"
        guesses = closest_matches(label, available)
        if guesses:
            message += "; did you mean " + " or ".join(f"'{g}'" for g in guesses) + "?"
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return self.message


class MissingParameterError(GaitlabError, ValueError):
    """A subject measurement or option a computation needs is absent."""


class C3DReadError(FileReadError):
    """A C3D file cannot be read (corrupted, truncated, unsupported variant, bad rate)."""
