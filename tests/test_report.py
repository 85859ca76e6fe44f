"""report.py, export.py and api.py on a hand-made hostile summary (no browser)."""
from __future__ import annotations

import copy
import dataclasses
import json
import os
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from discourse import api, export, report
from discourse.errors import ConfigError

FIXTURE = Path(__file__).parent / "fixtures" / "summary_sample.json"
OUR_SCRIPTS = [("ranking-data", None), ("topicmap-data", None), (None, "assets/plotly.min.js"), ("report-js", None)]
SECTIONS = ("glance", "overview", "ranking", "contested", "directions", "topics", "pages", "method")
# The contact details planted in the fixture (as if upstream redaction had missed them).
CONTACTS = ("hr@example.com", "13812345678", "123456789")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}")
# Word boundaries in the ASCII sense: `电话13812345678` is a phone, the hash in
# `001_14800457990cb48d.txt` is not.
MOBILE = re.compile(r"(?<![\w.])1[3-9]\d{9}(?!\w)", re.ASCII)
HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", 'href="javascript:alert(1)"')


@pytest.fixture()
def summary() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


class Page(HTMLParser):
    """The parts of a rendered page the safety tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._script_body: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script, self._script_body = dict(attrs), []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_body)))
            self._script = None

    def handle_data(self, data):
        (self._script_body if self._script is not None else self.text).append(data)

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}

    def hrefs(self) -> list[str]:
        return [a["href"] or "" for t, a in self.tags if t == "a" and "href" in a]

    def json_block(self, ident: str) -> dict:
        (body,) = [b for a, b in self.scripts if a.get("id") == ident]
        return json.loads(body)


def render(summary: dict, out: Path, lang: str = "auto") -> tuple[str, Page]:
    index = report.render_report(summary, out, lang=lang)
    text = index.read_text(encoding="utf-8")
    return text, Page(text)


def test_fixture_is_hostile(summary):
    # Guards the tests below: they prove something only if the attacks are in the input.
    strings: list[str] = []

    def walk(v):
        if isinstance(v, str):
            strings.append(v)
        elif isinstance(v, dict):
            [walk(x) for x in v.values()]
        elif isinstance(v, list):
            [walk(x) for x in v]

    walk(summary)
    everything = "\n".join(strings)
    for needle in (*CONTACTS, *HOSTILE, "javascript:", "</script>"):
        assert needle in everything


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_scraped_text_never_becomes_markup(summary, tmp_path, lang):
    _, page = render(summary, tmp_path, lang)
    assert [(a.get("id"), a.get("src")) for a, _ in page.scripts] == OUR_SCRIPTS
    for tag, attrs in page.tags:
        assert tag not in {"img", "iframe", "svg", "object", "embed", "form"}, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src", "action", "formaction"}:
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, value)
    assert {a["src"] for t, a in page.tags if "src" in a} == {"assets/plotly.min.js"}
    # The attacks are still there, shown as text the reader can see.
    text = "".join(page.text)
    for needle in HOSTILE:
        assert needle in text
    assert "扩散模型 / 生成模型 </script><script>alert(2)</script>" in text


def test_chart_json_is_inert_and_escaped_for_plotly(summary, tmp_path):
    _, page = render(summary, tmp_path)
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/json":
            assert "<" not in body and ">" not in body and "&" not in body
    topics = page.json_block("topicmap-data")
    labels = [t["label"] for t in topics["topics"]]
    # Plotly renders a subset of HTML in labels, so scraped text arrives entity-escaped.
    assert "扩散模型 / 生成模型 &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in labels
    hover = " ".join(p["hover"] for p in topics["points"])
    assert "<svg" not in hover and "&lt;svg onload=alert(3)&gt;" in hover
    ranking = page.json_block("ranking-data")
    (diffusion,) = [r for r in ranking["rows"] if r["name"] == "扩散模型"]
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in diffusion["hover"] and "<svg" not in diffusion["hover"]


def test_no_contact_details_anywhere(summary, tmp_path):
    text, _ = render(summary, tmp_path)
    written = [*export.write_exports(summary, tmp_path), export.write_summary(summary, tmp_path)]
    for path in [tmp_path / "index.html", *written]:
        content = path.read_text(encoding="utf-8-sig")
        for contact in CONTACTS:
            assert contact not in content, (path.name, contact)
        assert EMAIL.findall(content) == [], path.name
        assert MOBILE.findall(content) == [], path.name
    # Redaction leaves a visible placeholder rather than silently dropping the sentence.
    assert "[email]" in text and "[qq]" in text and "[phone]" in text


def test_keep_contacts_is_an_explicit_opt_out(summary, tmp_path):
    index = report.render_report(summary, tmp_path, keep_contacts=True)
    (csv,) = [p for p in export.write_exports(summary, tmp_path, keep_contacts=True) if p.name == "answers.csv"]
    for path in (index, csv, export.write_summary(summary, tmp_path, keep_contacts=True)):
        assert "hr@example.com" in path.read_text(encoding="utf-8-sig")
    # Even unredacted, the page still escapes everything.
    assert "<script>alert(1)" not in index.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sections_present_in_each_language(summary, tmp_path, lang):
    strings = report.load_strings(lang)
    text, page = render(summary, tmp_path, lang)
    assert set(SECTIONS) <= page.ids()
    assert f'<html lang="{strings["html_lang"]}">' in text
    body = "".join(page.text)
    for key in ("ranking", "per_direction", "topic_map", "per_page", "method", "dropped_audit", "rejected"):
        assert strings[key] in body, key
    for line in report._with_method_numbers(strings)["method_notes"]["score"]:
        assert line in body and "{" not in line
    other = report.load_strings("en" if lang == "zh" else "zh")
    assert other["per_direction"] not in body


def test_auto_language_follows_the_corpus(summary, tmp_path):
    text, _ = render(summary, tmp_path / "zh")
    assert '<html lang="zh-CN">' in text
    english = copy.deepcopy(summary)
    english["corpus"]["language"] = "en"
    text, _ = render(english, tmp_path / "en")
    assert '<html lang="en">' in text
    with pytest.raises(ConfigError):
        report.render_report(summary, tmp_path / "fr", lang="fr")


def test_ui_strings_have_the_same_keys_in_both_languages():
    with report.UI_STRINGS.open("rb") as fh:
        table = tomllib.load(fh)

    def keys(d, prefix=""):
        return {prefix + k for k, v in d.items()} | {
            x for k, v in d.items() if isinstance(v, dict) for x in keys(v, f"{prefix}{k}.")
        }

    assert keys(table["zh"]) == keys(table["en"])


def test_ranking_runs_from_most_crowded_to_most_promising(summary, tmp_path):
    _, page = render(summary, tmp_path)
    table = [float(a["data-sort"]) for t, a in page.tags if t == "td" and a.get("class") == "num score-cell"]
    assert table == sorted(d["score"] for d in summary["directions"])
    rows = page.json_block("ranking-data")["rows"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores)
    worst = min(summary["directions"], key=lambda d: d["score"])
    assert rows[0]["name"] == worst["name"]
    # The contested box quotes both sides of every contested direction.
    contested = [d for d in summary["directions"] if d["label"] == "contested"]
    assert contested
    text = "".join(page.text)
    for d in contested:
        for s in summary["stances"]:
            if s["direction"] == d["id"] and s["stance"] in ("crowded", "promising"):
                assert text.count(s["quote"][:20]) >= 2  # contested box + evidence table


def test_chart_and_glance_lead_with_directions_several_authors_share(summary, tmp_path):
    _, page = render(summary, tmp_path)
    shown = {r["name"] for r in page.json_block("ranking-data")["rows"]}
    several = {d["name"] for d in summary["directions"] if d["authors"] >= report.MIN_AUTHORS}
    assert shown == several and "人脸识别" not in shown  # one author: table only
    table_names = [a for t, a in page.tags if t == "a" and a.get("class") == "dname"]
    assert len(table_names) >= len(summary["directions"])
    view = report.build_view(summary, report.load_strings("zh"))
    assert [d["id"] for d in view["glance"]["crowded"]] == ["algo-job"]
    assert {d["id"] for d in view["glance"]["contested"]} == {"cv", "diffusion", "transformer"}


def test_method_notes_match_the_aggregate():
    from discourse import aggregate
    from discourse.records import Stance

    def one(stance, author):
        return Stance(answer_id=author, source="a.txt", author=author, direction="cv", stance=stance,
                      confidence=0.9, score=0.0, quote="q")

    rows = aggregate.rank_directions([one("crowded", "A"), one("neutral", "B")], [], {}, {"A": "p", "B": "p"})
    w = aggregate.WEIGHT["neutral"]
    # each stance is scaled by its confidence (0.9 here)
    assert rows[0]["score"] == pytest.approx(-0.9 / (0.9 * (1 + w) + report.SCORE_PRIOR), abs=1e-3)
    assert rows[0]["uncertainty"] == pytest.approx((0.9 * (1 + w) + report.SCORE_PRIOR) ** -0.5, abs=1e-3)


def test_every_stance_links_to_its_answer(summary, tmp_path):
    _, page = render(summary, tmp_path)
    ids, hrefs = page.ids(), page.hrefs()
    for a in summary["answers"]:
        assert f"a-{a['id']}" in ids
    for s in summary["stances"]:
        assert f"#a-{s['answer_id']}" in hrefs
    for href in hrefs:
        assert href.startswith("#") and href[1:] in ids, href
    evidence_rows = [1 for t, a in page.tags if t == "td" and a.get("class") == "quote-cell"]
    assert len(evidence_rows) == len(summary["stances"])


def test_dropped_lines_are_audited_collapsed(summary, tmp_path):
    _, page = render(summary, tmp_path)
    dropped = [a for t, a in page.tags if t == "details" and a.get("class") == "dropped"]
    assert len(dropped) == len(summary["pages"])
    assert all("open" not in a for a in dropped)
    body = "".join(page.text)
    for p in summary["pages"]:
        for d in p["dropped"]:
            assert d["reason"] in body
    assert "283 次点击" in body


def test_writes_are_atomic_and_assets_copied_once(summary, tmp_path):
    report.render_report(summary, tmp_path)
    plotly_js = tmp_path / "assets" / "plotly.min.js"
    first = plotly_js.stat().st_mtime_ns
    report.render_report(summary, tmp_path)
    assert plotly_js.stat().st_mtime_ns == first  # unchanged: not copied again
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["assets/plotly.min.js", "index.html"]
    assert (tmp_path / "index.html").stat().st_mode & 0o044  # readable by others
    plotly_js.write_text("truncated")
    report.render_report(summary, tmp_path)
    assert plotly_js.stat().st_size > 1_000_000  # a damaged copy is replaced


def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "index.html"
    target.write_text("old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        export.write_atomic(target, b"new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_partial_summary_still_renders(tmp_path):
    _, page = render({"schema": "discourse.summary/1", "corpus": {"language": "en"}}, tmp_path)
    strings = report.load_strings("en")
    body = "".join(page.text)
    assert strings["no_answers"] in body and strings["rejected_none"] in body
    assert "topic-map" not in page.ids()


def test_csv_exports_open_in_excel_and_read_back(summary, tmp_path):
    paths = export.write_exports(summary, tmp_path)
    assert sorted(p.name for p in paths) == ["answers.csv", "directions.csv", "stances.csv"]
    for p in paths:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
    directions = pd.read_csv(tmp_path / "directions.csv", encoding="utf-8-sig")
    assert len(directions) == len(summary["directions"])
    cv = directions.set_index("id").loc["cv"]
    assert cv["name"] == "计算机视觉 (CV)" and "computer vision" in cv["aliases"].split(export.LIST_SEPARATOR)
    assert "evidence" not in directions.columns
    stances = pd.read_csv(tmp_path / "stances.csv", encoding="utf-8-sig")
    assert len(stances) == len(summary["stances"])
    assert "Transformer 現在已經是紅海了" in " ".join(stances["quote"])  # original script kept
    answers = pd.read_csv(tmp_path / "answers.csv", encoding="utf-8-sig")
    assert list(answers["id"]) == [a["id"] for a in summary["answers"]]
    assert not list(tmp_path.glob(".*.tmp"))


def test_summary_json_round_trips_through_load(summary, tmp_path):
    path = export.write_summary(summary, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "谢凌曦" in text  # not \u-escaped
    assert list(json.loads(text)) == list(summary)  # schema key order kept
    for loaded in (api.load(tmp_path), api.load(path), api.load(str(path))):
        assert loaded.raw["schema"] == "discourse.summary/1"
        assert len(loaded.pages) == len(summary["pages"])
        assert len(loaded.answers) == len(summary["answers"])
        assert len(loaded.stances) == len(summary["stances"])
        assert len(loaded.topics) == len(summary["topics"])
        d = loaded.directions.set_index("id")
        assert d.loc["algo-job", "score"] == pytest.approx(-0.571)
        assert d.loc["cv", "aliases"] == ["CV", "computer vision", "视觉", "計算機視覺"]
        crowded_cv = loaded.stances.query("direction == 'cv' and stance == 'crowded'")
        assert set(crowded_cv["author"]) == {"Tom Wang", "匿名用户", ""}
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.answers = None  # type: ignore[misc]
    assert "answers=11" in repr(loaded)


def test_load_keeps_columns_on_an_empty_summary_and_rejects_bad_files(tmp_path):
    (tmp_path / "summary.json").write_text('{"schema": "discourse.summary/1"}', encoding="utf-8")
    empty = api.load(tmp_path)
    assert list(empty.directions.columns[:3]) == ["id", "name", "aliases"] and empty.directions.empty
    with pytest.raises(api.SummaryError, match="no summary.json"):
        api.load(tmp_path / "nowhere")
    (tmp_path / "summary.json").write_text('{"schema": "other/2"}', encoding="utf-8")
    with pytest.raises(api.SummaryError, match="other/2"):
        api.load(tmp_path)
    (tmp_path / "summary.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(api.SummaryError, match="JSON"):
        api.load(tmp_path)


def test_nan_and_numpy_values_keep_the_chart_json_valid(summary, tmp_path):
    import numpy as np

    summary["answers"][0]["x"] = float("nan")
    summary["answers"][1]["topic"] = np.int64(1)
    summary["directions"][0]["score"] = np.float32(-0.25)
    _, page = render(summary, tmp_path)

    def reject(constant):
        raise AssertionError(f"{constant} is not JSON: JSON.parse would throw in the browser")

    blocks = {a["id"]: json.loads(b, parse_constant=reject) for a, b in page.scripts if a.get("type")}
    ids = [p["id"] for p in blocks["topicmap-data"]["points"]]
    assert summary["answers"][0]["id"] not in ids and summary["answers"][1]["id"] in ids
    assert -0.25 in [r["score"] for r in blocks["ranking-data"]["rows"]]


def test_large_corpus_lists_the_most_confident_quotes_and_counts_the_rest(summary, tmp_path):
    """A direction with many stances lists QUOTES_PER_STANCE per stance, most confident first,
    names NAMES_SHOWN authors per side, and says how many more stances.csv has."""
    base = next(s for s in summary["stances"] if s["stance"] in ("crowded", "promising"))
    many = []
    for i in range(report.QUOTES_PER_STANCE + 7):
        for stance in ("crowded", "promising"):
            many.append(dict(base, author=f"作者{stance[0]}{i:02d}", stance=stance, confidence=round(0.3 + i / 100, 2),
                             quote=f"第{i}条{stance}引文"))
    summary["stances"] = [s for s in summary["stances"] if s["direction"] != base["direction"]] + many
    strings = report.load_strings("zh")
    view = report.build_view(summary, strings)
    (d,) = [d for d in view["directions"] if d["id"] == base["direction"]]
    for stance in ("crowded", "promising"):
        listed = [s for s in d["stances"] if s["stance"] == stance]
        assert len(listed) == report.QUOTES_PER_STANCE
        assert [s["confidence"] for s in listed] == sorted((s["confidence"] for s in listed), reverse=True)
        assert listed[-1]["quote"] == f"第7条{stance}引文"  # the 7 least confident are the ones left out
    assert d["hidden"] == 14
    assert len(d["crowded_by"]) == report.QUOTES_PER_STANCE + 7  # the ranking keeps every author
    assert d["crowded_names"].endswith("等 15 人") and d["crowded_names"].count("、") == report.NAMES_SHOWN - 1
    html = report.render_report(summary, tmp_path).read_text("utf-8")
    assert "另有 14 条观点未列出" in html
    assert "第6条crowded引文" not in html and "第26条crowded引文" in html
