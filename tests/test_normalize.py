"""Tests for the normalize stage: line cleaning, script conversion, HTML, rows."""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.errors import DiscourseError
from discourse.normalize import (
    clean_line,
    detect_language,
    html_to_text,
    is_traditional,
    normalize,
    t2s_converter,
)
from discourse.records import RawDoc, Row

SEEDS = Path(__file__).resolve().parents[1] / "corpus"
TRADITIONAL_SEED = SEEDS / "001_14800457990cb48d.txt"


def raw(text: str, fmt: str = "text", rows: tuple[Row, ...] = ()) -> RawDoc:
    return RawDoc("page.txt", text, "utf_8", fmt, "digest", rows)


def seed(path: Path) -> RawDoc:
    return RawDoc(path.name, path.read_text(encoding="utf-8"), "utf_8", "text", "d")


# --------------------------------------------------------------------------- line cleaning


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("深度学习&nbsp;&nbsp;门槛", "深度学习 门槛"),
        ("CV&#xff0c;NLP&#65311;", "CV,NLP?"),
        ("CV#xff0c;NLP#xff1f;", "CV,NLP?"),  # the ampersand lost by a WeChat mirror
        ("他说&amp;quot;卷&amp;quot;", '他说"卷"'),
        ("&amp;lt;b&amp;gt;加粗&amp;lt;/b&amp;gt;", "加粗"),
        ("https://example.com/?a=1&para=2&copy=3", "https://example.com/?a=1&para=2&copy=3"),
        ("AT&T 和 R&D", "AT&T 和 R&D"),
    ],
)
def test_entities(line, expected):
    assert clean_line(line) == expected


def test_seed_span_with_inline_css_vanishes():
    line = TRADITIONAL_SEED.read_text(encoding="utf-8").splitlines()[4]
    assert "caret-color" in line  # the fixture really has the debris
    cleaned = clean_line(line)
    for debris in ("span", "style", "max-width", "caret-color", "rgb(", "!important", "box-sizing", ">", '"'):
        assert debris not in cleaned
    assert cleaned.startswith("?深度學習成為近些年來較為熱門的領域")
    assert "本文匯總了知乎三位答主的精華回答" in cleaned


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('正文<span style="max-width: 100%;caret-color: rgb(0, 0, 0);">加粗</span>结束', "正文加粗结束"),
        ('正文<span style="max-width: 100%;caret-color: rgb(0, 0, 0);overflow-wrap: break-word', "正文"),
        ('正文 style="color: rgb(255, 0, 0);font-size: 14px;" 后文', "正文 后文"),
        ("max-width: 100%;box-sizing: border-box !important;overflow-wrap: break-word !important;正文", "正文"),
        ("<p>第一段<br/>续</p><!-- 注释 -->", "第一段续"),
        ('<a href="https://www.zhihu.com/question/1">原问题</a>', "原问题"),
        ("用 List<String> 和 a < b > c", "用 List<String> 和 a < b > c"),
        ("比如: 数据增强;模型压缩;", "比如: 数据增强;模型压缩;"),
        ("self-supervised: promising; semi-supervised: crowded;", "self-supervised: promising; semi-supervised: crowded;"),
    ],
)
def test_tags_and_css_debris(line, expected):
    assert clean_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("深度\u200b学习\u200c\u200d\ufeff", "深度学习"),
        ("soft\u00adhyphen\u2060", "softhyphen"),
        ("响铃\x07和\x1b退格", "响铃和退格"),
        ("制表\t分隔", "制表 分隔"),
        ("双向\u202e文字\u202c", "双向文字"),
        ("ＮＬＰ，卷吗？\u3000是的！", "NLP,卷吗? 是的!"),
        ("  2.   教育  ", "2. 教育"),
        ("- 列表 项 ", "- 列表 项"),
    ],
)
def test_invisible_characters_nfkc_and_spaces(line, expected):
    assert clean_line(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2021年深度學(xué)習(xí)哪些方向比較新穎", "2021年深度學習哪些方向比較新穎"),
        ("學習（xuéxí）", "學習"),
        ("学(xue2)习(xi2)", "学习"),
        ("點(diǎn)擊下方", "點擊下方"),
        ("權(quán)重", "權重"),
        # ordinary parentheses stay
        ("網絡架構搜索(NAS)", "網絡架構搜索(NAS)"),
        ("需要比較特殊的假設 (paper: https://arxiv.org/pdf/2103.05793.pdf)", "需要比較特殊的假設 (paper: https://arxiv.org/pdf/2103.05793.pdf)"),
        ("AI 2年前 (2022) admin", "AI 2年前 (2022) admin"),
        ("请联系我们(QQ:78799268)改正", "请联系我们(QQ:78799268)改正"),
        ("一个小技巧(trick)和基线方法(baseline)", "一个小技巧(trick)和基线方法(baseline)"),
        ("模型(v2)和吴恩达(Andrew Ng)", "模型(v2)和吴恩达(Andrew Ng)"),
        ("函数(x)", "函数(x)"),
    ],
)
def test_pinyin_annotations(line, expected):
    assert clean_line(line) == expected


# --------------------------------------------------------------------------- documents


def test_seed_pages_stay_line_aligned_and_simplified_ones_are_untouched():
    for path in sorted(SEEDS.glob("*.txt")):
        doc = normalize(seed(path))
        assert len(doc.lines) == len(doc.original) == len(path.read_text(encoding="utf-8").splitlines())
        assert doc.language == "zh"
        assert doc.source == path.name and doc.digest == "d"
        if path == TRADITIONAL_SEED:
            assert doc.traditional
        else:
            assert not doc.traditional
            assert doc.lines == doc.original


def test_traditional_seed_is_converted_and_the_original_kept():
    doc = normalize(seed(TRADITIONAL_SEED))
    assert doc.original[0] == "2021年深度學習哪些方向比較新穎,處于上升期或者朝陽階段,比較有研究潛力?"
    assert doc.lines[0] == "2021年深度学习哪些方向比较新颖,处于上升期或者朝阳阶段,比较有研究潜力?"
    header = doc.lines.index("作者:Zhifeng")
    assert doc.original[header] == "作者:Zhifeng"
    assert all("(xué)" not in line for line in doc.original)
    assert any("以上几个task是重灾区" in line for line in doc.lines)


def test_script_is_decided_per_document_not_per_line():
    # A simplified page quoting one traditional line stays as written...
    simplified = seed(SEEDS / "000_f85fb479c42f6a95.txt")
    mixed = normalize(raw(simplified.text + "\n引用: 對比學習為代表的自監督學習算法\n"))
    assert not mixed.traditional
    assert mixed.lines[-1] == "引用: 對比學習為代表的自監督學習算法"
    # ...and a traditional page's simplified-looking lines are still converted.
    doc = normalize(raw("深度學習哪些方向比較新穎\n干货\n乾坤"))
    assert doc.traditional and doc.lines == ("深度学习哪些方向比较新颖", "干货", "乾坤")


def test_simplified_text_with_legitimate_t2s_hits_is_not_traditional():
    convert = t2s_converter()
    text = "这是一篇著名的论文,著作等身,深度学习的研究方向很多,我们讨论卷与不卷的问题。" * 3
    assert not is_traditional(text, convert)
    assert is_traditional("對比學習為代表的自監督學習算法", convert)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Is computer vision saturated? Most people I know moved to NLP, 卷 everywhere.", "en"),
        ("CV和NLP长期以来是互相学习、互相赶超的关系, Transformer, BERT, GPT-3 and diffusion models", "zh"),
        ("2021 12345 !!!", "zh"),
    ],
)
def test_language(text, language):
    assert detect_language(text) == language


def test_english_document():
    doc = normalize(raw("Answer by Alice\n\nComputer vision is a red ocean now &mdash; don&#39;t bother.\n"))
    assert doc.language == "en" and not doc.traditional
    assert doc.lines == ("Answer by Alice", "", "Computer vision is a red ocean now — don't bother.")


# --------------------------------------------------------------------------- HTML


PAGE = """<!DOCTYPE html>
<html><head><title>深度学习领域有哪些瓶颈? - 极市平台</title>
<style>.nav { color: red; }</style><script>var x = "<p>不要我</p>";</script></head>
<body>
<nav><ul><li><a href="/">首页</a></li><li>教育</li></ul></nav>
<!-- 广告位 -->
<article>
  <h1>深度学习领域有哪些瓶颈?</h1>
  <p>作者 | 叶琛小先森</p>
  <p>众所周知,无论是传统的分类、匹配,
     还是近期的图像理解&nbsp;任务,<b>凡是</b>采用深度学习的地方<br>都对标注数据有很高的依赖。</p>
  <pre>inputs = tokenizer("Hello world!")
outputs = model(**inputs)</pre>
  <table><tr><td>CV</td><td>卷</td></tr></table>
</article>
<noscript>请启用JavaScript</noscript>
<footer>© 2022 极市平台 版权所有</footer>
</body></html>"""


def test_html_to_text_keeps_blocks_as_lines_and_drops_code():
    lines = html_to_text(PAGE).splitlines()
    text = "\n".join(lines)
    assert lines[0] == "深度学习领域有哪些瓶颈? - 极市平台"
    for gone in ("color: red", "var x", "不要我", "广告位", "请启用JavaScript"):
        assert gone not in text
    for kept in ("首页", "教育", "作者 | 叶琛小先森", "© 2022 极市平台 版权所有", "CV 卷"):
        assert kept in lines
    assert "众所周知,无论是传统的分类、匹配, 还是近期的图像理解 任务,凡是采用深度学习的地方" in lines
    assert "都对标注数据有很高的依赖。" in lines
    assert 'inputs = tokenizer("Hello world!")' in lines and "outputs = model(**inputs)" in lines
    assert "" not in lines


def test_normalize_html_document():
    doc = normalize(RawDoc("a.html", PAGE, "utf_8", "html", "d"))
    assert "众所周知,无论是传统的分类、匹配, 还是近期的图像理解 任务,凡是采用深度学习的地方" in doc.lines
    assert not any("<" in line and "style" in line for line in doc.lines)
    assert len(doc.lines) == len(doc.original)


# --------------------------------------------------------------------------- rows


def test_rows_are_cleaned_and_converted_together():
    rows = (
        Row(1, "對比學(xué)習(xí)&nbsp;的上限\n\n\n幾乎是肉眼可見的\u200b", author=" 謝凌曦 ", question="深度學習哪些方向比較新穎?", extra={"label": "crowded", "votes": 3}),
        Row(5, "Transformer<span style=\"max-width: 100%;box-sizing: border-box;\">刷一遍</span>", author="Giant"),
    )
    doc = normalize(raw("", "rows", rows))
    assert doc.lines == () and doc.original == ()
    assert doc.traditional and doc.language == "zh"
    first, second = doc.rows
    assert first.text == "对比学习 的上限\n\n几乎是肉眼可见的"
    assert (first.author, first.question, first.line) == ("谢凌曦", "深度学习哪些方向比较新颖?", 1)
    assert first.extra == {"label": "crowded", "votes": 3}
    assert (second.text, second.author, second.line) == ("Transformer刷一遍", "Giant", 5)


# --------------------------------------------------------------------------- OpenCC packages


def _fake_opencc(accepts: set[str]) -> types.ModuleType:
    module = types.ModuleType("opencc")

    class OpenCC:
        def __init__(self, config: str) -> None:
            if config not in accepts:
                raise FileNotFoundError(config)

        def convert(self, text: str) -> str:
            return text.replace("學", "学")

    module.OpenCC = OpenCC
    return module


@pytest.fixture
def fresh_converter():
    t2s_converter.cache_clear()
    yield
    t2s_converter.cache_clear()


def test_cpp_opencc_config_name_is_supported(monkeypatch, fresh_converter):
    monkeypatch.setitem(sys.modules, "opencc", _fake_opencc({"t2s.json"}))
    assert t2s_converter()("學") == "学"


def test_unusable_opencc_raises_a_named_error(monkeypatch, fresh_converter):
    monkeypatch.setitem(sys.modules, "opencc", _fake_opencc(set()))
    with pytest.raises(DiscourseError, match="pip install opencc-python-reimplemented"):
        t2s_converter()


def test_missing_opencc_raises_a_named_error(monkeypatch, fresh_converter):
    monkeypatch.setitem(sys.modules, "opencc", None)  # makes `import opencc` fail
    with pytest.raises(DiscourseError, match="pip install"):
        t2s_converter()


# --------------------------------------------------------------------------- properties

# Pieces that exercise every step, so generated lines hit the interesting paths.
PIECES = st.sampled_from(
    [
        "學", "(xué)", "（xí）", "(NAS)", "&amp;", "&nbsp;", "#xff0c;", "&amp;quot;", "＆ｌｔ；", "ｂ＞",
        "<span style=\"color: red;\">", "</span>", "<p", "style=\"", "max-width: 1px;", "box-sizing: x;",
        "\u200b", "\ufeff", "\u00ad", "\x00", "\t", "  ", "\u3000", "\u2028", "卷", "對比", "Transformer", "ｘｕé", "(", ")", "\ud800",
    ]
)
LINES = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=12).map("".join)
TEXTS = st.lists(LINES, max_size=6).map("\n".join)
ANY_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(["\ud800", "\udfff", "\x85", "\u2029"])))


def _renormalize(lines: tuple[str, ...]) -> tuple[str, ...]:
    return normalize(raw("".join(line + "\n" for line in lines))).lines


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_normalize_is_idempotent(text):
    once = normalize(raw(text)).lines
    assert _renormalize(once) == once


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_normalize_never_raises_and_stays_aligned(text):
    doc = normalize(raw(text))
    assert len(doc.lines) == len(doc.original) == len(text.splitlines())
    assert _renormalize(doc.lines) == doc.lines


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=20).map("".join))
def test_html_to_text_never_raises(markup):
    text = html_to_text("<html><body><p>" + markup + "</p></body></html>")
    assert isinstance(normalize(RawDoc("a.html", markup, "utf_8", "html", "d")).lines, tuple)
    assert "<p>" not in text
