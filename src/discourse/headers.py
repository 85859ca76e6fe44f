"""Answer headers: the rules of `data/headers.toml` and the name checks.

A header line says where an answer starts and who wrote it ("Giant的回答:",
"Answer by X", "作者:Zhifeng"). This module loads the rules, matches one
line against them and decides whether a captured name looks like a person's
display name; `segment` decides what the matches mean for the page.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import read_data
from .errors import ConfigError
from .posters import poster_line

_NAME_SPLIT = re.compile(r"\s*(?:[、,;/&]|\band\b|和)\s*")
_NAME_TRIM = " \t:|丨@#*\"'“”‘’「」『』【】[]()<>-–—·•"


@dataclass(frozen=True)
class HeaderRule:
    kind: str  # answer | repost | section | credit | weak | question
    pattern: re.Pattern[str]
    first_is_question: bool = False
    article: bool = False  # a credit that opens an answer before any other header


@dataclass(frozen=True)
class HeaderRules:
    rules: tuple[HeaderRule, ...]
    labels: frozenset[str]
    suffixes: tuple[str, ...]
    forbidden: tuple[str, ...]
    byline: re.Pattern[str] = re.compile("(?!)")
    roles: re.Pattern[str] = re.compile("(?!)")  # a role badge after a name ("X 作者")
    trailing: re.Pattern[str] = re.compile("(?!)")  # a byline time run into a name ("X Answered 2y")
    anonymous: frozenset[str] = frozenset()
    bot_names: re.Pattern[str] = re.compile("(?!)")
    bot_texts: re.Pattern[str] = re.compile("(?!)")

    def is_anonymous(self, name: str) -> bool:
        return name.strip().lower() in self.anonymous


@dataclass(frozen=True)
class HeaderHit:
    kind: str
    author: str = ""
    text: str = ""
    first_is_question: bool = False
    names: tuple[str, ...] = ()  # all names of a credit ("作者丨A、B、C")
    body: bool = False  # the line opens an answer and is also its first line of text
    article: bool = False  # a credit of a reposted article (see HeaderRule)


def load_headers() -> HeaderRules:
    text = read_data("headers.toml")
    return _parse_headers(text)


@lru_cache(maxsize=2)
def _parse_headers(text: str) -> HeaderRules:
    data = tomllib.loads(text)
    rules = []
    for i, raw in enumerate(data.get("header", [])):
        try:
            rules.append(HeaderRule(kind=raw["kind"], pattern=re.compile(raw["pattern"], re.IGNORECASE),
                                    first_is_question=bool(raw.get("first_is_question", False)),
                                    article=bool(raw.get("article", False))))
        except (KeyError, re.error) as exc:
            raise ConfigError(f"data/headers.toml: header #{i + 1} is invalid: {exc}") from exc
    names = data.get("names", {})
    roles = "|".join(re.escape(r) for r in names.get("roles", [])) or "(?!)"
    nonauthor = data.get("nonauthor", {})
    try:
        extra = dict(
            roles=re.compile(rf"(?<=[\u4e00-\u9fff\w.])\s+({roles})$", re.IGNORECASE),
            trailing=re.compile(names.get("trailing", "(?!)"), re.IGNORECASE),
            bot_names=re.compile(nonauthor.get("names", "(?!)"), re.IGNORECASE),
            bot_texts=re.compile(nonauthor.get("texts", "(?!)"), re.IGNORECASE | re.MULTILINE),
        )
    except re.error as exc:
        raise ConfigError(f"data/headers.toml: [names] or [nonauthor] is invalid: {exc}") from exc
    return HeaderRules(
        rules=tuple(rules),
        labels=frozenset(s.lower() for s in names.get("labels", [])),
        suffixes=tuple(names.get("suffixes", [])),
        forbidden=tuple(names.get("forbidden", [])),
        byline=re.compile(data.get("byline", {}).get("pattern", "(?!)"), re.IGNORECASE),
        anonymous=frozenset(a.lower() for a in names.get("anonymous", [])),
        **extra,
    )


def clean_name(name: str, rules: HeaderRules | None = None) -> str:
    """The handle in a captured name, without badges, roles and run-in times."""
    rules = rules or load_headers()
    name = re.sub(r"\s+", " ", name).strip(_NAME_TRIM)
    # "abc (昵称)" and "X(认证:…)": the handle is what identifies the author
    name = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", name).strip(_NAME_TRIM)
    # "Quora User Answered 2y": the byline's time, run into the name by the scrape
    name = rules.trailing.sub("", name).strip(_NAME_TRIM)
    # a verified badge after a Chinese handle ("硅谷钱博士 V") or role badges
    # after a commenter's name ("AI科技情报局 作者", "Kevin 楼主", "小鱼 UP主 置顶")
    while True:
        shorter = rules.roles.sub("", name)
        if shorter == name:
            return name
        name = shorter


def plausible_name(name: str, rules: HeaderRules, *, suffixes: bool = True) -> bool:
    """A display name, not a section label or a fragment of prose.

    `suffixes=False` skips the prose-suffix check ("…代码", "…方向"), for names
    that sit among post metadata, where a handle like 老韩不写代码 is common
    and prose is not."""
    if not name or len(name) > 40 or name.lower() in rules.labels:
        return False
    if re.search(r"[。,!?;:]|https?:|www\.", name) or re.fullmatch(r"[\d\s.%-]+", name):
        return False
    if any(f in name for f in rules.forbidden):
        return False
    if _COUNTER.search(name):  # "点赞 402", "浏览 2.3万": a counter, not a name
        return False
    cjk = re.fullmatch(r"[\u4e00-\u9fff]+", name)
    if cjk and suffixes and name.endswith(rules.suffixes):
        return False
    # English: at most four words, the way display names look
    return len(name.split()) <= 4


_COUNTER = re.compile(r"(点赞|赞同|赞|浏览|阅读|回复|评论|收藏|views?|likes?|upvotes?|points?)\s*[\d.]+\s*[万kw]?",
                      re.IGNORECASE)
# quote marks, emphasis, and a Markdown heading's hashes ("## Answered by X")
_MARKUP = re.compile(r"^(#{1,6}\s+)?[>*_\s]+|^#{1,6}\s+|[*_\s]+$")


def undecorate(line: str) -> str:
    """A line without Markdown emphasis and quote marks ("**答者:X**" → "答者:X")."""
    return _MARKUP.sub("", line.strip())


def match_header(line: str, rules: HeaderRules) -> HeaderHit | None:
    """The first header rule matching this line, with its author checked."""
    text = undecorate(line)
    if not text or len(text) > 160:
        return None
    for rule in rules.rules:
        m = rule.pattern.match(text)
        if not m:
            continue
        groups = m.groupdict()
        raw_author = groups.get("author") or groups.get("author2") or ""
        same_line = (groups.get("text") or "").strip()
        if rule.kind in ("section", "question"):
            # a front matter's quoted value: title: "Q?"
            return HeaderHit(rule.kind, text=same_line.strip('"\'“”') if rule.kind == "question" else same_line)
        if rule.kind == "credit":
            names = tuple(n for n in (clean_name(p, rules) for p in _NAME_SPLIT.split(raw_author))
                          if plausible_name(n, rules))
            if not names:
                continue
            return HeaderHit("credit", author=names[0], names=names, article=rule.article)
        author = clean_name(raw_author, rules)
        if rule.kind == "answer" and rules.is_anonymous(author):
            # "匿名用户的头像": a post all the same, by nobody the page names
            return HeaderHit(rule.kind, text=same_line, first_is_question=rule.first_is_question)
        if not plausible_name(author, rules):
            continue
        return HeaderHit(rule.kind, author=author, text=same_line,
                         first_is_question=rule.first_is_question)
    return None


def is_structural(line: str, rules: HeaderRules | None = None) -> bool:
    """True for lines the boilerplate stage must never drop (answer structure)."""
    rules = rules or load_headers()
    hit = match_header(line, rules)
    if hit is None:
        return poster_line(line, lambda name: plausible_name(name, rules), anonymous=rules.is_anonymous) is not None
    # weak headers ("X:" alone) only count once the page has been looked at whole
    return hit.kind not in ("question", "weak")
