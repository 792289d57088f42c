"""The frozen app's entry point (``packaging/ccplan.spec``): what the ``ccplan`` console script runs.

A script of its own rather than ``app/__main__.py``, so PyInstaller does not put ``app/`` itself on the module
search path while it analyses the imports.
"""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
