"""discourse: who calls which research and career direction 卷 (crowded) and who calls it promising.

Library entry points: `discourse.pipeline.run(settings)` runs everything;
`discourse.load(path)` reads a finished `summary.json` into pandas DataFrames.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "load"]


def load(path):  # noqa: ANN001, ANN201 - thin re-export, keeps pandas off the import path
    """Load `reports/summary.json` (or its folder) into DataFrames; see `discourse.api.load`."""
    from .api import load as _load

    return _load(path)
