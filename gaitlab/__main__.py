"""Entry point for ``python -m gaitlab``."""

import sys

from gaitlab.cli import main

sys.exit(main())
