"""A hostile corpus, generated here: every file yields its content or a `rejected[]` entry.

Legacy encodings, a mixed-encoding page, an empty file, a binary file named
`.txt`, a JSONL file with broken lines, HTML with scripts and event handlers,
a 1 MB line, a page of nothing but furniture, a symlink loop and an
unreadable file all sit in one corpus folder; the run exits 0, the report
renders, and not one byte of the corpus changes. A 50 MB page is read on its
own, in a child process whose peak memory is measured.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from discourse.cli import main
from discourse.read import decode_bytes

# Real sentences, in the register of the seed pages.
CV = "计算机视觉这几年确实很卷,顶会论文数量暴涨,做检测分割的人太多了,我不推荐新人再进这个方向。"
MM = "相比之下,多模态和具身智能还处在上升期,我比较看好,值得投入。"
REC = "推荐系统方向现在很卷,但自动驾驶感知还有不少机会,尤其是数据闭环相关的岗位。"
ALGO = "算法岗已经是红海了,每年秋招投递的人数都在翻倍,岗位却没有增加多少。"
RL = "强化学习和大模型结合的方向很有潜力,机会很多。"
TW_Q = "現在讀博選CV還是NLP?"
TW_A = "電腦視覺這幾年確實很卷,論文數量暴漲,我不推薦新人再進這個方向。"
TW_B = "反而機器人與具身智能還在上升期,我比較看好。"


def page(question: str, *answers: tuple[str, str]) -> str:
    """A pasted Q&A page in the `作者:` style of the seed pages."""
    parts = [question, ""]
    for author, text in answers:
        parts += [f"{author}:", "", text, ""]
    return "\n".join(parts)


HTML = """<!DOCTYPE html>
<html><head><title>博士选方向?</title>
<script>var tracker = "SCRIPT_MARKER"; document.write("<p>SCRIPT_WRITE_MARKER</p>");</script>
<style>.answer { color: red } /* STYLE_MARKER */</style></head>
<body onload="track('ONLOAD_MARKER')">
<h1>问题 &amp; 回答:博士应该选哪个方向?</h1>
<div class="answer">
<span class="author">王五</span>
<p onclick="steal('CLICK_MARKER')">强化学习&nbsp;现在很&#x5377;,但具身智能&lt;机器人&gt;方向我很看好,值得投入。</p>
<img src="x.png" onerror="alert('ERROR_MARKER')">
<a href="javascript:void(0)" onmouseover="hover('HOVER_MARKER')">扩散模型&#20063;已经饱和了,做采样加速的论文太多。</a>
</div>
<noscript>NOSCRIPT_MARKER</noscript>
</body></html>
"""
HTML_MARKERS = ("SCRIPT_MARKER", "SCRIPT_WRITE_MARKER", "STYLE_MARKER", "ONLOAD_MARKER", "CLICK_MARKER",
                "ERROR_MARKER", "HOVER_MARKER", "NOSCRIPT_MARKER")

JSONL_LINES = [
    json.dumps({"text": ALGO, "author": "李四", "question": "算法岗还值得去吗?"}, ensure_ascii=False),  # 1 good
    json.dumps({"text": 123, "author": "x"}),  # 2 wrong type
    '{"text": "NLP是蓝海", "author": ',  # 3 cut off
    json.dumps({"author": "Giant", "likes": 12}, ensure_ascii=False),  # 4 no text field
    json.dumps(["not", "an", "object"]),  # 5 not an object
    json.dumps({"text": REC, "author": 42, "question": "算法岗还值得去吗?"}, ensure_ascii=False),  # 6 good
    "\x00\x01 garbage",  # 7 not JSON
]

BOILERPLATE_ONLY = "\n".join([
    "首页 > 教育 > 深度学习",
    "登录/注册",
    "1234 次点击",
    "点赞 评论 分享 收藏",
    "点击上方蓝字关注我们",
    "扫码进群,备注:研究方向",
    "版权所有 © 2023 某某网 All rights reserved",
    "发表评论",
    "http://example.com/a/b",
])


def long_line(size: int) -> str:
    """One line of `size` characters or more: real sentences, no newline."""
    unit = CV + MM + RL + REC + ALGO
    return (unit * (size // len(unit) + 1))


def build_corpus(root: Path) -> dict[str, str]:
    """Write the hostile corpus; returns what each file is expected to do ('kept' or a reason fragment)."""
    root.mkdir(parents=True)
    expect: dict[str, str] = {}

    def put(name: str, data: bytes, outcome: str) -> None:
        (root / name).write_bytes(data)
        expect[name] = outcome

    put("gbk_page.txt", page("算法岗还值得去吗?", ("Giant", ALGO), ("桔了个仔", REC)).encode("gbk"), "kept")
    put("big5_page.txt", page(TW_Q, ("阿明", TW_A), ("小華", TW_B)).encode("big5"), "kept")
    put("utf16_page.txt", page("现在读博选CV还是NLP?", ("谢凌曦", CV), ("张三", MM)).encode("utf-16"), "kept")
    # A UTF-8 page with one answer pasted in from a GBK page.
    mixed = (page("深度学习往哪个方向发力?", ("甲", CV)).encode("utf-8")
             + page("", ("乙", RL)).encode("gbk"))
    put("mixed_encoding.txt", mixed, "kept")
    put("empty.txt", b"", "empty file")
    put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file")
    put("rows.jsonl", ("\n".join(JSONL_LINES) + "\n").encode("utf-8"), "kept")
    put("scripts.html", HTML.encode("utf-8"), "kept")
    put("only_boilerplate.txt", BOILERPLATE_ONLY.encode("utf-8"), "no answer text left")
    sub = root / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to("..", target_is_directory=True)  # corpus/sub/loop -> corpus
    (root / "self").symlink_to(".", target_is_directory=True)
    put("unreadable.txt", page("读博还是工作?", ("丙", CV)).encode("utf-8"), "permission denied")
    return expect


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under `root` (links not followed): its bytes' hash, mode and mtime."""
    out = {}
    for top, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(top, name)
            st = path.lstat()
            data = os.readlink(path) if path.is_symlink() else (
                hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "")
            out[path.relative_to(root).as_posix()] = (data, st.st_mode, st.st_mtime_ns, st.st_size)
    return out


class _Renders(HTMLParser):
    """Collects visible text and checks the tags close (a truncated report would not)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.closed_html = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        self.closed_html |= tag == "html"

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def make_unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """chmod 000; as root (where that is not enforced) reading the file is made to fail instead."""
    path.chmod(0)
    try:
        with open(path, "rb"):
            pass
    except PermissionError:
        return "chmod"
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if os.path.realpath(self) == os.path.realpath(path):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return "simulated (running as root: file permissions are not enforced)"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = tmp / "corpus"
    expect = build_corpus(corpus)
    before = snapshot(corpus)
    mode = (corpus / "unreadable.txt").stat().st_mode
    with pytest.MonkeyPatch.context() as mp:
        how = make_unreadable(corpus / "unreadable.txt", mp)
        code = main(["run", "--corpus", str(corpus), "--out", str(tmp / "reports"),
                     "--store", str(tmp / "store"), "--quiet"])
    (corpus / "unreadable.txt").chmod(mode)  # the test's own chmod, undone before comparing
    after = snapshot(corpus)
    summary = json.loads((tmp / "reports" / "summary.json").read_text("utf-8"))
    return {"tmp": tmp, "code": code, "summary": summary, "expect": expect, "before": before,
            "after": after, "unreadable": how}


@pytest.mark.slow
def test_run_exits_0_and_leaves_the_corpus_untouched(hostile_run):
    assert hostile_run["code"] == 0
    assert hostile_run["after"] == hostile_run["before"]


@pytest.mark.slow
def test_every_file_is_kept_or_rejected_with_its_reason(hostile_run):
    summary, expect = hostile_run["summary"], hostile_run["expect"]
    sources = {a["source"] for a in summary["answers"]}
    rejected = {}
    for r in summary["rejected"]:
        rejected.setdefault(r["source"], []).append(r)
    for name, outcome in expect.items():
        if outcome == "kept":
            assert name in sources, f"{name}: no answers ({rejected.get(name)})"
        else:
            assert name not in sources, name
            assert any(outcome in r["reason"] for r in rejected.get(name, [])), (name, rejected.get(name))
    # every rejection names a file of the corpus and says why
    assert set(rejected) <= set(expect)
    assert all(r["reason"].strip() and r["stage"] for r in summary["rejected"])
    assert summary["corpus"]["rejected"] == len(summary["rejected"])


@pytest.mark.slow
def test_symlink_loop_does_not_duplicate_pages(hostile_run):
    pages = hostile_run["summary"]["pages"]
    assert {p["source"] for p in pages} <= set(hostile_run["expect"])  # nothing reached through self/ or sub/loop/
    assert len({p["id"] for p in pages}) == len(pages)


def _answers(summary: dict, source: str) -> list[dict]:
    return [a for a in summary["answers"] if a["source"] == source]


@pytest.mark.slow
def test_legacy_encodings_give_the_real_text(hostile_run):
    summary = hostile_run["summary"]
    gbk = _answers(summary, "gbk_page.txt")
    assert [(a["author"], a["text"]) for a in gbk] == [("Giant", ALGO), ("桔了个仔", REC)]
    big5 = _answers(summary, "big5_page.txt")
    assert [a["author"] for a in big5] == ["阿明", "小華"] or [a["author"] for a in big5] == ["阿明", "小华"]
    assert [a["original"] for a in big5] == [TW_A, TW_B]
    assert "电脑视觉" in big5[0]["text"]  # simplified for analysis, original kept for quotes
    utf16 = _answers(summary, "utf16_page.txt")
    assert [(a["author"], a["text"]) for a in utf16] == [("谢凌曦", CV), ("张三", MM)]
    mixed = _answers(summary, "mixed_encoding.txt")
    assert [a["text"] for a in mixed] == [CV, RL]


@pytest.mark.slow
def test_jsonl_good_rows_kept_bad_rows_rejected_by_line(hostile_run):
    summary = hostile_run["summary"]
    rows = _answers(summary, "rows.jsonl")
    assert sorted((a["author"], a["text"]) for a in rows) == sorted([("李四", ALGO), ("42", REC)])
    bad = sorted(r["line"] for r in summary["rejected"] if r["source"] == "rows.jsonl")
    assert bad == [2, 3, 4, 5, 7]


@pytest.mark.slow
def test_html_scripts_and_handlers_gone_entities_decoded(hostile_run):
    summary = hostile_run["summary"]
    html_answers = _answers(summary, "scripts.html")
    text = "\n".join(a["text"] for a in html_answers)
    assert "强化学习 现在很卷,但具身智能<机器人>方向我很看好" in text
    assert "扩散模型也已经饱和了" in text
    assert [a["author"] for a in html_answers] == ["王五"]
    published = json.dumps(summary, ensure_ascii=False) + (hostile_run["tmp"] / "reports" / "index.html").read_text("utf-8")
    for marker in HTML_MARKERS:
        assert marker not in published, marker


@pytest.mark.slow
def test_megabyte_line_is_kept_whole(tmp_path):
    """One line of 1 MB (no newline, no space) goes through every stage.

    In a child process with a time limit: a regular expression that backtracks
    quadratically on a long run of non-space characters would otherwise hang
    the test session (directions._URL did: 20k characters took 4 s, 1 MB ~20 min).
    """
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line = long_line(2**20 // 3)
    (corpus / "long_line.txt").write_text("这条很长的帖子该怎么看?\n\n" + line + "\n", "utf-8")
    (corpus / "gbk_page.txt").write_bytes(page("算法岗还值得去吗?", ("Giant", ALGO), ("桔了个仔", REC)).encode("gbk"))
    proc = subprocess.run([sys.executable, "-m", "discourse", "run", "--corpus", str(corpus),
                           "--out", str(tmp_path / "reports"), "--store", str(tmp_path / "store"), "--quiet"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text("utf-8"))
    (answer,) = _answers(summary, "long_line.txt")
    assert answer["text"] == line


@pytest.mark.slow
def test_report_renders_and_lists_the_rejections(hostile_run):
    index = hostile_run["tmp"] / "reports" / "index.html"
    parser = _Renders()
    parser.feed(index.read_text("utf-8"))
    parser.close()
    assert parser.closed_html
    visible = " ".join(parser.text)
    for name in ("empty.txt", "binary.txt", "only_boilerplate.txt", "unreadable.txt"):
        assert name in visible
    assert "Giant" in visible


def test_short_title_does_not_swallow_the_only_paragraph(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "p.txt").write_text("一条很长的帖子\n\n" + CV + MM + "\n", "utf-8")
    from discourse.config import load_settings
    from discourse.pipeline import ingest

    pages, rejected = ingest(load_settings(None, {"corpus": str(corpus), "quiet": True}))
    assert rejected == []
    assert [a.text for p in pages for a in p.answers] == [CV + MM]


def test_mixed_encoding_lines_each_decode_in_their_own_encoding():
    utf8_first = (CV + "\n" + MM + "\n").encode("utf-8") + (REC + "\n" + ALGO + "\n").encode("gbk")
    decoded = decode_bytes(utf8_first)
    assert decoded.text == CV + "\n" + MM + "\n" + REC + "\n" + ALGO + "\n"
    assert decoded.encoding == "utf_8+gb18030"
    big5_last = (CV + "\n").encode("utf-8") * 30 + (TW_A + "\n").encode("big5")
    assert decode_bytes(big5_last).text == (CV + "\n") * 30 + TW_A + "\n"
    # a UTF-8 page with one character cut in half is still UTF-8 with one U+FFFD,
    # not a line of GB18030 mojibake
    raw = ((CV + MM + "\n") * 20).encode("utf-8")
    cut = raw[:10] + raw[11:]
    damaged = decode_bytes(cut)
    assert damaged.encoding == "utf_8" and damaged.text.count("\ufffd") == 1


# --------------------------------------------------------------------------- 50 MB

_BIG_READER = textwrap.dedent("""
    import json, resource, sys, time
    from discourse.config import load_settings
    from discourse.pipeline import ingest
    t = time.perf_counter()
    pages, rejected = ingest(load_settings(None, {"corpus": sys.argv[1], "quiet": True}))
    seconds = time.perf_counter() - t
    print(json.dumps({
        "seconds": seconds,
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so it would
        # report the (large) pytest parent this child was forked from
        "peak_mb": [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")][0] / 1024,
        "rejected": [r.reason for r in rejected],
        "answers": sum(len(p.answers) for p in pages),
        "chars": sum(len(a.text.replace("\\n", "")) for p in pages for a in p.answers),
        "dropped_chars": sum(len(d.text) for p in pages for d in p.dropped),
        "first": pages[0].answers[0].text[:200] if pages and pages[0].answers else "",
        "authors": sorted({a.author for p in pages for a in p.answers}),
    }))
""")


def fifty_megabytes(path: Path) -> tuple[int, int, int]:
    """A 50 MB page: a question, then answers in turn by four authors, from real sentences."""
    sentences = [CV, MM, REC, ALGO, RL]
    authors = ["谢凌曦", "张三", "Giant", "桔了个仔"]
    chunks = ["现在读博选CV还是NLP?\n\n"]
    size = i = body_chars = 0
    while size < 50 * 2**20:
        # each answer distinct (numbered), so neither repetition rule nor dedup hides the work
        # "X的回答:" headers: bare "X:" lines repeated thousands of times are taken for
        # repeated furniture by the boilerplate stage (see the report to the lead)
        body = f"{authors[i % 4]}的回答:\n\n第{i}条回答。" + "".join(sentences[(i + k) % 5] for k in range(5)) + "\n\n"
        chunks.append(body)
        size += len(body.encode("utf-8"))
        i += 1
        body_chars += len(body) - len(authors[i % 4]) - 8  # minus header line and newlines
    data = "".join(chunks).encode("utf-8")
    path.write_bytes(data)
    return len(data), i, body_chars


@pytest.mark.slow
def test_fifty_megabyte_page_is_read_in_bounded_memory(tmp_path):
    corpus = tmp_path / "big"
    corpus.mkdir()
    size, n_answers, body_chars = fifty_megabytes(corpus / "huge.txt")
    before = snapshot(corpus)
    proc = subprocess.run([sys.executable, "-c", _BIG_READER, str(corpus)], capture_output=True,
                          text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert snapshot(corpus) == before
    assert result["rejected"] == []
    assert result["authors"] == sorted(["谢凌曦", "张三", "Giant", "桔了个仔"])
    assert result["first"].startswith("第0条回答。" + CV)
    # every answer arrives whole: nothing lost, nothing merged
    assert result["answers"] == n_answers
    assert result["chars"] == body_chars
    # memory: the decoded text is ~2 bytes per character; allow for the line
    # copies each stage keeps, but not for one object per character (that was 1.6 GB)
    assert result["peak_mb"] < 12 * size / 2**20, result
    print(f"50 MB page: {result['seconds']:.0f} s, peak {result['peak_mb']:.0f} MB, {result['answers']} answers")


# --------------------------------------------------------------------------- properties of segmentation

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from discourse import boilerplate, segment  # noqa: E402
from discourse.normalize import normalize  # noqa: E402
from discourse.records import RawDoc  # noqa: E402

# Lines a scraped page is made of: answer headers in the styles seen so far,
# furniture, prose, and arbitrary text.
_LINE_PIECES = st.sampled_from([
    "谢凌曦:", "作者:Zhifeng", "# 回答一", "Giant的回答:", "桔了个仔回答:", "作者 | 叶琛小先森", "作者丨A、B、C",
    "Answer by Maria Chen", "Tom's answer", "u/quant_dev · 3y", "Chen Wei", "Associate Professor · 3y",
    "首页 > 教育", "1234 次点击", "点赞 评论 分享", "版权所有 © 2023", "发表评论", "关注公众号", "",
    CV, MM, REC, ALGO, RL, TW_A, "读博还是工作?", "NLP是一片蓝海?", "Diffusion models are crowded now.",
])
_PAGE_LINES = st.lists(st.one_of(_LINE_PIECES, st.text(max_size=30)), max_size=25)


def _segment_text(text: str):
    clean = normalize(RawDoc("p.txt", text, "utf_8", "text", "digest"))
    headers, rules = segment.load_headers(), boilerplate.load_rules()
    furniture = boilerplate.strip_boilerplate(clean.lines, rules,
                                              protect=lambda line: segment.is_structural(line, headers))
    return clean, furniture, segment.segment(clean, furniture, headers), headers


@settings(max_examples=200, deadline=None)
@given(_PAGE_LINES)
def test_segmentation_loses_no_line_it_does_not_record(lines):
    """Every kept line that is not a header is in the question or in some answer.

    Precisely: for each line i of the cleaned page whose kept text (after the
    boilerplate stage) is not blank, that is not listed in `page.dropped`, and
    that does not match a header rule, the kept text occurs in the question or
    in an answer's text. Nothing vanishes without an audit entry.
    """
    clean, furniture, page, headers = _segment_text("\n".join(lines))
    recorded = {d.line for d in page.dropped}
    # a display name over a byline ("Chen Wei" / "Associate Professor · 3y") is a header too
    bylines = {d.line for d in page.dropped if d.reason == "meta:byline"}
    nonblank = [i for i, k in enumerate(furniture.kept) if k is not None and k.strip()]
    names = {a for a, b in zip(nonblank, nonblank[1:]) if b in bylines}
    published = [page.question, *(a.text for a in page.answers)]
    for i, kept in enumerate(furniture.kept):
        if (kept is None or not kept.strip() or i in recorded or i in names
                or segment.match_header(kept, headers) or segment.is_structural(kept, headers)):
            continue
        assert any(kept.strip() in text for text in published), (i, kept, page)
    # answers carry text, ids are unique, positions run 0..n-1
    assert all(a.text.strip() for a in page.answers)
    assert len({a.id for a in page.answers}) == len(page.answers)
    assert [a.position for a in page.answers] == list(range(len(page.answers)))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(), max_size=400))
def test_segmentation_never_raises_on_arbitrary_unicode(text):
    clean, furniture, page, _ = _segment_text(text)
    assert len(furniture.kept) == len(clean.lines)
    assert all(0 <= d.line < len(clean.lines) for d in page.dropped)
