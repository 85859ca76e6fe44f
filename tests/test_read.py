"""Tests for the read stage: discovery, decoding, formats, row files, rejections."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from discourse.errors import CorpusNotFound
from discourse.normalize import normalize
from discourse.read import decode_bytes, discover, read_corpus, read_file
from discourse.rows import row_kind_is_furniture
from discourse.records import RawDoc, Rejected

SEEDS = Path(__file__).resolve().parents[1] / "corpus"
SIMPLIFIED_SEED = SEEDS / "000_f85fb479c42f6a95.txt"
TRADITIONAL_SEED = SEEDS / "001_14800457990cb48d.txt"

# Real sentences from the seed pages.
SIMPLIFIED = "计算机视觉伴随多个SOTA的完善和推进,已经进去深水区,各个论坛社区的毕业生和从业者都一片卷声,大呼卷的不行,各种劝退,认为NLP目前才是蓝海。"
TRADITIONAL = "首先我要反對兩個方向:對比學習為代表的自監督學習算法(包括BYOL等)和Transformer。它們的上限幾乎是肉眼可見的。"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def read_one(tmp_path: Path, name: str, data: bytes | str, **kwargs) -> tuple[RawDoc | None, list[Rejected]]:
    return read_file(write(tmp_path, name, data), tmp_path, **kwargs)


# --------------------------------------------------------------------------- discovery


def test_discover_filters_suffixes_case_insensitively_and_sorts(tmp_path):
    for name in ["b/2.md", "a.TXT", "b/1.html", "c.Htm", "d.jsonl", "e.csv", "f.json", "g.png", "h.docx", "notes"]:
        write(tmp_path, name, "深度学习")
    found = [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)]
    assert found == ["a.TXT", "b/1.html", "b/2.md", "c.Htm", "d.jsonl", "e.csv", "f.json"]


def test_discover_skips_hidden_files_and_folders(tmp_path):
    write(tmp_path, "page.txt", "深度学习")
    write(tmp_path, ".discourse/cache.json", "{}")
    write(tmp_path, ".hidden.txt", "深度学习")
    write(tmp_path, "sub/.git/notes.md", "x")
    assert [p.name for p in discover(tmp_path)] == ["page.txt"]


def test_discover_survives_symlink_loops_and_lists_each_file_once(tmp_path):
    write(tmp_path, "a/page.txt", "深度学习")
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # a/loop -> corpus root
    os.symlink(tmp_path / "a", tmp_path / "b")  # b -> a: same files again
    found = discover(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a/page.txt"]


def test_unlistable_folder_is_a_rejection_not_a_crash(tmp_path, monkeypatch):
    write(tmp_path, "ok.txt", SIMPLIFIED)
    locked = tmp_path / "locked"
    write(tmp_path, "locked/secret.txt", SIMPLIFIED)
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, rejected = read_corpus(tmp_path)
    assert [d.source for d in docs] == ["ok.txt"]
    assert rejected == [Rejected("locked", "read", "cannot list folder: permission denied")]


def test_read_corpus_raises_for_missing_or_empty_corpus(tmp_path):
    with pytest.raises(CorpusNotFound, match="not found"):
        read_corpus(tmp_path / "nope")
    write(tmp_path, "photo.png", b"\x89PNG")
    with pytest.raises(CorpusNotFound, match="no corpus files"):
        read_corpus(tmp_path)


def test_read_corpus_reads_the_seed_pages():
    docs, rejected = read_corpus(SEEDS)
    assert rejected == []
    assert [d.source for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert {d.encoding for d in docs} == {"utf_8"}
    assert {d.fmt for d in docs} == {"text"}
    assert docs[0].text == SIMPLIFIED_SEED.read_text(encoding="utf-8")


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    write(tmp_path, "a.txt", SIMPLIFIED)
    write(tmp_path, "b.txt", b"")
    write(tmp_path, "c.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "d.txt", TRADITIONAL.encode("big5"))
    docs, rejected = read_corpus(tmp_path)
    assert [d.source for d in docs] == ["a.txt", "d.txt"]
    assert [(r.source, r.reason) for r in rejected] == [("b.txt", "empty file"), ("c.txt", "binary file (NUL bytes)")]


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED + "㐀€", "gb18030", "gb18030"),  # 㐀 and € are outside GBK
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "cp950", "big5"),
        (TRADITIONAL, "utf-16", "utf_16"),  # Python writes a BOM
        (SIMPLIFIED, "utf-16-be", "utf_16_be"),  # no BOM: NULs on even offsets
        (SIMPLIFIED, "utf-8", "utf_8"),
        (SIMPLIFIED, "utf-8-sig", "utf_8_sig"),
    ],
)
def test_decoding_real_sentences(tmp_path, text, codec, expected):
    doc, rejected = read_one(tmp_path, "page.txt", text.encode(codec))
    assert rejected == []
    assert doc.text == text
    assert doc.encoding == expected


def test_utf16_be_with_bom(tmp_path):
    doc, _ = read_one(tmp_path, "page.txt", b"\xfe\xff" + TRADITIONAL.encode("utf-16-be"))
    assert doc.text == TRADITIONAL


@pytest.mark.parametrize("line", ["卷不动了", "劝退", "算法岗", "NLP是一片蓝海?", "作者：谢凌曦", "研究方向"])
def test_short_gbk_lines_are_not_mistaken_for_korean_or_big5(line):
    # charset-normalizer alone calls 卷不动了 in GBK Korean (cp949).
    assert decode_bytes(line.encode("gbk")).text == line


@pytest.mark.parametrize("line", ["學習", "對比學習", "網絡", "開發", "應該關注的方向"])
def test_short_big5_lines_are_not_mistaken_for_gbk(line):
    assert decode_bytes(line.encode("big5")).text == line


def test_whole_seed_page_in_gb18030(tmp_path):
    text = SIMPLIFIED_SEED.read_text(encoding="utf-8")
    doc, _ = read_one(tmp_path, "page.txt", text.encode("gb18030"))
    assert (doc.encoding, doc.text) == ("gb18030", text)


def test_traditional_seed_page_in_big5(tmp_path):
    # The seed's traditional lines (ruby removed) that Big5 can encode.
    lines = [line for line in normalize(RawDoc("x", TRADITIONAL_SEED.read_text(encoding="utf-8"), "utf_8", "text", "d")).original if _big5_ok(line)]
    text = "\n".join(lines)
    assert len(lines) > 50
    doc, _ = read_one(tmp_path, "page.txt", text.encode("big5"))
    assert (doc.encoding, doc.text) == ("big5", text)


def _big5_ok(line: str) -> bool:
    try:
        line.encode("big5")
    except UnicodeEncodeError:
        return False
    return True


def test_utf8_page_with_one_cut_character_stays_utf8(tmp_path):
    raw = SIMPLIFIED_SEED.read_bytes()
    cut = raw.index("劝退".encode()) + 1  # drop one byte inside 劝
    doc, _ = read_one(tmp_path, "page.txt", raw[:cut] + raw[cut + 1:])
    assert doc.encoding == "utf_8"
    assert "\ufffd" in doc.text and "蓝海" in doc.text


# --------------------------------------------------------------------------- rejections


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t ", "empty file"),
        (b"GIF89a\x01\x00\x01\x00\x00\xff\x00,", "binary file (NUL bytes)"),
        (bytes([0x80, 0xFF, 0x81, 0xFE]) * 50, "cannot decode: tried utf-8, utf-16, gb18030, big5/cp950"),
    ],
)
def test_unusable_files_are_rejected_with_a_reason(tmp_path, data, reason):
    doc, rejected = read_one(tmp_path, "bad.txt", data)
    assert doc is None
    assert len(rejected) == 1
    assert rejected[0].source == "bad.txt" and rejected[0].stage == "read"
    assert rejected[0].reason.startswith(reason)


def test_file_over_the_size_limit_is_rejected(tmp_path):
    doc, rejected = read_one(tmp_path, "big.txt", SIMPLIFIED * 100, max_bytes=1000)
    assert doc is None
    assert rejected[0].reason.startswith("file larger than")


def test_a_50_mb_page_is_read_with_the_default_limit(tmp_path):
    line = (SIMPLIFIED + "\n").encode("utf-8")
    data = line * (50 * 2**20 // len(line) + 1)
    doc, rejected = read_one(tmp_path, "big.txt", data)
    assert rejected == [] and doc.text.count("\n") == data.count(b"\n")


def test_permission_denied_is_a_rejection(tmp_path, monkeypatch):
    path = write(tmp_path, "page.txt", SIMPLIFIED)

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    doc, rejected = read_file(path, tmp_path)
    assert doc is None
    assert rejected == [Rejected("page.txt", "read", "permission denied")]


# --------------------------------------------------------------------------- formats and digest


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("a.html", "<p>深度学习</p>", "html"),
        ("a.HTM", "<p>深度学习</p>", "html"),
        ("a.md", "# 回答一\n\n作者:Zhifeng", "markdown"),
        ("a.txt", "\ufeff\n  <!DOCTYPE html><html><body><p>深度学习</p></body></html>", "html"),
        ("a.txt", "<HTML><body>深度学习</body></HTML>", "html"),
        ("a.txt", "用 <b>粗体</b> 强调, 以及 List<String>", "text"),
        ("a.txt", SIMPLIFIED, "text"),
    ],
)
def test_format(tmp_path, name, text, fmt):
    doc, _ = read_one(tmp_path, name, text)
    assert doc.fmt == fmt


def test_digest_follows_the_bytes(tmp_path):
    a, _ = read_one(tmp_path, "a.txt", SIMPLIFIED)
    b, _ = read_one(tmp_path, "sub/b.txt", SIMPLIFIED)
    c, _ = read_one(tmp_path, "c.txt", SIMPLIFIED.encode("gb18030"))
    assert a.digest == b.digest != c.digest
    assert b.source == "sub/b.txt"


# --------------------------------------------------------------------------- row files


def test_jsonl_rows_with_bad_lines(tmp_path):
    lines = [
        json.dumps({"text": "CV已经卷成红海了", "author": "谢凌曦", "question": "深度学习往哪个方向发力?", "label": "crowded", "votes": 12, "featured": True}, ensure_ascii=False),
        "",
        '{"text": "NLP是蓝海", "author": ',  # cut off
        json.dumps(["not", "an", "object"]),
        json.dumps({"author": "Giant", "votes": 3}, ensure_ascii=False),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps({"text": "扩散模型处于上升期", "source_url": "https://www.zhihu.com/question/460500204/answer/1902459141", "date": "2021-05-20", "author": 7}, ensure_ascii=False),
    ]
    doc, rejected = read_one(tmp_path, "answers.jsonl", "\n".join(lines) + "\n")
    assert doc.fmt == "rows" and doc.text == ""
    assert [(r.line, r.text) for r in doc.rows] == [(1, "CV已经卷成红海了"), (8, "扩散模型处于上升期")]
    first, last = doc.rows
    assert (first.author, first.question) == ("谢凌曦", "深度学习往哪个方向发力?")
    assert first.extra == {"label": "crowded", "votes": 12, "featured": True}
    assert last.author == "7"
    assert last.extra == {"source_url": "https://www.zhihu.com/question/460500204/answer/1902459141", "date": "2021-05-20"}
    assert [r.line for r in rejected] == [3, 4, 5, 6, 7]
    reasons = [r.reason for r in rejected]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "line is a JSON list, expected an object"
    assert reasons[2].startswith("no text field (fields: author, votes;")
    assert reasons[3] == "empty 'text'"
    assert reasons[4] == "'text' is a int, expected a string"
    assert all(r.source == "answers.jsonl" and r.stage == "read" for r in rejected)


def test_json_list_of_objects(tmp_path):
    data = [{"text": "Transformer的上限是明显的", "author": "谢凌曦"}, "stray string", {"text": "对比学习被广泛引入图像领域"}]
    doc, rejected = read_one(tmp_path, "a.json", json.dumps(data, ensure_ascii=False))
    assert [r.text for r in doc.rows] == ["Transformer的上限是明显的", "对比学习被广泛引入图像领域"]
    assert [(r.line, r.reason) for r in rejected] == [(2, "record 2 is a JSON str, expected an object")]


def test_json_object_with_answers_gives_rows_the_page_question(tmp_path):
    data = {
        "question": "深度学习领域有哪些瓶颈?",
        "source_url": "https://www.zhihu.com/question/1",
        "answers": [{"text": "对标注数据依赖性大", "author": "叶琛"}, {"text": "模型可解释性差", "question": "另一个问题"}],
    }
    doc, rejected = read_one(tmp_path, "page.json", json.dumps(data, ensure_ascii=False))
    assert rejected == []
    assert [(r.question, r.author) for r in doc.rows] == [("深度学习领域有哪些瓶颈?", "叶琛"), ("另一个问题", "")]
    assert doc.rows[0].extra == {"source_url": "https://www.zhihu.com/question/1"}


def test_malformed_json_file_is_rejected(tmp_path):
    doc, rejected = read_one(tmp_path, "a.json", '{"answers": [{"text": "x"},]}')
    assert doc is None
    assert rejected[0].reason.startswith("malformed JSON")
    assert len(rejected) == 1  # one file, one reason


def test_json_without_records_is_rejected_once_with_the_lists_it_looked_for(tmp_path):
    doc, rejected = read_one(tmp_path, "labels.json", '{"pages": {"a.txt": {"authors": ["x"]}}}')
    assert doc is None
    (only,) = rejected
    assert "answers" in only.reason and "items" in only.reason


def test_csv_with_quoted_multiline_field_and_bad_records(tmp_path):
    text = (
        "author,text,label,date\n"
        '谢凌曦,"CV和NLP长期以来是互相学习、互相赶超的关系。\n第二段,带逗号",promising,2021-05-01\n'
        "Giant,,neutral,2021-05-02\n"
        "桔了个仔,算法岗内卷严重,crowded,2021-05-03,extra\n"
        "叶琛,深度学习门槛已经很低了\n"
    )
    doc, rejected = read_one(tmp_path, "a.csv", text.encode("utf-8-sig"))
    assert [(r.line, r.author) for r in doc.rows] == [(1, "谢凌曦"), (4, "叶琛")]
    assert doc.rows[0].text == "CV和NLP长期以来是互相学习、互相赶超的关系。\n第二段,带逗号"
    assert doc.rows[0].extra == {"label": "promising", "date": "2021-05-01"}
    assert doc.rows[1].extra == {}
    assert [r.line for r in rejected] == [2, 3]
    assert rejected[0].reason.startswith("no text field (fields: author, date, label;")  # an empty cell is no field
    assert rejected[1].reason == "record 3 has more fields than the header"


def test_tab_separated_csv_in_gbk(tmp_path):
    text = "text\tauthor\n计算机视觉已经进入深水区, 大呼卷的不行\t谢凌曦\n"
    doc, rejected = read_one(tmp_path, "a.csv", text.encode("gbk"))
    assert rejected == []
    assert doc.encoding == "gb18030"
    assert [(r.text, r.author) for r in doc.rows] == [("计算机视觉已经进入深水区, 大呼卷的不行", "谢凌曦")]


def test_row_file_without_any_usable_row_is_rejected(tmp_path):
    doc, rejected = read_one(tmp_path, "a.csv", "author,likes\n谢凌曦,12\n")
    assert doc is None
    assert [r.line for r in rejected] == [1, None]
    assert "no row has answer text" in rejected[-1].reason and "data/rows.toml" in rejected[-1].reason


def test_scraper_field_names_fill_text_author_and_question(tmp_path):
    text = ("id,platform,type,Author Name,title,content,likes\n"
            '1,zhihu,answer,谢凌曦,CV还值得做吗?,"CV已经卷成红海了\n但具身智能是蓝海",120\n'
            "2,zhihu,answer,,CV还值得做吗?,我觉得多模态更有前景,3\n")
    doc, rejected = read_one(tmp_path, "export.csv", text.encode("utf-8-sig"))
    assert rejected == []
    assert [(r.author, r.question, r.text) for r in doc.rows] == [
        ("谢凌曦", "CV还值得做吗?", "CV已经卷成红海了\n但具身智能是蓝海"),
        ("", "CV还值得做吗?", "我觉得多模态更有前景")]
    # the fields that filled a slot are not repeated in extra; the rest are kept
    assert doc.rows[0].extra == {"id": "1", "platform": "zhihu", "type": "answer", "likes": "120"}


def test_api_json_with_nested_author_and_question(tmp_path):
    # the shape of Zhihu's answers API: records under "data", objects for people and questions
    data = {"paging": {"is_end": True}, "data": [
        {"id": 11, "author": {"name": "叶琛", "url_token": "ye-chen"},
         "question": {"title": "深度学习领域有哪些瓶颈?", "id": 3}, "content": "对标注数据依赖性大", "voteup_count": 9},
        {"id": 12, "author": {"url_token": "anonymous"}, "question": {"title": "深度学习领域有哪些瓶颈?"},
         "excerpt": "模型可解释性差"},
    ]}
    doc, rejected = read_one(tmp_path, "api.json", json.dumps(data, ensure_ascii=False))
    assert rejected == []
    assert [(r.author, r.question, r.text) for r in doc.rows] == [
        ("叶琛", "深度学习领域有哪些瓶颈?", "对标注数据依赖性大"), ("", "深度学习领域有哪些瓶颈?", "模型可解释性差")]
    assert doc.rows[0].extra["voteup_count"] == 9


def test_furniture_rows_are_recognised_by_their_type_column(tmp_path):
    text = "type,author,content\nanswer,谢凌曦,CV很卷\n广告,某机构,三个月转行AI包就业\nRelated,,CV还能学吗?\n"
    doc, _ = read_one(tmp_path, "page.csv", text)
    assert [row_kind_is_furniture(r) for r in doc.rows] == [False, True, True]


def test_json_records_nested_under_data_take_the_question_around_them(tmp_path):
    data = {"code": 0, "data": {"question": {"title": "大模型应用开发还值得入行吗?", "id": 77},
                                "answers": [{"author": {"name": "阿哲"}, "content": "应用层已经很卷了"},
                                            {"author": {"name": "Mia"}, "body": "Agent 评测还缺人"}],
                                "paging": {"next": None}}}
    doc, rejected = read_one(tmp_path, "resp.json", json.dumps(data, ensure_ascii=False))
    assert rejected == []
    assert [(r.author, r.question, r.text) for r in doc.rows] == [
        ("阿哲", "大模型应用开发还值得入行吗?", "应用层已经很卷了"), ("Mia", "大模型应用开发还值得入行吗?", "Agent 评测还缺人")]
    assert doc.rows[0].extra == {"code": 0}
