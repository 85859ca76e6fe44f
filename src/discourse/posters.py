"""Poster lines: a display name among post metadata, on sites we have never seen.

Forums, Q&A mirrors and comment threads print each post under a line like
"#1 · kkfocus · 2 天前 · ❤️ 12" or "▲ sbarre_dev 5 hours ago | next [–]". The
wording differs by site; the shape does not: a time, some markers and counters,
and one name. Patterns live in the `[poster]` table of `data/headers.toml`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import ConfigError

MAX_LINE = 100
_SEPARATORS = re.compile(r"\s*[·•|｜]\s*|\s{2,}|\u3000")
_BADGE = re.compile(r"[(\[（【][^)\]）】]{0,30}[)\]）】]")


@dataclass(frozen=True)
class PosterRules:
    time: re.Pattern[str]
    prefix: re.Pattern[str]
    asker: re.Pattern[str]
    noise: re.Pattern[str]


@dataclass(frozen=True)
class Poster:
    author: str
    asker: bool  # the post is the question ("楼主", "发问者", "N points by")


@lru_cache(maxsize=1)
def load_poster_rules() -> PosterRules:
    text = resources.files("discourse").joinpath("data/headers.toml").read_text("utf-8")
    table = tomllib.loads(text).get("poster", {})
    try:
        rx = lambda key: re.compile(table[key], re.IGNORECASE)  # noqa: E731
        return PosterRules(rx("time"), rx("prefix"), rx("asker"), rx("noise"))
    except (KeyError, re.error) as exc:
        raise ConfigError(f"data/headers.toml: [poster] is invalid: {exc}") from exc


def poster_line(line: str, plausible: "callable[[str], bool]", rules: PosterRules | None = None) -> Poster | None:
    """The poster named by this line, or None when it is not a poster line."""
    rules = rules or load_poster_rules()
    s = line.replace("**", "").replace("__", "").strip()
    if not s or len(s) > MAX_LINE or not rules.time.search(s):
        return None
    asker = bool(rules.asker.match(s))
    m = rules.prefix.match(s)
    if m:
        s = s[m.end():]
    s = _BADGE.sub(" ", s)
    s = rules.time.sub(" ", s)
    s = rules.noise.sub(" ", s)
    s = re.sub(r"(?i)ip\s*属地\s*:?\s*\S{0,8}", " ", s)
    tokens = [t.strip(" -–—:,.[]") for t in _SEPARATORS.split(s)]
    tokens = [t for t in tokens if t and not re.fullmatch(r"[\W\d_]+", t)]
    if len(tokens) != 1:
        return None
    name = re.sub(r"^@", "", tokens[0]).strip()
    if not plausible(name) or len(name) > 30:
        return None
    return Poster(name, asker)
