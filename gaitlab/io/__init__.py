"""Readers that turn recordings into :class:`~gaitlab.trial.Trial` objects."""

from gaitlab.io.registry import Reader, load_trial, reader_for, readers, register_reader

__all__ = ["Reader", "load_trial", "reader_for", "readers", "register_reader"]
