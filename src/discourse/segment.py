"""Segment: split a cleaned page into its question and its answers with authors.

Header styles live in `data/headers.toml`. The page's structure is decided in
this order, the first that applies winning:

1. strong headers — answer headers that name the author ("Giant的回答:",
   "Answer by X", poster lines of forums) and section markers whose author
   comes from a credit just below ("# 回答一" + "作者:Zhifeng");
2. a single-author article — one "作者 | X" credit and no sections: the body
   after the credit is X's answer;
3. weak headers — "谢凌曦:" alone on a line, trusted only when no strong
   header exists and at least two such lines pass the name checks;
4. nothing recognisable — the body after the title is one answer whose author
   is unknown (empty), which is not an error.

Editors, compilers and reposting accounts ("编辑:", "整理:", "转载自") are
removed by the boilerplate stage and never reach this one as authors.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Sequence

from .boilerplate import Furniture
from .errors import ConfigError
from .posters import poster_line
from .records import Answer, CleanDoc, DroppedLine, Page, Row, content_hash

STAGE_VERSION = 4
# A credit ("作者:X") names the author of a section only when it sits this
# close below the section marker; further down it is prose.
CREDIT_WINDOW = 4
# The body of an answer starts at its first line that reads like prose; short
# label-like lines before it (account names, "导读") are byline furniture.
PROSE_MIN_CHARS = 20
# The title is looked for among the first lines of the page; lines above it
# are menus and breadcrumbs.
TITLE_LOOKAHEAD = 6
TITLE_MIN_CHARS = 8
# A title is a line, not a paragraph (nor a sentence ending in a full stop): a page
# whose short title has no '?' must not lose its only paragraph to the question.
TITLE_MAX_CHARS = 120
_SENTENCE_END = re.compile(r"[。!?;.…]$|[。!?;]")
_NAME_SPLIT = re.compile(r"\s*(?:[、,;/&]|\band\b|和)\s*")
_NAME_TRIM = " \t:|丨@#*\"'“”‘’「」『』【】[]()<>-–—·•"


@dataclass(frozen=True)
class HeaderRule:
    kind: str  # answer | section | credit | weak | question
    pattern: re.Pattern[str]
    first_is_question: bool = False


@dataclass(frozen=True)
class HeaderRules:
    rules: tuple[HeaderRule, ...]
    labels: frozenset[str]
    suffixes: tuple[str, ...]
    forbidden: tuple[str, ...]
    byline: re.Pattern[str] = re.compile("(?!)")


@dataclass(frozen=True)
class HeaderHit:
    kind: str
    author: str = ""
    text: str = ""
    first_is_question: bool = False
    names: tuple[str, ...] = ()  # all names of a credit ("作者丨A、B、C")


def load_headers() -> HeaderRules:
    text = resources.files("discourse").joinpath("data/headers.toml").read_text("utf-8")
    return _parse_headers(text)


@lru_cache(maxsize=2)
def _parse_headers(text: str) -> HeaderRules:
    data = tomllib.loads(text)
    rules = []
    for i, raw in enumerate(data.get("header", [])):
        try:
            rules.append(HeaderRule(kind=raw["kind"], pattern=re.compile(raw["pattern"], re.IGNORECASE),
                                    first_is_question=bool(raw.get("first_is_question", False))))
        except (KeyError, re.error) as exc:
            raise ConfigError(f"data/headers.toml: header #{i + 1} is invalid: {exc}") from exc
    names = data.get("names", {})
    return HeaderRules(
        rules=tuple(rules),
        labels=frozenset(s.lower() for s in names.get("labels", [])),
        suffixes=tuple(names.get("suffixes", [])),
        forbidden=tuple(names.get("forbidden", [])),
        byline=re.compile(data.get("byline", {}).get("pattern", "(?!)"), re.IGNORECASE),
    )


def clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(_NAME_TRIM)
    # "abc (昵称)" and "X(认证:…)": the handle is what identifies the author
    name = re.sub(r"\s*[(\[][^)\]]*[)\]]\s*$", "", name).strip(_NAME_TRIM)
    return name


def plausible_name(name: str, rules: HeaderRules) -> bool:
    """A display name, not a section label or a fragment of prose."""
    if not name or len(name) > 40 or name.lower() in rules.labels:
        return False
    if re.search(r"[。,!?;:]|https?:|www\.", name) or re.fullmatch(r"[\d\s.%-]+", name):
        return False
    if any(f in name for f in rules.forbidden):
        return False
    cjk = re.fullmatch(r"[\u4e00-\u9fff]+", name)
    if cjk and name.endswith(rules.suffixes):
        return False
    # English: at most four words, the way display names look
    return len(name.split()) <= 4


_MARKUP = re.compile(r"^[>*_\s]+|[*_\s]+$")


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
            return HeaderHit(rule.kind, text=same_line)
        if rule.kind == "credit":
            names = tuple(n for n in (clean_name(p) for p in _NAME_SPLIT.split(raw_author))
                          if plausible_name(n, rules))
            if not names:
                continue
            return HeaderHit("credit", author=names[0], names=names)
        author = clean_name(raw_author)
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
        return poster_line(line, lambda name: plausible_name(name, rules)) is not None
    # weak headers ("X:" alone) only count once the page has been looked at whole
    return hit.kind not in ("question", "weak")


@dataclass
class _Open:
    start: int
    author: str = ""
    header_line: int = -1
    section: bool = False
    lines: list[int] = field(default_factory=list)
    inline: str = ""  # content on the header line itself (PTT pushes)


def _title_of(kept: Sequence[str | None], hits: dict[int, HeaderHit], end: int) -> tuple[int, str]:
    """The page title: among the first lines before the first answer, the first
    that asks a question, else the first that is not a short menu entry."""
    head = [i for i, line in enumerate(kept[:end]) if line is not None and line.strip()
            and (i not in hits or hits[i].kind == "question")][:TITLE_LOOKAHEAD]
    if not head:
        return -1, ""

    def text(i: int) -> str:
        hit = hits.get(i)
        return (hit.text if hit is not None and hit.text else
                re.sub(r"^#+\s*", "", kept[i].strip()))

    chosen = next((i for i in head if "?" in text(i) and len(text(i)) <= TITLE_MAX_CHARS), None)
    if chosen is None:
        chosen = next((i for i in head if TITLE_MIN_CHARS <= len(text(i)) <= TITLE_MAX_CHARS
                       and not text(i).endswith(("。", "."))), head[0])
    return chosen, text(chosen)


def _prose_start(indices: Sequence[int], kept: Sequence[str | None]) -> int:
    """Position in `indices` of the first line that reads like prose."""
    for pos, i in enumerate(indices):
        s = (kept[i] or "").strip()
        if len(s) >= PROSE_MIN_CHARS or _SENTENCE_END.search(s):
            return pos
    return 0


def segment(doc: CleanDoc, furniture: Furniture, rules: HeaderRules | None = None, *,
            redact: Callable[[str], str] = lambda s: s) -> Page:
    """Split one cleaned page into question + answers (see the module docstring)."""
    rules = rules or load_headers()
    kept = furniture.kept
    hits: dict[int, HeaderHit] = {}
    for i, line in enumerate(kept):
        if line is not None and line.strip():
            hit = match_header(line, rules)
            if hit is not None:
                hits[i] = hit

    dropped: list[DroppedLine] = list(furniture.dropped)
    _name_over_byline(kept, hits, rules, dropped)
    _posters(kept, hits, rules)
    strong = {i: h for i, h in hits.items() if h.kind in ("answer", "section")}
    credits = {i: h for i, h in hits.items() if h.kind == "credit"}
    weak = {i: h for i, h in hits.items() if h.kind == "weak"}
    single = {i: h for i, h in credits.items() if len(h.names) == 1}

    if strong:
        starts = dict(strong)
    elif len({h.author for h in single.values()}) >= 2:
        # several people credited in turn ("作者: X" blocks, HTML author tags)
        starts = {i: HeaderHit("answer", author=h.author) for i, h in single.items()}
    elif single:
        first = min(single)
        starts = {first: HeaderHit("answer", author=single[first].author)}
    elif len(weak) >= 2:
        starts = {i: HeaderHit("answer", author=h.author) for i, h in weak.items()}
    else:
        starts = {}

    title_at, title = _title_of(kept, hits, min(starts) if starts else len(kept))
    question = title
    for i, h in sorted(hits.items()):
        if h.kind == "question" and (not starts or i < min(starts)):
            text = h.text or next((kept[j].strip() for j in range(i + 1, len(kept))
                                   if kept[j] and kept[j].strip()), "")
            if text and "?" not in title:
                question = text
            break

    for i in range(max(title_at, 0)):
        if kept[i] is not None and kept[i].strip() and i not in hits:
            dropped.append(DroppedLine(i, kept[i].strip(), "head:above-title"))
    if starts:
        # lines between the title and the first answer (the question's detail) are not
        # answer text; record them so the audit shows every line that went
        for i in range(title_at + 1, min(starts)):
            if kept[i] is not None and kept[i].strip() and i not in hits:
                dropped.append(DroppedLine(i, kept[i].strip(), "head:question-detail"))
    page_names = next((h.names for h in credits.values() if len(h.names) > 1), ())
    answers: list[_Open] = []
    current: _Open | None = None
    if not starts:
        body = [i for i, line in enumerate(kept)
                if line is not None and line.strip() and i > title_at and i not in hits]
        skip = _prose_start(body, kept)
        for i in body[:skip]:
            dropped.append(DroppedLine(i, kept[i].strip(), "head:byline"))
        current = _Open(start=body[skip] if body else 0, lines=body[skip:])
        answers.append(current)
    else:
        for i in range(min(starts), len(kept)):
            line = kept[i]
            if line is None or not line.strip():
                continue
            if i in starts:
                h = starts[i]
                reuse = current is not None and not current.lines and not current.inline and (
                    not current.author or not h.author or current.author == h.author)
                if reuse:
                    current.author = current.author or h.author
                    current.section = current.section or h.kind == "section"
                    current.inline = h.text
                else:
                    current = _Open(start=i, author=h.author, header_line=i,
                                    section=h.kind == "section", inline=h.text)
                    answers.append(current)
                continue
            hit = hits.get(i)
            if hit is not None and hit.kind == "credit" and current is not None:
                if len(hit.names) == 1 and not current.author and i - current.header_line <= CREDIT_WINDOW:
                    current.author = hit.author
                elif len(hit.names) == 1 and current.author and hit.author != current.author:
                    # "Author: Y" below X's answer on a page of answers: Y's answer starts
                    current = _Open(start=i, author=hit.author, header_line=i)
                    answers.append(current)
                continue  # credits are structure, not answer text
            if hit is not None and hit.kind in ("question", "meta"):
                continue
            if current is not None:
                current.lines.append(i)
        # sections without a credit take the page's author list in order
        sections = [a for a in answers if a.section]
        if page_names and len(sections) == len(page_names):
            for a, name in zip(sections, page_names):
                a.author = a.author or name
        # forum threads: the first post is the question, not an answer
        first = starts[min(starts)]
        if first.first_is_question and len(answers) > 1:
            opening = answers.pop(0)
            detail = " ".join(kept[i].strip() for i in opening.lines if kept[i])
            if question:
                dropped.extend(DroppedLine(i, kept[i].strip(), "head:question-detail") for i in opening.lines if kept[i])
            question = question or detail

    # the audit accounts for every line: whatever no answer, header or the title
    # took, and no rule dropped, is recorded as unplaced rather than lost silently
    placed = {i for a in answers for i in a.lines} | set(hits) | {title_at}
    recorded = {d.line for d in dropped}
    for i, line in enumerate(kept):
        if line is not None and line.strip() and i not in placed and i not in recorded:
            dropped.append(DroppedLine(i, line.strip(), "segment:unplaced"))

    page_id = content_hash(doc.source, doc.digest)
    built: list[Answer] = []
    for a in answers:
        idx = a.lines
        texts = ([a.inline] if a.inline else []) + [kept[i].strip() for i in idx if kept[i]]
        originals = ([a.inline] if a.inline else []) + [
            (doc.original[i].strip() if kept[i] == doc.lines[i] else kept[i].strip()) for i in idx if kept[i]]
        text = redact("\n".join(t for t in texts if t))
        if not text.strip():
            continue
        original = redact("\n".join(t for t in originals if t))
        built.append(Answer(
            # position keeps two identical posts (a double submit) apart
            id=content_hash(doc.source, str(len(built)), a.author, text), page_id=page_id, source=doc.source,
            position=len(built), author=a.author, question=question, text=text, original=original,
        ))
    return Page(id=page_id, source=doc.source, question=question, language=doc.language,
                traditional=doc.traditional, answers=tuple(built),
                dropped=tuple(sorted(dropped, key=lambda d: d.line)))


def _posters(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules) -> None:
    """Generic poster lines (see posters.py) open answers; the opening post of a
    thread — an asker's post, or one right under the title — is the question."""
    found = {}
    for i, line in enumerate(kept):
        if line is None or not line.strip() or i in hits:
            continue
        p = poster_line(line, lambda name: plausible_name(name, rules))
        if p is not None:
            found[i] = p
    if len(found) < 2 and not any(p.asker for p in found.values()):
        return  # one dated line with a name is a byline, not a thread
    first = min(found) if found else None
    for i, p in found.items():
        opening = p.asker
        if i == first and not opening:
            # nothing that reads like prose between the page top and this line
            above = [kept[j] for j in range(i) if kept[j] and kept[j].strip() and j not in hits]
            opening = sum(len(x.strip()) >= PROSE_MIN_CHARS for x in above) <= 1
        hits[i] = HeaderHit("answer", author=p.author, first_is_question=opening)


def _name_over_byline(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules,
                      dropped: list[DroppedLine]) -> None:
    """A bare display name over a byline ("Chen Wei" / "Associate Professor · 3y") opens an answer."""
    lines = [i for i, line in enumerate(kept) if line is not None and line.strip()]
    for a, b in zip(lines, lines[1:]):
        if a in hits or b in hits:
            continue
        name, below = undecorate(kept[a]), kept[b].strip()
        if len(name) > 30 or not plausible_name(name, rules) or not rules.byline.match(below):
            continue
        if re.search(r"[\u4e00-\u9fff]", name) and len(name) > 16:
            continue
        hits[a] = HeaderHit("answer", author=clean_name(name))
        hits[b] = HeaderHit("meta")  # structure: kept out of the answer text
        dropped.append(DroppedLine(b, below, "meta:byline"))


def pages_from_rows(doc: CleanDoc, *, redact: Callable[[str], str] = lambda s: s,
                    clean: Callable[[str], str] = lambda s: s) -> list[Page]:
    """Already-split answers (.jsonl/.csv rows): one page per question in the file.

    `clean` removes furniture that scrapers leave inside a row's text."""
    groups: dict[str, list[Row]] = {}
    for row in doc.rows:
        groups.setdefault(row.question, []).append(row)
    pages = []
    for question, rows in groups.items():
        page_id = content_hash(doc.source, doc.digest, question)
        answers = []
        for row in rows:
            text = redact(clean(row.text))
            if not text:
                continue
            answers.append(Answer(
                id=content_hash(doc.source, str(row.line), row.author, text), page_id=page_id,
                source=doc.source, position=len(answers), author=row.author, question=question,
                text=text, original=text, extra=dict(row.extra),
            ))
        pages.append(Page(id=page_id, source=doc.source, question=question, language=doc.language,
                          traditional=doc.traditional, answers=tuple(answers)))
    return pages


def authors(pages: Iterable[Page]) -> set[str]:
    return {a.author for p in pages for a in p.answers if a.author}
