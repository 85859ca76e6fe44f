"""Thread structures: posts whose author is told by the shape of the page.

Header rules name an author on one line. Threads on sites we have never seen
show who wrote a post by where a name sits among post metadata instead:

- poster lines: a name with a time on one line ("kkfocus · 2 天前 · ❤️ 12");
- user cards under a post (Stack Exchange: "answered Mar 1" over "Helen 18.2k");
- comment lists: "name:comment" over a line of metadata alone;
- bare names over a byline ("Chen Wei" / "Associate Professor · 3y");
- name blocks: a short name line, maybe a badge line under it ("核心会员 11",
  "蚂蚁集团 · 质量技术专家"), then the post, with post metadata (times,
  counters, reply bars) right under the name or closing the post;
- credentials under a header ("作者: X" over "PhD, MIT · Updated 3y");
- not posts: profile cards in a sidebar (a name, its "@handle", a follow
  button and a bio), an advertiser's card under "Promoted".

Each function reads the page and adds `HeaderHit`s for the lines it
recognises (the page's `hits`, shared by the steps in the order segment runs
them), recording the metadata lines it takes in the audit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .boilerplate import Furniture
from .headers import HeaderHit, HeaderRules, clean_name, plausible_name, undecorate
from .posters import (
    HANDLE,
    Card,
    comment_line,
    load_poster_rules,
    meta_line,
    poster_line,
    user_card,
)
from .records import DroppedLine
from .script import HAN as _CJK

# The body of an answer starts at its first line that reads like prose; short
# label-like lines before it (account names, "导读") are byline furniture.
PROSE_MIN_CHARS = 20
# A title is at least this long, and is looked for among the page's first lines
# (segment.py picks the page's title by the same measures).
TITLE_MIN_CHARS = 8
TITLE_LOOKAHEAD = 6
_SENTENCE_END = re.compile(r"[。!?;.…]$|[。!?;]")


def is_prose(line: str) -> bool:
    s = line.strip()
    return len(s) >= PROSE_MIN_CHARS or bool(_SENTENCE_END.search(s))


def opens_thread(i: int, kept: Sequence[str | None], hits: dict[int, HeaderHit]) -> bool:
    """Whether the post at line i is a thread's opening post: nothing that reads
    like prose stands above it but the title (and the title's echoes: an HTML
    <title> "Q_吧名_百度贴吧" over the page's own heading "Q")."""
    seen: list[str] = []  # prose lines above, echoes of one another counted once
    for j in range(i):
        x = (kept[j] or "").strip()
        if len(x) < PROSE_MIN_CHARS or j in hits or any(x in y or y in x for y in seen):
            continue
        seen.append(x)
        if len(seen) > 1:
            return False
    return True


def _asks_below(i: int, kept: Sequence[str | None], hits: dict[int, HeaderHit], found: dict) -> bool:
    """Whether the post opened at line i, up to the next header, asks a question."""
    for j in range(i + 1, len(kept)):
        if j in found or (j in hits and hits[j].kind in ("answer", "repost", "section", "credit", "end")):
            return False
        if kept[j] and "?" in kept[j]:
            return True
    return False


def posters(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules) -> None:
    """Generic poster lines (see posters.py) open answers; the opening post of a
    thread — an asker's post, or one right under the title — is the question."""
    found = {}
    for i, line in enumerate(kept):
        if line is None or not line.strip() or i in hits:
            continue
        p = poster_line(line, lambda name: plausible_name(clean_name(name, rules), rules, suffixes=False),
                        anonymous=rules.is_anonymous)
        if p is not None:
            found[i] = p
    headers = sum(h.kind == "answer" for h in hits.values())
    if len(found) + headers < 2 and not any(p.asker for p in found.values()):
        return  # one dated line with a name is a byline, not a thread
    first = min(found) if found else None
    for i, p in found.items():
        # a post under the title opens the thread when it asks something: the first
        # comment under a video or an article is an answer ("@fox 2 years ago")
        opening = p.asker or (i == first and opens_thread(i, kept, hits) and _asks_below(i, kept, hits, found))
        hits[i] = HeaderHit("answer", author=clean_name(p.author, rules) if p.author else "",
                            first_is_question=opening)


def quote_intros(kept: Sequence[str | None], hits: dict[int, HeaderHit], dropped: list[DroppedLine]) -> None:
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


def find_cards(kept: Sequence[str | None], raw: Sequence[str], hits: dict[int, HeaderHit], rules: HeaderRules,
           dropped: list[DroppedLine]) -> list[tuple[int, int, Card]]:
    """User cards (see posters.py) as (verb line, name line, card), once a page has two.

    Until it is known which way they point, each card opens the post below it
    (the asker's card the question); `posts_above_cards` turns that round."""
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


def cards_close_posts(cards: list[tuple[int, int, Card]], kept: Sequence[str | None],
                       hits: dict[int, HeaderHit], title_at: int) -> bool:
    """Cards sit under their posts when prose stands between the title and the
    first card: the question's, or the first answer's, text."""
    def prose(lo: int, hi: int) -> int:
        return sum(1 for i in range(lo, hi) if i not in hits and kept[i] and len(kept[i].strip()) >= PROSE_MIN_CHARS)

    return prose(title_at + 1, cards[0][0]) > 0


def posts_above_cards(cards: list[tuple[int, int, Card]], kept: Sequence[str | None],
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


def comments(kept: Sequence[str | None], raw: Sequence[str], hits: dict[int, HeaderHit], rules: HeaderRules,
              dropped: list[DroppedLine]) -> None:
    """"name:comment" lines over a metadata-only line (see posters.py) are posts,
    once a page has two of them: a lone "X: y" above a date is prose. The
    metadata line may have gone as furniture already."""
    lines = [i for i, line in enumerate(raw) if line.strip()]
    found = []
    for a, b in zip(lines, lines[1:]):
        if a in hits or b in hits or kept[a] is None or not meta_line(raw[b]):
            continue
        parsed = comment_line(kept[a], lambda name: plausible_name(clean_name(name, rules), rules))
        if parsed is not None:
            found.append((a, b, parsed))
    if len(found) < 2:
        return
    for a, b, (name, text) in found:
        hits[a] = HeaderHit("answer", author=clean_name(name, rules), text=text)
        hits[b] = HeaderHit("meta")
        if kept[b] is not None:
            dropped.append(DroppedLine(b, kept[b].strip(), "meta:comment"))


# A scholar's name and affiliation on one line over the post's date ("Ana Ruiz · University of X"
# / "Mar 3, 2024"): a capitalised name of two to four words, then the institution.
_AFFILIATION = re.compile(r"([A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,3})\s+[·•|]\s+([A-Z].{2,80})")


def name_over_byline(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules,
                      dropped: list[DroppedLine]) -> None:
    """A bare display name over a byline ("Chen Wei" / "Associate Professor · 3y") opens an answer."""
    lines = [i for i, line in enumerate(kept) if line is not None and line.strip()]
    for k, (a, b) in enumerate(zip(lines, lines[1:])):
        if a in hits or b in hits:
            continue
        # "Olga Petrova" / "ML Engineer" / "6d": the job title under a name is no name
        if k > 0 and lines[k - 1] == a - 1 and lines[k - 1] not in hits and block_name(kept[lines[k - 1]], rules):
            continue
        name, below = undecorate(kept[a]), kept[b].strip()
        affiliation = _AFFILIATION.fullmatch(name)
        if affiliation and plausible_name(affiliation.group(1), rules):
            name = affiliation.group(1)  # "Ana Ruiz · University of X" (ResearchGate, Academia): the name
        if len(name) > 30 or not plausible_name(name, rules) or not rules.byline.match(below):
            continue
        if rules.byline.match(name):
            continue  # two bylines in a row ("X 作者 · 1小时前" over "Y 河南 · 1小时前"): two posts' headers
        if _names_own_poster(below, rules):
            continue
        if re.search(r"[\u4e00-\u9fff]", name) and len(name) > 16:
            continue
        hits[a] = HeaderHit("answer", author=clean_name(name, rules))
        hits[b] = HeaderHit("meta")  # structure: kept out of the answer text
        dropped.append(DroppedLine(b, below, "meta:byline"))


def bylines_under_headers(kept: Sequence[str | None], hits: dict[int, HeaderHit], rules: HeaderRules,
                          dropped: list[DroppedLine]) -> None:
    """The byline right under an answer's header or credit ("作者: X" over
    "PhD in Physics, MIT · Updated 3y") is the author's credentials, not the
    answer; so is the name printed again under an avatar line."""
    lines = [i for i, line in enumerate(kept) if line is not None and line.strip()]
    for a, b in zip(lines, lines[1:]):
        h = hits.get(a)
        if h is None or h.kind not in ("answer", "credit") or b in hits:
            continue
        below = kept[b].strip()
        if h.kind == "answer" and (rules.is_anonymous(below) or (h.author and undecorate(below) == h.author)):
            hits[b] = HeaderHit("meta")  # the name again under its avatar line ("X的头像" / "X")
            dropped.append(DroppedLine(b, below, "meta:name-repeat"))
            continue
        if len(below) > 120 or not rules.byline.match(below) or _names_own_poster(below, rules):
            continue
        hits[b] = HeaderHit("meta")
        dropped.append(DroppedLine(b, below, "meta:byline"))


def _names_own_poster(line: str, rules: HeaderRules) -> bool:
    """A byline that names its own poster after a marker ("Posted by u/X · 3y")."""
    marker = load_poster_rules().prefix.match(line)
    return bool(marker and marker.group().strip()) and poster_line(
        line, lambda n: plausible_name(n, rules, suffixes=False)) is not None


# A name block's name: a Chinese handle is one word (what follows it is a bio
# or a badge: "林深见鹿 中科院在读博士"), a display name at most a few.
BLOCK_NAME_MAX = {"cjk": 16, "other": 30}
# Lines between a name and its post's first line: badges, ranks, job titles.
BLOCK_BADGES_MAX = 2
BADGE_MAX_CHARS = 40
HEADLINE_MAX_CHARS = 160  # LinkedIn's headline under a name: "VP Talent | Ex-… | Building …"
# A profile card's bio under its follow button: a line or two.
CARD_BIO_LINES = 2
# Post metadata: what the boilerplate stage dropped as times, counters, bars and
# comment-list furniture; not image placeholders or end marks, which sit inside
# posts. A divider ("---" between the posts of a Markdown clip) is evidence that
# a post ended, but a post may hold one too: it never closes a post for good.
_DIVIDERS = ("meta:punctuation-only", "meta:divider-label")
_META_REASONS = _DIVIDERS + ("meta:tokens", "meta:tag-chips", "meta:date", "meta:connection", "meta:role", "meta:signature", "meta:vote-count", "meta:level-badge", "meta:repost-byline",
                 "meta:reply-to", "counter:", "social:bar", "social:collect-prompt", "comments:count",
                 "comments:more", "comments:heading", "comments:prompt", "nav:sort")
_HANDLE_LINE = re.compile(r"@[\w.-]{1,30}")
_FOLLOW = re.compile(r"(\+\s*)?(follow|关注|follow back|关注他|关注她)", re.IGNORECASE)


# An ad heading that carries its pitch on the same line ("[Promoted] Acme · Land the offer. …"):
# the ad is over, so a name right under it opens a real post.
_WHOLE_AD = re.compile(r"[.!?。!?]\s+\S|.{60}")


def _whole_ad(line: str) -> bool:
    return bool(_WHOLE_AD.search(line.strip()))


def block_name(line: str, rules: HeaderRules) -> str | None:
    """The name on a line that holds a name and maybe a badge or a bio, else None."""
    # "Tina-金工研究员:" alone over the post (知识星球's comments): the colon is the header's
    s = re.sub(r"\s*:$", "", undecorate(line))
    # a name starts with a letter, a digit or a Han character and holds no sentence punctuation
    if not s or len(s) > 48 or not re.match(r"[^\W_]", s) or re.search(r"[。!?;:,、]", s):
        return None
    affiliated = rules.affiliated.match(s)
    if affiliated and not load_poster_rules().time.fullmatch(affiliated.group("author")):
        part = affiliated.group("author")  # "Acme · xK9q2w" (Blind): the handle after the employer
    else:
        part = clean_name(re.split(r"\s*[·•|｜/]\s*", s)[0], rules)
    words = part.split()
    if not words:
        return None
    if _CJK.search(words[0]):
        if len(words) > 2 and all(len(w) <= 4 for w in words):
            return None  # "百度首页 消息 登录 注册": a menu, not a name and its bio
        name = words[0]
    elif len(words) > 1 and HANDLE.fullmatch(words[0]):
        name = words[0]
    elif len(words) == 1 or all(re.fullmatch(r"[A-Z][\w.'-]*", w) for w in words):
        name = part  # "drkmeans", "Meera Krishnan", "Priya N."; not "find submissions by …"
    else:
        return None
    limit = BLOCK_NAME_MAX["cjk" if _CJK.search(name) else "other"]
    if len(name) < 2 or len(name) > limit or rules.is_anonymous(name) or not plausible_name(name, rules, suffixes=False):
        return None
    return name


@dataclass(frozen=True)
class _Page:
    """The page as name blocks read it: which lines are metadata, boundaries, badges."""

    kept: Sequence[str | None]
    raw: Sequence[str]
    hits: dict[int, HeaderHit]
    reasons: dict[int, str]  # why the boilerplate stage dropped a line

    def is_meta(self, j: int) -> bool:
        h = self.hits.get(j)
        return (self.reasons.get(j, "").startswith(_META_REASONS) or (h is not None and h.kind == "meta")
                or meta_line(self.raw[j]))

    def boundary(self, j: int) -> bool:
        # a weak header ("补充两个:") inside a post is the post's own text
        return self.kept[j] is None or (j in self.hits and self.hits[j].kind != "weak") or self.is_meta(j)

    def is_follow(self, j: int) -> bool:
        return self.reasons.get(j) == "social:bar" and bool(_FOLLOW.fullmatch(self.raw[j].strip()))

    def is_badge(self, j: int) -> bool:
        # a title or a rank, not a sentence: "Staff Engineer, Data Infrastructure", "核心会员 11"
        # (a comma in Chinese text makes a clause: "纯个人经历,不喜勿喷~" is the post)
        s = (self.kept[j] or "").strip()
        return (not self.boundary(j) and len(s) <= BADGE_MAX_CHARS and not _SENTENCE_END.search(s)
                and not (_CJK.search(s) and "," in s) and not s.startswith(("回复", "@")))


@dataclass(frozen=True)
class _Block:
    line: int  # the name line
    name: str
    badges: list[int]
    body: list[int]
    closer: int | None  # the metadata line that closes the post
    metas: list[int]  # metadata lines in the block's head ("2w", "1.2 万人赞同了该回答")


def _read_block(page: _Page, lines: list[int], k: int, name: str, rules: HeaderRules) -> _Block | None:
    """The block whose name is on lines[k], or None when the lines below do not make one."""
    # the head: metadata and badges in any order ("Dana" / "Head of ML" / "2w")
    j, badges, metas, last_meta, short_post = k + 1, [], [], None, False

    def headline(j: int) -> bool:
        # a professional network prints name / "• 2nd" / headline / time: the headline,
        # however long, is a badge when the connection degree is over it and the time under it
        return (not badges and last_meta is not None and page.reasons.get(last_meta) == "meta:connection"
                and j + 1 < len(lines) and page.is_meta(lines[j + 1])
                and len((page.kept[lines[j]] or "").strip()) <= HEADLINE_MAX_CHARS)
    while j < len(lines):
        if _HANDLE_LINE.fullmatch((page.kept[lines[j]] or "").strip()):
            # "@lenahofmann_ml" under "Lena Hofmann" (X, Mastodon, Threads)
            metas.append(lines[j])
            j += 1
            continue
        if page.is_meta(lines[j]):
            metas.append(lines[j])
            last_meta = lines[j]
        elif len(badges) < BLOCK_BADGES_MAX and (page.is_badge(lines[j]) or headline(j)):
            # "name" / "同意" / its time / the next name: a short post is over
            short_post = bool(badges) and last_meta is not None and block_name(page.kept[lines[j]], rules) is not None
            if short_post:
                break
            badges.append(lines[j])
            last_meta = None
        else:
            break
        j += 1
    body = []
    while j < len(lines) and not short_post and not page.boundary(lines[j]):
        # a name right over a line of metadata is the next post's head ("小透明233" / "2024-03-12
        # 回复" under a blog comment whose closing bar the site does not print)
        if body and j + 1 < len(lines) and page.is_meta(lines[j + 1]) \
                and block_name(page.kept[lines[j]] or "", rules) is not None:
            break
        body.append(lines[j])
        j += 1
    closer = lines[j] if j < len(lines) and page.is_meta(lines[j]) else None
    # metadata under the name and no closing bar: the post is prose, or the
    # metadata holds its time ("小透明233" / "2024-03-12 回复" / "mark,收藏了")
    timed = any(load_poster_rules().time.search(page.raw[m]) for m in metas)
    if short_post or (not body and badges and ((closer or last_meta) is not None or timed)):
        # a short post under its name: "同意" over its time, or under the time ("2024-04-03" / "mark")
        body, badges, closer = badges, [], last_meta if short_post or closer is None else closer
    if not body or not (closer is not None or (metas and (timed or is_prose(page.kept[body[0]] or "")))):
        return None
    return _Block(lines[k], name, badges, body, closer, metas)


def _profile_card(page: _Page, lines: list[int], k: int) -> list[int]:
    """The lines of a profile card whose name is on lines[k]: a name, its handle,
    a follow button and a short bio ("Relevant people", "Who to follow" on X), or []."""
    if k + 2 >= len(lines) or not _HANDLE_LINE.fullmatch((page.kept[lines[k + 1]] or "").strip()) \
            or not page.is_follow(lines[k + 2]):
        return []
    card = lines[k:k + 3]
    for j in lines[k + 3:k + 3 + CARD_BIO_LINES]:
        if j != card[-1] + 1 or page.boundary(j):
            break
        card.append(j)
    return card


def name_blocks(kept: Sequence[str | None], raw: Sequence[str], hits: dict[int, HeaderHit], rules: HeaderRules,
                dropped: list[DroppedLine], furniture: Furniture) -> set[int]:
    """Name blocks open posts, once a page has two posts; returns the lines
    of metadata that close a post (what follows one, up to the next post, is
    nobody's: "作者回复" and its text under a WeChat comment).

    A block starts after the page's title, right after furniture, metadata or
    a floor label, with a short line that holds a name (`block_name`). Under
    it may come metadata and up to two short badge lines (a rank, a job
    title), then the post. Post metadata must stand right under the name (a
    vote count: "1.2 万人赞同了该回答") or close the post (its time and reply
    bar): a heading over a paragraph has neither. A short post ("同意") is the
    short line itself, closed by metadata.
    """
    page = _Page(kept, raw, hits, {d.line: d.reason for d in furniture.dropped})
    lines = [i for i, line in enumerate(raw) if line.strip()]
    # the page's title: a post may open right under it (LinkedIn, 脉脉), none above it
    head = [i for i in lines if kept[i] is not None][:TITLE_LOOKAHEAD]
    title_at = next((i for i in head if "?" in (kept[i] or "")), head[0] if head else -1)
    title = (kept[title_at] or "").strip() if title_at >= 0 else ""

    def opens_after(j: int) -> bool:
        # a short line right under a header that names its poster is that
        # poster's flair or badge ("submitted … by X" over "Experienced"); a
        # floor label ("B12", "5楼") heads the post whose name comes next
        h = hits.get(j)
        return (kept[j] is None or page.is_meta(j) or j == title_at or j in cut
                or (h is not None and h.kind in ("question", "section")))

    found: list[_Block] = []
    taken: set[int] = set()  # lines of a block's head: a badge is no name of its own
    cut: set[int] = set()  # last lines of posts whose body ended at the next post's name
    for k, i in enumerate(lines):
        # above the title, "联络资讯" / "返回看板" / "分享" is a menu
        if k == 0 or i <= title_at or i in taken or page.boundary(i) or not opens_after(lines[k - 1]):
            continue
        name = block_name(kept[i], rules)
        card = _profile_card(page, lines, k) if name is not None else []
        if card:
            for j in card:
                hits[j] = HeaderHit("meta")
                if kept[j] is not None:
                    dropped.append(DroppedLine(j, kept[j].strip(), "meta:profile-card"))
            continue
        block = _read_block(page, lines, k, name, rules) if name is not None else None
        if block is None:
            continue
        if kept[i].rstrip().endswith(":") and (block.badges or any(m < block.body[0] for m in block.metas)):
            continue  # "shortlink:" over a menu: a label; a name with a colon heads its post directly
        if page.reasons.get(lines[k - 1], "").startswith("promo:sponsored") and not _whole_ad(raw[lines[k - 1]]):
            continue  # "Promoted" / "ChipCloud" / "@chipcloud": the advertiser's card is the ad
        if title and any(len(kept[b].strip()) >= TITLE_MIN_CHARS and kept[b].strip() in title for b in block.body):
            continue  # "工作板" over the title's echo: a board's name, not a poster
        found.append(block)
        taken.update(block.badges)
        if block.closer is None:
            cut.add(block.body[-1])
    if len(found) + sum(h.kind == "answer" for h in hits.values()) < 2:
        return set()
    for n, block in enumerate(found):
        _mark_block(block, n == 0 and opens_thread(block.line, kept, hits), kept, hits, dropped)
    return {b.closer for b in found if b.closer is not None and page.reasons.get(b.closer) not in _DIVIDERS}


def _mark_block(block: _Block, opening: bool, kept: Sequence[str | None], hits: dict[int, HeaderHit],
                dropped: list[DroppedLine]) -> None:
    """Hits and audit entries for one block's name, badges and metadata."""
    # the opening post is the question when it asks one; a note or an article
    # that opens a page of comments (小红书, a blog) is an answer
    asks = opening and any("?" in (kept[j] or "") for j in block.badges + block.body)
    hits[block.line] = HeaderHit("answer", author=block.name, first_is_question=asks)
    dropped.append(DroppedLine(block.line, (kept[block.line] or "").strip(), "header:name-block"))
    # an article's title under its author's name ("26届秋招复盘|这几个岗位…")
    title = next((b for b in block.badges if len((kept[b] or "").strip()) >= TITLE_MIN_CHARS), None)
    for b in block.badges:
        text = (kept[b] or "").strip()
        if opening and not asks and b == title:
            hits[b] = HeaderHit("title", text=text)
            dropped.append(DroppedLine(b, text, "head:title-under-name"))
        else:
            hits[b] = HeaderHit("meta")
            dropped.append(DroppedLine(b, text, "meta:badge"))
    for m in block.metas + ([block.closer] if block.closer is not None else []):
        if kept[m] is not None and m not in hits:
            hits[m] = HeaderHit("meta")  # "6d", "来自Android客户端 4楼 2023-10-16 09:26"
            dropped.append(DroppedLine(m, kept[m].strip(), "meta:post"))
