"""The rule and lexicon files shipped in `discourse/data/`, read as text."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources


def read_data(name: str) -> str:
    """The text of `data/<name>` inside the installed package (UTF-8)."""
    return resources.files("discourse").joinpath("data", name).read_text("utf-8")


@lru_cache(maxsize=None)
def fingerprint(*names: str) -> str:
    """A digest of these data files' texts: cache keys of the stages that read
    them change when a rule or lexicon file is edited, version bump or not."""
    h = hashlib.blake2b(digest_size=16)
    for name in names:
        h.update(name.encode("utf-8") + b"\x1f" + read_data(name).encode("utf-8") + b"\x1f")
    return h.hexdigest()
