"""Execute every notebook in this folder in place (``make notebooks``).

Uses nbclient with the current interpreter's kernel; a notebook that raises
fails the run with its name, so stale notebooks are caught.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(folder: str = "notebooks") -> int:
    """Run all ``*.ipynb`` in ``folder`` in name order; return 1 if any failed."""
    failed = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(Path.cwd())}},
        )
        try:
            client.execute()
        except Exception as error:  # report every notebook, not just the first failure
            failed.append(path.name)
            print(f"FAILED {path.name}: {type(error).__name__}: {str(error)[:500]}")
            continue
        nbformat.write(notebook, path)
        print(f"ok     {path.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
