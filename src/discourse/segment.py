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
from .posters import Card, comment_line, load_poster_rules, meta_line, poster_line, user_card
from .records import Answer, CleanDoc, DroppedLine, Page, Row, content_hash

STAGE_VERSION = 5
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
    text = resources.files("discourse").joinpath("data/headers.toml").read_text("utf-8")
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
    # a verified badge after a Chinese handle ("硅谷钱博士 V") or a role badge
    # after a commenter's name ("AI科技情报局 作者", "Kevin 楼主")
    name = re.sub(r"(?<=[\u4e00-\u9fff\w])\s+(V|Ⓥ|作者|楼主|博主|UP主|题主|答主)$", "", name)
    return name


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
            return HeaderHit("credit", author=names[0], names=names, article=rule.article)
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
    repost: bool = False  # a link of a repost chain ("//@A:text")


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
    # an HTML <title> ("tag - Question? - Site") followed by the page's heading
    # ("Question?"): the heading is the question without the site's decoration
    inner = next((i for i in head if i > chosen and TITLE_MIN_CHARS <= len(text(i)) < len(text(chosen))
                  and text(i) in text(chosen)), None)
    if inner is not None:
        chosen = inner
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
    cards = _cards(kept, doc.lines, hits, rules, dropped)
    _posters(kept, hits, rules)
    _comments(kept, doc.lines, hits, rules, dropped)
    _quote_intros(kept, hits, dropped)
    strong = {i: h for i, h in hits.items() if h.kind in ("answer", "repost", "section", "end")}
    credits = {i: h for i, h in hits.items() if h.kind == "credit"}
    weak = {i: h for i, h in hits.items() if h.kind == "weak"}
    single = {i: h for i, h in credits.items() if len(h.names) == 1}

    if strong:
        starts = dict(strong)
        # a reposted article credited above a comment thread is an answer too
        for i, h in single.items():
            if h.article and i < min(strong):
                starts[i] = HeaderHit("answer", author=h.author)
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
    if cards and _cards_close_posts(cards, kept, hits, title_at):
        starts = _posts_above_cards(cards, kept, hits, title_at, dropped)
        title_at, title = _title_of(kept, hits, min(starts))
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
        end_marks = {d.line for d in furniture.dropped if d.reason == "meta:end-mark"}
        closed = False  # an end mark ("(完)") closed the current answer
        for i in range(min(starts), len(kept)):
            line = kept[i]
            if i in end_marks and current is not None:
                closed = True
            if line is None or not line.strip():
                continue
            if i in starts:
                closed = False
                h = starts[i]
                if h.kind == "end":  # after the last post: nobody's answer
                    current = None
                    continue
                reuse = current is not None and not current.lines and not current.inline and (
                    not current.author or not h.author or current.author == h.author)
                if reuse:
                    current.author = current.author or h.author
                    current.section = current.section or h.kind == "section"
                    current.inline = h.text
                else:
                    current = _Open(start=i, author=h.author, header_line=i,
                                    section=h.kind == "section", inline=h.text, repost=h.kind == "repost")
                    answers.append(current)
                if h.body:
                    current.lines.append(i)
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
            if closed and i not in hits:
                dropped.append(DroppedLine(i, line.strip(), "tail:after-end-mark"))
                continue
            if current is not None:
                current.lines.append(i)
        # sections without a credit take the page's author list in order
        sections = [a for a in answers if a.section]
        if page_names and len(sections) == len(page_names):
            for a, name in zip(sections, page_names):
                a.author = a.author or name
        _drop_reposter(answers, kept, dropped)
        # forum threads: the first post is the question, not an answer
        first = starts[min(starts)]
        if first.first_is_question and len(answers) > 1:
            opening = answers.pop(0)
            detail = " ".join(kept[i].strip() for i in opening.lines if kept[i])
            if question:
                dropped.extend(DroppedLine(i, kept[i].strip(), "head:question-detail") for i in opening.lines if kept[i])
            lead = next((kept[i].strip() for i in opening.lines if kept[i] and kept[i].strip()), "")
            if "?" not in question and "?" in lead and len(lead) <= TITLE_MAX_CHARS:
                question = lead  # the thread's title opens its first post ("[D] Is X promising?")
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
        p = poster_line(line, lambda name: plausible_name(name, rules, suffixes=False))
        if p is not None:
            found[i] = p
    headers = sum(h.kind == "answer" for h in hits.values())
    if len(found) + headers < 2 and not any(p.asker for p in found.values()):
        return  # one dated line with a name is a byline, not a thread
    first = min(found) if found else None
    for i, p in found.items():
        opening = p.asker
        if i == first and not opening:
            # nothing that reads like prose between the page top and this line
            above = [kept[j] for j in range(i) if kept[j] and kept[j].strip() and j not in hits]
            opening = sum(len(x.strip()) >= PROSE_MIN_CHARS for x in above) <= 1
        hits[i] = HeaderHit("answer", author=p.author, first_is_question=opening)


def _quote_intros(kept: Sequence[str | None], hits: dict[int, HeaderHit], dropped: list[DroppedLine]) -> None:
    """"X wrote:" right under a poster line and over "> quoted" lines introduces
    a quote of X inside the poster's reply, not X's own answer: the intro and
    the quoted lines are dropped (the words are X's, already in X's post)."""
    lines = [i for i, line in enumerate(kept) if line is not None and line.strip()]
    for k, i in enumerate(lines[1:-1], start=1):
        h = hits.get(i)
        above, below = hits.get(lines[k - 1]), kept[lines[k + 1]].lstrip()
        if h is None or h.kind != "answer" or above is None or above.kind not in ("answer", "meta"):
            continue
        if not below.startswith((">", "》")):
            continue
        hits[i] = HeaderHit("meta")
        dropped.append(DroppedLine(i, kept[i].strip(), "quote:intro"))
        for j in lines[k + 1:]:
            if not kept[j].lstrip().startswith((">", "》")) or j in hits:
                break
            hits[j] = HeaderHit("meta")
            dropped.append(DroppedLine(j, kept[j].strip(), "quote:quoted"))


def _drop_reposter(answers: list[_Open], kept: Sequence[str | None], dropped: list[DroppedLine]) -> None:
    """The account that reposted a chain ("转发微博 说得对 //@A:…") passes the chain
    on: the post just above its first link, and anything else by that account
    on the page, is nobody's answer, like a WeChat mirror's "转载自"."""
    first = next((k for k, a in enumerate(answers) if a.repost), None)
    if not first or answers[first - 1].repost or not answers[first - 1].author:
        return
    reposter = answers[first - 1].author
    for a in [a for a in answers if a.author == reposter and not a.repost]:
        dropped.extend(DroppedLine(i, kept[i].strip(), "credit:reposter") for i in a.lines if kept[i])
        answers.remove(a)


def _cards(kept: Sequence[str | None], raw: Sequence[str], hits: dict[int, HeaderHit], rules: HeaderRules,
           dropped: list[DroppedLine]) -> list[tuple[int, int, Card]]:
    """User cards (see posters.py) as (verb line, name line, card), once a page has two.

    Until it is known which way they point, each card opens the post below it
    (the asker's card the question); `_posts_above_cards` turns that round."""
    # the verb line may have gone as furniture already ("edited Mar 3" looks like a date line)
    lines = [i for i, line in enumerate(raw) if line.strip()]
    found = []
    for a, b in zip(lines, lines[1:]):
        if a in hits or b in hits or kept[b] is None:
            continue
        card = user_card(raw[a], kept[b], lambda name: plausible_name(name, rules))
        if card is not None:
            found.append((a, b, card))
    if sum(c.role != "edited" and c.role != "modified" for _, _, c in found) < 2:
        return []
    for a, b, card in found:
        if card.role in ("edited", "modified"):  # an editor is not an author
            hits[a] = hits[b] = HeaderHit("meta")
        else:
            hits[a] = HeaderHit("answer", author=card.author, first_is_question=card.role == "asked")
            hits[b] = HeaderHit("meta")
        dropped.extend(DroppedLine(i, kept[i].strip(), f"meta:card-{card.role}") for i in (a, b) if kept[i])
    return found


def _cards_close_posts(cards: list[tuple[int, int, Card]], kept: Sequence[str | None],
                       hits: dict[int, HeaderHit], title_at: int) -> bool:
    """Cards sit under their posts when prose stands between the title and the
    first card: the question's, or the first answer's, text."""
    def prose(lo: int, hi: int) -> int:
        return sum(1 for i in range(lo, hi) if i not in hits and kept[i] and len(kept[i].strip()) >= PROSE_MIN_CHARS)

    return prose(title_at + 1, cards[0][0]) > 0


def _posts_above_cards(cards: list[tuple[int, int, Card]], kept: Sequence[str | None],
                       hits: dict[int, HeaderHit], title_at: int, dropped: list[DroppedLine]
                       ) -> dict[int, HeaderHit]:
    """Answer starts when each card closes the post above it: the post runs from
    the line after the previous card to this card. The asker's post is the
    question's detail; after the last card no answer continues."""
    starts: dict[int, HeaderHit] = {}
    previous = title_at
    for verb_line, name_line, card in cards:
        if card.role in ("edited", "modified"):
            continue  # an editor's card sits inside a post's footer
        hits.pop(verb_line, None)
        hits[verb_line] = HeaderHit("meta")
        body = [i for i in range(previous + 1, verb_line)
                if kept[i] is not None and kept[i].strip() and i not in hits]
        if card.role == "asked":
            dropped.extend(DroppedLine(i, kept[i].strip(), "head:question-detail") for i in body)
            for i in body:
                hits[i] = HeaderHit("meta")
        elif body:
            starts[body[0]] = HeaderHit("answer", author=card.author, body=True)
        previous = name_line
    starts[previous] = HeaderHit("end")
    return starts


def _comments(kept: Sequence[str | None], raw: Sequence[str], hits: dict[int, HeaderHit], rules: HeaderRules,
              dropped: list[DroppedLine]) -> None:
    """"name:comment" lines over a metadata-only line (see posters.py) are posts,
    once a page has two of them: a lone "X: y" above a date is prose. The
    metadata line may have gone as furniture already."""
    lines = [i for i, line in enumerate(raw) if line.strip()]
    found = []
    for a, b in zip(lines, lines[1:]):
        if a in hits or b in hits or kept[a] is None or not meta_line(raw[b]):
            continue
        parsed = comment_line(kept[a], lambda name: plausible_name(clean_name(name), rules))
        if parsed is not None:
            found.append((a, b, parsed))
    if len(found) < 2:
        return
    for a, b, (name, text) in found:
        hits[a] = HeaderHit("answer", author=clean_name(name), text=text)
        hits[b] = HeaderHit("meta")
        if kept[b] is not None:
            dropped.append(DroppedLine(b, kept[b].strip(), "meta:comment"))


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
        marker = load_poster_rules().prefix.match(below)
        if marker and marker.group().strip() and poster_line(
                below, lambda n: plausible_name(n, rules, suffixes=False)) is not None:
            continue  # the line below names its own poster ("Posted by u/X · 3y")
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
