"""One module per CLI sub-command; see :mod:`gaitlab.cli`."""
