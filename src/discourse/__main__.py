"""`python -m discourse` forwards to the CLI."""
from .cli import main

raise SystemExit(main())
