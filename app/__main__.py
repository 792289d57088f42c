"""``python -m app`` does what the ``ccplan`` console script does."""

from app.cli import main

raise SystemExit(main())
