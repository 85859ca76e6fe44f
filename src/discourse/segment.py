"""Segment: split a cleaned page into its question and its answers with authors.

Header styles live in `data/headers.toml` (matched by `headers.py`); thread
shapes that no single line names — poster lines, user cards, comment lists,
name blocks among post metadata — are found by `threads.py`; mail and BBS
header blocks, forwarded messages and quote intros by `mail.py`; speaker
turns of chat logs and interviews, and the quoted contributors of compiled
articles, by `voices.py`. The page's structure is decided in this order, the
first that applies winning:

1. strong headers — answer headers that name the author ("Giant的回答:",
   "Answer by X", poster lines of forums, name blocks) and section markers
   whose author comes from a credit just below ("# 回答一" + "作者:Zhifeng");
   credits above the first of them open answers too when several people are
   credited in turn, or when an article stands under the credit;
2. a single-author article — one "作者 | X" credit and no sections: the body
   after the credit is X's answer;
3. weak headers — "谢凌曦:" alone on a line, trusted only when no strong
   header exists and at least two such lines pass the name checks;
4. nothing recognisable — the body after the title is one answer whose author
   is unknown (empty), which is not an error.

Then, on a page of several posts: the opening post of a thread that asks is
the question; posts of bots, moderators' notices and spam are nobody's
(`[nonauthor]`), and neither is anything else short that such an account
posted on the page; a signature under a divider and "> quoted" lines that
repeat an earlier post are not the poster's words.

Editors, compilers and reposting accounts ("编辑:", "整理:", "转载自") are
removed by the boilerplate stage and never reach this one as authors.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .boilerplate import Furniture

# re-exported: the pipeline and the tests reach the header helpers through segment
from .headers import (  # noqa: F401
    HeaderHit,
    HeaderRule,
    HeaderRules,
    clean_name,
    is_structural,
    load_headers,
    match_header,
    plausible_name,
    undecorate,
)
from .mail import mail_posts, quote_blocks
from .records import Answer, CleanDoc, DroppedLine, Page, Row, content_hash
from .rows import row_kind_is_furniture
from .threads import (
    PROSE_MIN_CHARS,
    TITLE_LOOKAHEAD,
    TITLE_MIN_CHARS,
    bylines_under_headers,
    cards_close_posts,
    comments,
    find_cards,
    is_prose,
    name_blocks,
    name_over_byline,
    posters,
    posts_above_cards,
    quote_intros,
)
from .voices import quoted_contributors, speaker_turns

STAGE_VERSION = 12
# A credit ("作者:X") names the author of a section only when it sits this
# close below the section marker; further down it is prose.
CREDIT_WINDOW = 4
# The title is looked for among the first lines of the page (TITLE_LOOKAHEAD,
# from threads.py, which needs it too); lines above it are menus and breadcrumbs.
# A title is a line, not a paragraph (nor a sentence ending in a full stop): a page
# whose short title has no '?' must not lose its only paragraph to the question.
TITLE_MAX_CHARS = 120
# A credit over this many paragraphs, above a comment thread, credits an article
# (a WeChat post over its 精选留言); a question's detail is shorter.
ARTICLE_MIN_PARAGRAPHS = 3
PARAGRAPH_MIN_CHARS = 30
_SENTENCE = re.compile(r"[。!?;.…]")
# between a site's name and its slogan in a page's first line
_SITE_SEPARATOR = re.compile(r"\s[-|–—_]\s|\s\|\s|_")
# A bot's or a moderator's post is told by its text only when it is this short
# (AutoModerator's reminder, a stale notice, a 吧务 notice: a few hundred characters).
NONAUTHOR_TEXT_MAX = 600
# A signature under a divider: at most this many lines of at most this many characters.
SIGNATURE_MAX_LINES = 2
SIGNATURE_MAX_CHARS = 40
_DIVIDER = re.compile(r"[-—_=~*]{2,}|--\s*")
# The opening post's question is looked for in its first lines.
LEAD_LINES = 3
# A quoted line shorter than this ("> 同意") is too common to tell whose words it repeats.
QUOTE_MIN_CHARS = 8


@dataclass
class _Open:
    start: int
    author: str = ""
    header_line: int = -1
    section: bool = False
    lines: list[int] = field(default_factory=list)
    inline: str = ""  # content on the header line itself (PTT pushes)
    repost: bool = False  # a link of a repost chain ("//@A:text")
    notice: bool = False  # a notice post (see HeaderHit.notice)
    texts: dict[int, str] = field(default_factory=dict)  # a line's text without its header (a chat's next message)

    def own(self, kept: Sequence[str | None]) -> list[str]:
        """The answer's lines as text, each without the header it sits on."""
        return [self.texts.get(i) or kept[i].strip() for i in self.lines if kept[i]]


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
        # a short label that does not ask ("See new posts") over a post that does: the
        # post's asking sentence is the page's question
        asking = next((i for i in head if i > chosen and "?" in text(i)), None)
        if asking is not None and len(text(chosen)) < PROSE_MIN_CHARS:
            sentence = _asking_sentence(text(asking))
            if sentence:
                return asking, sentence
    # an HTML <title> ("tag - Question? - Site") followed by the page's heading
    # ("Question?"): the heading is the question without the site's decoration
    # (not the author's name out of "Q? | by Ana Ortiz | Medium": a question's heading asks too)
    inner = next((i for i in head if i > chosen and TITLE_MIN_CHARS <= len(text(i)) < len(text(chosen))
                  and text(i) in text(chosen) and ("?" in text(i) or "?" not in text(chosen))), None)
    if inner is not None:
        chosen = inner
        # a group's or a board's name out of "(3) Group | Facebook" over the post that asks
        below = [i for i, line in enumerate(kept[:end]) if i > chosen and line is not None and line.strip()
                 and i not in hits][:TITLE_LOOKAHEAD]
        asking = next((i for i in below if "?" in text(i)), None)
        if asking is not None and "?" not in text(chosen) and len(text(chosen)) < PROSE_MIN_CHARS:
            sentence = _asking_sentence(text(asking))
            if sentence:
                return asking, sentence
    return chosen, text(chosen)


def _asking_sentence(line: str) -> str:
    """The first sentence of a line that asks, when it is short enough for a title."""
    found = re.findall(r"[^。!?.]*\?", line)
    sentence = found[0].strip() if found else ""
    return sentence if TITLE_MIN_CHARS <= len(sentence) <= TITLE_MAX_CHARS else ""


def _article_below(credit: int, end: int, kept: Sequence[str | None], hits: dict[int, HeaderHit]) -> bool:
    """Whether an article of its own stands between a credit and the first post
    below it: paragraphs, mostly, not the short lines of a sidebar or a menu."""
    lines = [i for i in range(credit + 1, end) if i not in hits and kept[i] and kept[i].strip()]
    prose = [i for i in lines if len(kept[i].strip()) >= PARAGRAPH_MIN_CHARS and _SENTENCE.search(kept[i])]
    return len(prose) >= ARTICLE_MIN_PARAGRAPHS and 2 * len(prose) >= len(lines)


def _prose_start(indices: Sequence[int], kept: Sequence[str | None]) -> int:
    """Position in `indices` of the first line that reads like prose."""
    for pos, i in enumerate(indices):
        if is_prose(kept[i] or ""):
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
    # quotes and mail blocks first: their lines hold names and times that other
    # shapes would read as posters ("On Tue, … X wrote:", "发信站: … (Mon Mar 4 22:17:09 2024)")
    quote_blocks(kept, hits, rules, dropped)
    mail_posts(kept, doc.lines, hits, rules, dropped)
    turn_ends = speaker_turns(kept, hits, rules, dropped, chat=True)
    name_over_byline(kept, hits, rules, dropped)
    cards = find_cards(kept, doc.lines, hits, rules, dropped)
    posters(kept, hits, rules)
    comments(kept, doc.lines, hits, rules, dropped)
    turn_ends |= speaker_turns(kept, hits, rules, dropped, chat=False)
    post_ends = name_blocks(kept, doc.lines, hits, rules, dropped, furniture) | turn_ends
    # a lone poster line ("**X** · 4月5日 · 来自 …") over comments that name blocks head:
    # with those posts found, it is a post of the thread too, not a byline
    posters(kept, hits, rules)
    post_ends |= quoted_contributors(kept, hits, rules)
    bylines_under_headers(kept, hits, rules, dropped)
    quote_intros(kept, hits, dropped)
    strong = {i: h for i, h in hits.items() if h.kind in ("answer", "repost", "section", "end")}
    credits = {i: h for i, h in hits.items() if h.kind == "credit"}
    weak = {i: h for i, h in hits.items() if h.kind == "weak"}
    single = {i: h for i, h in credits.items() if len(h.names) == 1}

    if strong:
        starts = dict(strong)
        # a reposted article credited above a comment thread is an answer too (so is
        # an article of several paragraphs under its credit, above its comments), and
        # so is each post of people credited in turn ("作者: X" from HTML author
        # tags) above the first reply header of a comment list
        several = len({h.author for h in single.values()}) >= 2
        above = sorted(i for i in single if i < min(strong))
        for i, below in zip(above, above[1:] + [min(strong)]):
            if single[i].article or several or _article_below(i, below, kept, hits):
                starts[i] = HeaderHit("answer", author=single[i].author)
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
    if cards and cards_close_posts(cards, kept, hits, title_at):
        starts = posts_above_cards(cards, kept, hits, title_at, dropped)
        title_at, title = _title_of(kept, hits, min(starts))
    if starts and starts[min(starts)].first_is_question and "?" not in title:
        # a thread's title sits right over its opening post's poster line (old.reddit)
        above = next((i for i in range(min(starts) - 1, title_at, -1) if kept[i] and kept[i].strip()), None)
        if above is not None and above not in hits and "?" in kept[above] and len(kept[above]) <= TITLE_MAX_CHARS:
            title_at, title = above, re.sub(r"^#+\s*", "", kept[above].strip())
    if starts and "?" not in title and _SITE_SEPARATOR.search(title):
        # "技术圈 - 程序员的交流社区", "DevTalk Forums | The place for developers": the site's
        # name and slogan; the thread's own title sits right over its first post
        above = next((i for i in range(min(starts) - 1, title_at, -1) if kept[i] and kept[i].strip()), None)
        line = re.sub(r"^#+\s*", "", kept[above].strip()) if above is not None else ""
        near = [i for i in range(min(starts)) if kept[i] and kept[i].strip()][:TITLE_LOOKAHEAD]
        if above in near and above not in hits and TITLE_MIN_CHARS <= len(line) <= TITLE_MAX_CHARS \
                and not _SITE_SEPARATOR.search(line) and not _SENTENCE.search(line):
            title_at, title = above, line
    if not title and starts:
        # no title above the first post: a blog clip prints its byline over the
        # article's headline ("**Ana Ortiz** · Posted on Mar 11" / "# I spent …")
        first = next((i for i in range(min(starts) + 1, len(kept)) if kept[i] and kept[i].strip()
                      and i not in hits), None)
        if first is not None and re.match(r"#\s+\S", kept[first].strip()):
            title_at, title = first, kept[first].strip().lstrip("#").strip()
    question = title
    # a thread's title carried by a post (a mail's subject, a chat asker's first
    # question) when the page's own title does not ask
    carrier = min((i for i, h in hits.items() if h.title and not h.notice), default=None)
    hint = hits[carrier].title if carrier is not None else ""
    if hint and "?" not in title and ("?" in hint or not title):
        question = title = hint
    under_name = next((h.text for i, h in sorted(hits.items()) if h.kind == "title"), "")
    if under_name and "?" not in title:
        question = under_name  # a note's title under its author's name (see threads.name_blocks)
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
        end_marks = furniture.closers | post_ends
        closed = False  # an end mark ("(完)"), an ad's heading or a post's metadata closed the current answer
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
                if h.joins and current is not None and current.author == h.author:
                    current.lines.append(i)  # the same speaker's next message
                    current.texts[i] = h.text
                    continue
                reuse = current is not None and not current.lines and not current.inline and (
                    not current.author or not h.author or current.author == h.author)
                if reuse:
                    current.author = current.author or h.author
                    current.section = current.section or h.kind == "section"
                    current.inline = h.text
                else:
                    current = _Open(start=i, author=h.author, header_line=i, section=h.kind == "section",
                                    inline=h.text, repost=h.kind == "repost", notice=h.notice)
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
            if hit is not None and hit.kind in ("question", "meta", "title"):
                continue
            if i == title_at:
                continue  # the headline under a byline (see above)
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
        _drop_publisher(answers, credits, furniture, kept, dropped)
        _drop_nonauthors(answers, kept, rules, dropped)
        _drop_signatures(answers, kept, furniture, dropped)
        _drop_quoted(answers, kept, dropped)
        # forum threads: the first post is the question, not an answer
        first = starts[min(starts)]
        if first.first_is_question and len(answers) > 1:
            opening = answers.pop(0)
            detail = " ".join(kept[i].strip() for i in opening.lines if kept[i])
            if question:
                dropped.extend(DroppedLine(i, kept[i].strip(), "head:question-detail") for i in opening.lines if kept[i])
            # the first of its lines that asks, among its first few ("研二,…" / "想问:还来得及吗?")
            lead = next((x for x in opening.own(kept)[:LEAD_LINES] if "?" in x), "")
            if len(lead) > TITLE_MAX_CHARS:  # a long opening line: its asking sentence
                lead = _asking_sentence(lead)
            above = next((kept[i].strip() for i in range(opening.header_line - 1, max(title_at, -1), -1)
                          if kept[i] and kept[i].strip()), "") if opening.header_line > 0 else ""
            if "?" not in question and "?" in above and len(above) <= TITLE_MAX_CHARS:
                # the thread's title sits right over the post's header (under a pinned notice that went)
                question = above
            elif "?" not in question and "?" in lead and len(lead) <= TITLE_MAX_CHARS:
                question = lead  # or it opens the first post ("[D] Is X promising?")
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
        texts = ([a.inline] if a.inline else []) + a.own(kept)
        originals = ([a.inline] if a.inline else []) + [_original(i, a, kept, doc) for i in idx if kept[i]]
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




def _original(i: int, a: _Open, kept: Sequence[str | None], doc: CleanDoc) -> str:
    """Line i of an answer as the page printed it (traditional characters kept)."""
    if kept[i] != doc.lines[i]:
        return a.texts.get(i) or kept[i].strip()
    line = doc.original[i].strip()
    cut = a.texts.get(i)
    if cut is None:
        return line
    # a chat message after its header: the same cut of the original line, when the
    # conversion kept its length (OpenCC maps character for character)
    return line[len(line) - len(cut):] if len(line) == len(kept[i].strip()) else cut


def _drop_nonauthors(answers: list[_Open], kept: Sequence[str | None], rules: HeaderRules,
                     dropped: list[DroppedLine]) -> None:
    """Posts of bots, moderators' notices and spam in a thread are nobody's
    answer (`[nonauthor]` in data/headers.toml), nor are notices by the site's
    moderators or official accounts (a role badge on the header line). Texts
    are checked only on short posts: an answer that quotes "I am a bot" is
    still an answer. Once an account has posted one such thing, its other
    short posts on the page go too (a group bot's welcome lines, an official
    account's "感谢分享!")."""
    if len(answers) < 2:
        return

    def text_of(a: _Open) -> str:
        return "\n".join([a.inline] + a.own(kept)).strip()

    def header_role(a: _Open) -> bool:
        line = (kept[a.header_line] or "") if a.header_line >= 0 else ""
        return bool(line) and bool(rules.mod_roles.search(line.replace(a.author, " ")))

    accounts: set[str] = set()
    gone: list[_Open] = []
    for a in answers:
        text = text_of(a)
        short = len(text) <= NONAUTHOR_TEXT_MAX
        # a bot by its name, or an interview's host ("记者:", "Host:") whose turns ask
        by_name = bool(a.author) and bool(rules.bot_names.search(a.author) or rules.turns.host.match(a.author))
        if by_name or a.notice or (short and (rules.bot_texts.search(text) or header_role(a))):
            gone.append(a)
            if a.author:
                accounts.add(a.author)
    ids = {id(a) for a in gone}
    gone.extend(a for a in answers if id(a) not in ids and a.author in accounts
                and len(text_of(a)) <= NONAUTHOR_TEXT_MAX)
    ids = {id(a) for a in gone}
    for a in gone:
        own = a.lines + ([a.header_line] if a.inline and a.header_line >= 0 else [])
        dropped.extend(DroppedLine(i, kept[i].strip(), "post:nonauthor") for i in own if kept[i])
    answers[:] = [a for a in answers if id(a) not in ids]


def _drop_signatures(answers: list[_Open], kept: Sequence[str | None], furniture: Furniture,
                     dropped: list[DroppedLine]) -> None:
    """A divider near a post's end ("----", "-- ") opens its signature: one or
    two short lines under it ("十年推荐老兵,目前在某厂做广告排序") are the
    poster's profile, repeated under each of their posts, not the answer."""
    dividers = sorted(d.line for d in furniture.dropped if _DIVIDER.fullmatch(d.text))
    for a in answers:
        if not a.lines:
            continue
        k = bisect.bisect_left(dividers, a.lines[-1]) - 1  # the last divider before the post's last line
        if k < 0 or dividers[k] <= a.lines[0]:
            continue
        tail = [i for i in a.lines if i > dividers[k]]
        # a profile line, not a sentence: a closing remark after a divider ends in "。"
        if len(tail) <= SIGNATURE_MAX_LINES and all(len(kept[i].strip()) <= SIGNATURE_MAX_CHARS
                                                    and not kept[i].strip().endswith(("。", "!", "?")) for i in tail):
            dropped.extend(DroppedLine(i, kept[i].strip(), "meta:signature") for i in tail)
            a.lines = [i for i in a.lines if i < dividers[k]]


def _drop_quoted(answers: list[_Open], kept: Sequence[str | None], dropped: list[DroppedLine]) -> None:
    """"> quoted" lines in a reply that repeat an earlier post's words are that
    post's, not the replier's (Reddit, forums, GitHub quote the parent)."""
    earlier: list[str] = []
    for a in answers:
        own = []
        text = None  # the earlier posts' words, joined once for a post that quotes
        for i in a.lines:
            s = (kept[i] or "").strip()
            quoted = s.lstrip(">").strip() if s.startswith(">") else ""
            if len(quoted) >= QUOTE_MIN_CHARS:
                text = "\n".join(earlier) if text is None else text
                if quoted in text:
                    dropped.append(DroppedLine(i, s, "quote:quoted"))
                    continue
            own.append(i)
        earlier.extend((kept[i] or "").strip() for i in own)
        a.lines = own


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







# The account that publishes a page, named in its own furniture: WeChat's "原创 X 2024-07-02
# 08:30" byline, "点击上方蓝字“X”关注我们". Only a quoted name or the byline's first word.
_PUBLISHER = re.compile(r"^原创\s+(?P<a>\S{2,30})\s+\d{4}-|[\"“「](?P<b>[^\"”」]{2,30})[\"”」]\s*关注")
_PUBLISHER_REASONS = ("promo:newsletter", "promo:follow-account")


def _drop_publisher(answers: list[_Open], credits: dict[int, HeaderHit], furniture: Furniture,
                    kept: Sequence[str | None], dropped: list[DroppedLine]) -> None:
    """A reposted article credited to its writer ("以下文章来源于…,作者X") is X's; the account
    that reposted it (named in the page's follow prompt or byline) replying under it, with the
    site's author badge, speaks as the publisher, not as anyone with a view of their own."""
    writers = {h.author for h in credits.values() if h.article and h.author}
    if not writers or not any(a.author in writers for a in answers):
        return
    publishers = set()
    for d in furniture.dropped:
        if d.reason.startswith(_PUBLISHER_REASONS):
            m = _PUBLISHER.search(d.text)
            if m:
                publishers.add(m.group("a") or m.group("b"))
    for a in [a for a in answers if a.author in publishers - writers]:
        dropped.extend(DroppedLine(i, kept[i].strip(), "credit:publisher") for i in a.lines if kept[i])
        answers.remove(a)


def pages_from_rows(doc: CleanDoc, *, redact: Callable[[str], str] = lambda s: s,
                    clean: Callable[[str], str] = lambda s: s) -> list[Page]:
    """Already-split answers (.jsonl/.csv/.xml rows): one page per question in the file;
    a row without a question belongs to the thread of the row above it.

    `clean` removes furniture that scrapers leave inside a row's text."""
    rules = load_headers()
    groups: dict[str, list[Row]] = {}
    thread = ""
    for row in doc.rows:
        # A scraper that walks one post writes the post's title on the post's row
        # only; the comment rows under it (no question of their own) belong to it.
        if not row_kind_is_furniture(row):  # a related-notes card has a title of its own
            thread = row.question or thread
        groups.setdefault(row.question or thread, []).append(row)
    pages = []
    for question, rows in groups.items():
        page_id = content_hash(doc.source, doc.digest, question)
        answers = []
        dropped = []
        for row in rows:
            text = redact(clean(row.text))
            if not text:
                continue
            if row_kind_is_furniture(row):  # an ad or a related-posts card kept as a row
                dropped.append(DroppedLine(row.line, text, "row:furniture"))
                continue
            if (row.author and rules.bot_names.search(row.author)) or (
                    len(text) <= NONAUTHOR_TEXT_MAX and rules.bot_texts.search(text)):
                # the same bots, official notices and spam as in a page's thread
                dropped.append(DroppedLine(row.line, text, "post:nonauthor"))
                continue
            answers.append(Answer(
                id=content_hash(doc.source, str(row.line), row.author, text), page_id=page_id,
                source=doc.source, position=len(answers), author=row.author, question=question,
                text=text, original=text, extra=dict(row.extra),
            ))
        pages.append(Page(id=page_id, source=doc.source, question=question, language=doc.language,
                          traditional=doc.traditional, answers=tuple(answers), dropped=tuple(dropped)))
    return pages


def authors(pages: Iterable[Page]) -> set[str]:
    return {a.author for p in pages for a in p.answers if a.author}
