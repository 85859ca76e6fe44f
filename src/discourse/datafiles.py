"""The rule and lexicon files shipped in `discourse/data/`, read as text."""
from __future__ import annotations

from importlib import resources


def read_data(name: str) -> str:
    """The text of `data/<name>` inside the installed package (UTF-8)."""
    return resources.files("discourse").joinpath("data", name).read_text("utf-8")
