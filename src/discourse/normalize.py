"""Stage 2, normalize: clean decoded text line by line, keeping lines aligned.

`normalize(doc)` returns a `CleanDoc` whose `lines[i]` and `original[i]` both
come from line i of the (HTML-stripped) input, so later stages can quote the
original script for any simplified line they keep.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
)

from .errors import DiscourseError
from .records import CleanDoc, RawDoc, Row
from .script import HAN as _HAN_RE, HAN_RANGES as _HAN

Converter = Callable[[str], str]

# A document counts as traditional when more than this share of its Han
# characters change under t2s. Simplified text has a few legitimate hits
# (著 in 著名, 乾 in 乾坤), traditional text has 10-30%.
TRADITIONAL_SHARE = 0.01
# Below this share of Han characters among letters a text is English; Chinese
# answers full of English terms (CV, NLP, Transformer) stay well above it.
CJK_LANGUAGE_SHARE = 0.10


# ---------------------------------------------------------------- step 1: entities

# Only entities with their semicolon: `&para=` and `&copy=` in URLs must survive.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# WeChat mirrors lose the ampersand: `#xff0c;` for `&#xff0c;` (full-width comma).
_BARE_HEX = re.compile(r"(?<!&)#[xX]([0-9a-fA-F]{2,6});")
# ...and leave `&nbsp` without its semicolon before CJK text.
_BARE_NBSP = re.compile(r"&nbsp(?![;A-Za-z0-9])")


def _decode_entities(line: str) -> str:
    """Entities, repeatedly: `&amp;quot;` is `&quot;` escaped once more."""
    if "&" not in line and "#" not in line:
        return line
    while True:
        new = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
        new = _BARE_HEX.sub(_hex_char, new)
        new = _BARE_NBSP.sub(" ", new)
        if new == line:
            return line
        line = new


def _hex_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return match.group(0)
    return chr(code)


# ---------------------------------------------------------------- step 2: tags and CSS

# Tag names seen in scraped pages. A `<name>` not in this set is kept unless it
# carries attributes, so `List<String>` and `a<b>c` in code survive.
_HTML_TAGS = (
    "a|abbr|article|aside|b|big|blockquote|body|br|center|code|col|colgroup|dd|del|div|dl|dt|em|"
    "figcaption|figure|font|footer|h[1-6]|head|header|hr|html|i|iframe|img|ins|kbd|label|li|link|"
    "mark|meta|nav|ol|p|pre|s|section|small|source|span|strike|strong|sub|sup|svg|table|tbody|"
    "td|tfoot|th|thead|title|tr|tt|u|ul|video|mpvoice|mp-style-type|mpprofile|qqmusic"
)
_TAG = re.compile(
    rf"<!--.*?-->|<!--.*$|</?(?:{_HTML_TAGS})\b[^<>]*>|</?[A-Za-z][\w:-]*\s+[\w:-]+\s*=\s*[^<>]*>",
    re.IGNORECASE,
)
# A tag cut off at the end of the line, e.g. `<span style="max-width: 100%;...`.
_OPEN_TAG_AT_END = re.compile(rf"</?(?:{_HTML_TAGS})\b(?:\s[^<>]*)?$", re.IGNORECASE)
# `style="..."` and similar attribute debris left without its tag, with the tag
# name when mojibake ate its `<` (`帮助?span style="...">` in a WeChat mirror).
_ATTRIBUTE = re.compile(
    rf"""(?:[<?](?:{_HTML_TAGS})\s+)?\b(?:style|class|data-[\w-]+)\s*=\s*(?:"[^"]*"?|'[^']*'?)\s*/?>?""",
    re.IGNORECASE,
)
# Two or more CSS declarations in a row (`max-width: 100%;box-sizing: border-box !important;`).
# Property names must start with a CSS stem, so prose such as
# `self-supervised: promising; semi-supervised: crowded;` survives.
_CSS_DECL = (
    r"(?:-webkit-|-moz-|-ms-)?"
    r"(?:max|min|caret|text|overflow|word|box|font|line|letter|white|background|margin|padding|"
    r"border|vertical|outline|list|flex|align|justify|transform|transition|color|width|height|"
    r"display|float|visibility|position|top|left|right|bottom|opacity|cursor|clear|zoom|z)(?:-[a-z]+)*"
    r"\s*:\s*[^;:<>\"'\u4e00-\u9fff]{1,120}?(?:\s*!important)?\s*;"
)
_CSS_RUN = re.compile(rf"(?:{_CSS_DECL}\s*){{2,}}\"?>?", re.IGNORECASE)


def _strip_markup(line: str) -> str:
    if "<" not in line and "=" not in line and ";" not in line:
        return line
    line = _TAG.sub("", line)
    line = _OPEN_TAG_AT_END.sub("", line)
    line = _ATTRIBUTE.sub("", line)
    return _CSS_RUN.sub("", line)


# ---------------------------------------------------------------- step 2b: Markdown links

# `[chen-yufan](https://github.com/chen-yufan)` → `chen-yufan`: pages clipped to
# Markdown keep every name, button and menu entry as a link, and the URL hides
# the line's shape from the later stages (a poster line, a "Sign in" button).
# Images (`![alt](src)`) stay: the boilerplate stage knows them as placeholders.
_MD_LINK = re.compile(r"(?<![!\\])\[([^\[\]]{1,200})\]\((?:[^()\s]{0,500}|<[^<>]{0,500}>)(?:\s+\"[^\"]{0,200}\")?\)")


def _strip_md_links(line: str) -> str:
    if "](" not in line:
        return line
    return _MD_LINK.sub(lambda m: m.group(1), line)


# ---------------------------------------------------------------- step 3: invisible characters

# Telnet BBS captures keep the terminal's ANSI control sequences: colour
# (`ESC[1;44;37m … ESC[m`), cursor moves (`ESC[2;1H`), clears (`ESC[K`, `ESC[2J`).
# The whole sequence goes, not only the ESC byte; a sequence whose ESC was already
# lost (`[1;33m`, a bare `[m` at a line end) is the same debris when it is a
# bracket, SGR parameters and `m` not followed by a Latin letter, digit or `]`
# (`[mixed]`, `[5m]` stay).
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\x1b[=>78]")
_ANSI_LEFTOVER = re.compile(r"\[(?:\d{1,3}(?:;\d{1,3})*)?m(?![A-Za-z0-9_\]])")


def _strip_ansi(line: str) -> str:
    """Drop ANSI terminal escape sequences and their ESC-less leftovers."""
    if "\x1b" in line:
        line = _ANSI.sub("", line)
    if "m" in line and "[" in line:
        line = _ANSI_LEFTOVER.sub("", line)
    return line



def _strip_invisible(line: str) -> str:
    """Drop format/control characters (zero-width, BOM, soft hyphen, bidi, surrogates)."""
    if line.isprintable():  # fast path: no Cc/Cf/Cs/Z* but plain spaces
        return line
    out = []
    for char in line:
        category = unicodedata.category(char)
        if char == "\t" or category in ("Zl", "Zp"):
            out.append(" ")
        elif category in ("Cc", "Cf", "Cs"):
            continue
        else:
            out.append(char)
    return "".join(out)


# ---------------------------------------------------------------- step 5: pinyin ruby

# Pinyin syllables (over-generating but only letters a syllable can have). A
# token counts as pinyin when it has tone marks, or tone digits after each
# syllable, so `(NAS)`, `(trick)` and `(2022)` never match.
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ao|an|ei|en|er|ia|ie|in|iu|"
    r"ou|ua|uo|ui|un|ue|üe|ve|a|o|e|i|u|ü|v|ng|n|m)"
)
_PINYIN_MARKED = re.compile(rf"(?:{_SYLLABLE})(?:\s?(?:{_SYLLABLE}))*")
_PINYIN_DIGITS = re.compile(rf"(?:(?=[a-zü]{{2}})(?:{_SYLLABLE})[1-5]\s?)+")
_RUBY = re.compile(rf"(?<=[{_HAN}])\(\s*([a-zü{_TONE_VOWELS}0-9 ]{{1,40}}?)\s*\)")
_TONE_BASE = str.maketrans(
    _TONE_VOWELS, "aaaaeeeeiiiioooouuuuüüüü"
)


def _strip_ruby(line: str) -> str:
    """`學(xué)習(xí)` → `學習`: pinyin in parentheses right after a Han character."""
    if "(" not in line:
        return line
    return _RUBY.sub(lambda m: "" if _is_pinyin(m.group(1)) else m.group(0), line)


def _is_pinyin(token: str) -> bool:
    if any(c in _TONE_VOWELS for c in token):
        return _PINYIN_MARKED.fullmatch(token.translate(_TONE_BASE)) is not None
    return _PINYIN_DIGITS.fullmatch(token + " ") is not None


# ---------------------------------------------------------------- step 7: whitespace

_SPACES = re.compile(r"\s+")


def _collapse_spaces(line: str) -> str:
    """One space between words, none at the ends (`  2.   教育` → `2. 教育`)."""
    return _SPACES.sub(" ", line).strip()


# ---------------------------------------------------------------- the line cleaner


def clean_line(line: str) -> str:
    """Steps 1-5 and 7 for one line (step 6, t2s, is per document).

    1. HTML entities, also double-escaped (`&amp;quot;`) and ampersand-less
       (`#xff0c;`) ones;
    2. inline tags and CSS debris (`<span style="...">`, a tag cut off at the
       end of the line, stray `style="..."`, runs of `prop: value;`), and
       Markdown links reduced to their text (`[name](url)` → `name`);
    3. ANSI terminal escapes (`ESC[1;33m`, `ESC[m`, `ESC[2;1H`), then zero-width,
       format and control characters, lone surrogates;
    4. NFKC (full-width letters and punctuation become ASCII);
    5. pinyin annotations after Han characters (`學(xué)` → `學`);
    7. whitespace collapsed and trimmed.

    The steps repeat until nothing changes, because a later step can expose
    work for an earlier one (NFKC turns `＆ｌｔ；` into `&lt;`); that keeps
    normalization idempotent.
    """
    while True:
        new = _decode_entities(line)
        new = _strip_markup(new)
        new = _strip_md_links(new)
        new = _strip_ansi(new)
        new = _strip_invisible(new)
        new = unicodedata.normalize("NFKC", new)
        new = _strip_ruby(new)
        new = _collapse_spaces(new)
        if new == line:
            return new
        line = new


# ---------------------------------------------------------------- step 6: script


@lru_cache(maxsize=1)
def t2s_converter() -> Converter:
    """OpenCC's traditional→simplified converter, from either `opencc` package.

    opencc-python-reimplemented takes 't2s', the C++ binding 't2s.json'; both
    install as `import opencc`.
    """
    try:
        import opencc
    except ImportError as err:
        raise DiscourseError(
            "OpenCC is not installed: pip install opencc-python-reimplemented"
        ) from err
    for config in ("t2s", "t2s.json"):
        try:
            return opencc.OpenCC(config).convert
        except Exception:  # each package rejects the other's config name its own way
            continue
    raise DiscourseError(
        "OpenCC cannot load its t2s conversion: pip install opencc-python-reimplemented"
    )


def is_traditional(text: str, convert: Converter) -> bool:
    """Whether enough of the Han characters change under t2s (character by character)."""
    # Count distinct characters first: findall on a 50 MB page would hold one
    # string object per Han character (over a gigabyte) at once.
    counts = {char: n for char, n in Counter(text).items() if _HAN_RE.match(char)}
    total = sum(counts.values())
    if not total:
        return False
    changed = sum(n for char, n in counts.items() if convert(char) != char)
    return changed / total > TRADITIONAL_SHARE


def detect_language(text: str) -> str:
    """'zh' unless Han characters are a small share of the letters."""
    han = letters = 0
    for char, n in Counter(text).items():  # per distinct character: fast on huge pages
        if char.isalpha():
            letters += n
            if _HAN_RE.match(char):
                han += n
    if not letters:
        return "zh"
    return "zh" if han / letters >= CJK_LANGUAGE_SHARE else "en"


# ---------------------------------------------------------------- HTML documents

# Elements that break a line; everything else is inline.
_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre "
    "section summary table tbody thead tfoot tr title ul".split()
)
_DROPPED = ("script", "style", "noscript", "template", "svg")
# get_text() would otherwise print a doctype as the word "html".
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_SURROGATES = re.compile("[\ud800-\udfff]")


def html_to_text(markup: str) -> str:
    """Text of an HTML page, one line per block element.

    Scripts, styles and comments go; navigation and footers stay as text (the
    boilerplate stage decides about them). Whitespace inside a block collapses
    as a browser would (`&nbsp;` included), except in `<pre>`.
    """
    # Lone surrogates (from a broken scrape) make the parser's own encode fail.
    markup = _SURROGATES.sub("", markup)
    soup = BeautifulSoup(markup, "html.parser")
    for node in soup.select(", ".join(_DROPPED)):
        node.decompose()
    for special in soup.find_all(string=lambda s: isinstance(s, _NOT_TEXT)):
        special.extract()
    for text in soup.find_all(string=True):
        if not any(parent.name in ("pre", "textarea") for parent in text.parents):
            text.replace_with(NavigableString(_SPACES.sub(" ", str(text))))
    # Pages that mark up who wrote an answer (class="author", itemprop="author",
    # rel="author") say so in HTML; keep it as the credit line pasted pages use.
    for node in soup.find_all(_is_author_element):
        if node.parent is None:
            continue  # an author element inside one already replaced ("author" > "author-name")
        name, rest = _author_of(node)
        if name and len(name) <= 40:
            node.replace_with(NavigableString(f"\n作者: {name}\n{rest}\n"))
    for node in soup.find_all(True):
        if node.name == "br":
            node.replace_with("\n")
        elif node.name in _BLOCKS:
            node.insert_before("\n")
            node.insert_after("\n")
        elif node.name in ("td", "th"):
            node.insert_after(" ")
    # No blank lines: nested blocks each add a break, so blank lines in HTML
    # output say nothing about paragraphs.
    lines = (line.strip() for line in soup.get_text().split("\n"))
    return "\n".join(line for line in lines if line)


# "author", "author-name", "comment-author", "c-author", "comment__author", "reply-username":
# a class naming the author, alone or under a post's or a comment's component name (not
# "author-bio", "authors", nor a blog owner's sidebar: "site-author-name", "links-of-author")
_AUTHOR_CLASS = re.compile(r"^((comment|comments|c|post|reply|answer|entry|message|msg|thread|review|topic)(-|_|__))?"
                           r"(author|username|user-name|nickname|poster|commenter|byline-name)((-|_|__)name)?$",
                           re.IGNORECASE)
# an author element whose text is already a credit ("作者:X", "By X")
_CREDIT_TEXT = re.compile(r"^(作者|答主|author|by)\s*[:：|]", re.IGNORECASE)


def _is_author_element(tag) -> bool:  # noqa: ANN001 - a bs4 Tag
    classes = tag.get("class") or ()
    return any(_AUTHOR_CLASS.match(c) for c in classes) or tag.get("itemprop") == "author" \
        or "author" in (tag.get("rel") or ())


def _author_of(node) -> tuple[str, str]:  # noqa: ANN001 - a bs4 Tag
    """(name, badges) of an author element: a comment box prints its name as a link or in bold
    and a badge beside it ("<a>Ana Lee</a> <span>Top fan</span>"); else the name is all its text."""
    whole = _SPACES.sub(" ", node.get_text(" ")).strip()
    credit = _CREDIT_TEXT.match(whole)
    if credit:
        return whole[credit.end():].strip(), ""
    link = node.find(["a", "strong", "b"])
    name = _SPACES.sub(" ", link.get_text(" ")).strip() if link is not None else ""
    if not name or name == whole:
        return whole, ""
    link.extract()
    return name, _SPACES.sub(" ", node.get_text(" ")).strip()


def _squeeze_blank(lines: Iterable[str]) -> list[str]:
    """At most one empty line in a row."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out


# ---------------------------------------------------------------- the stage


def normalize(doc: RawDoc, convert: Converter | None = None) -> CleanDoc:
    """Clean a decoded document into line-aligned simplified and original text.

    HTML documents are first turned into text lines (`html_to_text`). Then each
    line goes through `clean_line`; the document is judged traditional or not
    as a whole, and only a traditional one is converted to simplified, line by
    line, so `lines` and `original` stay aligned. Row documents get the same
    treatment per row field and come back in `rows`.
    `convert` defaults to OpenCC's t2s (tests may pass their own).
    """
    if doc.fmt == "rows":
        return _normalize_rows(doc, convert)
    text = html_to_text(doc.text) if doc.fmt == "html" else doc.text
    text = _REPOST_LINK.sub(_repost_break, text)
    lines_in = text.splitlines()
    if "\f" in text:
        lines_in = _dehyphenate(lines_in)
    original = tuple(clean_line(line) for line in lines_in)
    joined = "\n".join(original)
    traditional = False
    lines = original
    if _HAN_RE.search(joined):
        convert = convert or t2s_converter()
        traditional = is_traditional(joined, convert)
        if traditional:
            lines = tuple(_simplify(line, convert) for line in original)
    return CleanDoc(
        source=doc.source,
        lines=lines,
        original=original,
        traditional=traditional,
        language=detect_language(joined),
        digest=doc.digest,
    )


# pdftotext breaks words at line ends ("promis-" / "ing for a PhD?", "under-repre-" /
# "sented"); a form feed between pages tells such a text. A line ending in a letter
# and a hyphen, over a line starting in lowercase, is one word split in two.
_SPLIT_WORD = re.compile(r"(?<=[A-Za-z])-$")
_CONTINUES = re.compile(r"^[a-z]")


def _dehyphenate(lines: list[str]) -> list[str]:
    """Words split at line ends joined again; the line under the join stays, emptied,
    so line numbers keep pointing at the file's lines."""
    out = list(lines)
    for i in range(len(out) - 1):
        head, tail = out[i].rstrip(), out[i + 1].lstrip()
        if _SPLIT_WORD.search(head) and _CONTINUES.match(tail):
            out[i], out[i + 1] = head[:-1] + tail, ""
    return out


# A repost chain keeps every reposter's words on one line: "说得对//@A:原话//@B:更早".
# Each link goes on a line of its own, so segment can give each its author.
# Only when a name and a colon follow, and never inside a URL.
_REPOST_LINK = re.compile(r"\s*//@(?=[^\s:：/]{1,30}\s*[:：])")
_URL_START = re.compile(r"(https?:|ftp:|www\.)\S*$", re.IGNORECASE)


def _repost_break(m: re.Match[str]) -> str:
    before = m.string[max(0, m.start() - 200):m.start()]
    return m.group(0) if _URL_START.search(before) else "\n//@"


def _simplify(line: str, convert: Converter) -> str:
    # Re-clean: OpenCC output is already clean, but a clean line must stay a
    # fixed point of clean_line for normalize to be idempotent.
    return clean_line(convert(line))


def _clean_block(text: str) -> str:
    """A multi-line field: each line cleaned, blank runs squeezed, ends trimmed."""
    return "\n".join(_squeeze_blank(clean_line(line) for line in text.splitlines())).strip("\n")


# A row whose text holds block markup is an HTML fragment (the "content" of
# Zhihu's and Stack Exchange's APIs): its paragraphs become lines, as in a page.
_HTML_BLOCK = re.compile(r"<(p|br|div|li|h[1-6]|blockquote|pre|figure|table|tr)\b[^>]*>", re.IGNORECASE)


def _row_text(text: str) -> str:
    return html_to_text(text) if _HTML_BLOCK.search(text) else text


def _normalize_rows(doc: RawDoc, convert: Converter | None) -> CleanDoc:
    cleaned = [
        (row, _clean_block(_row_text(row.text)), clean_line(row.author), _clean_block(row.question))
        for row in doc.rows
    ]
    joined = "\n".join(part for _, text, author, question in cleaned for part in (question, text))
    traditional = False
    if _HAN_RE.search(joined):
        convert = convert or t2s_converter()
        traditional = is_traditional(joined, convert)
    rows = []
    for row, text, author, question in cleaned:
        if traditional:
            text = "\n".join(_simplify(line, convert) for line in text.split("\n"))
            question = "\n".join(_simplify(line, convert) for line in question.split("\n"))
            author = _simplify(author, convert)
        rows.append(Row(line=row.line, text=text, author=author, question=question, extra=row.extra))
    return CleanDoc(
        source=doc.source,
        lines=(),
        original=(),
        traditional=traditional,
        language=detect_language(joined),
        digest=doc.digest,
        rows=tuple(rows),
    )
