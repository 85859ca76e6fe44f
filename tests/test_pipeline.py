"""End to end: the real pipeline with the bundled model on the seed pages and our own pages."""
from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from discourse.cli import main
from discourse.config import load_settings
from discourse.pipeline import run

from conftest import PAGES, SHARED

SCORER = SHARED / "tools" / "score.py"
SEED_GOLD = SHARED / "eval" / "seeds-gold.json"


def _scorer():
    if not SCORER.is_file():
        pytest.skip(f"{SCORER} not present (shared/ sits beside the repository in CI)")
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _settings(corpus: Path, tmp: Path, **kw):
    return load_settings(None, {"corpus": str(corpus), "out": str(tmp / "reports"),
                                "store": str(tmp / "store"), "quiet": True, **kw})


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seedrun")
    corpus = tmp / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[1] / "corpus", corpus)
    result = run(_settings(corpus, tmp))
    return tmp, corpus, result


def test_seed_run_writes_the_contract(seed_run):
    tmp, _, result = seed_run
    summary = json.loads((tmp / "reports" / "summary.json").read_text("utf-8"))
    assert summary["schema"] == "discourse.summary/1"
    assert {"pages", "answers", "directions", "stances", "topics", "rejected", "run"} <= set(summary)
    assert len(summary["pages"]) == 5
    assert (tmp / "reports" / "index.html").is_file()
    ids = {d["id"] for d in summary["directions"]}
    assert all(s["direction"] in ids for s in summary["stances"])
    assert all(-1 <= d["score"] <= 1 for d in summary["directions"])
    assert all(a["topic"] in {t["id"] for t in summary["topics"]} | {-1} for a in summary["answers"])
    assert result.summary["run"]["embedded_new"] > 0


def test_seed_segmentation_and_stance_meet_the_bar(seed_run):
    tmp, _, _ = seed_run
    score = _scorer()
    code = score.main(["--gold", str(SEED_GOLD), "--summary", str(tmp / "reports" / "summary.json"),
                       "--min-author-f1", "1", "--min-keep", "1", "--max-leaks", "0",
                       "--max-wrong-authors", "0", "--min-overall", "0.8", "--max-flips", "1"])
    assert code == 0


def test_contacts_never_published(seed_run):
    tmp, _, _ = seed_run
    for name in ("summary.json", "index.html", "answers.csv", "stances.csv"):
        text = (tmp / "reports" / name).read_text("utf-8-sig")
        assert "hengshan.jhs@alibaba-inc.com" not in text
        assert "78799268@qq.com" not in text


def test_second_run_embeds_nothing_new(seed_run):
    tmp, corpus, first = seed_run
    again = run(_settings(corpus, tmp))
    assert again.summary["run"]["embedded_new"] == 0
    assert again.summary["run"]["embedded_cached"] == first.summary["run"]["embedded_new"] + \
        first.summary["run"]["embedded_cached"]
    strip = lambda s: {k: v for k, v in s.items() if k not in ("generated", "run")}  # noqa: E731
    assert strip(again.summary) == strip(first.summary)


def test_added_page_embeds_only_its_passages_and_deleted_page_leaves(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).resolve().parents[1] / "corpus", corpus)
    first = run(_settings(corpus, tmp_path))
    shutil.copy2(PAGES / "zhihu_mirror_nlp.txt", corpus / "zhihu_mirror_nlp.txt")
    second = run(_settings(corpus, tmp_path))
    assert 0 < second.summary["run"]["embedded_new"] < first.summary["run"]["embedded_new"]
    assert any(p["source"] == "zhihu_mirror_nlp.txt" for p in second.summary["pages"])
    (corpus / "zhihu_mirror_nlp.txt").unlink()
    third = run(_settings(corpus, tmp_path))
    assert third.summary["run"]["embedded_new"] == 0
    assert not any(a["source"] == "zhihu_mirror_nlp.txt" for a in third.summary["answers"])


def test_own_pages_of_other_shapes(page_corpus, tmp_path):
    """Forums, Q&A mirrors, WeChat reposts, English threads, Big5/UTF-16/GBK files, HTML, JSONL."""
    result = run(_settings(page_corpus, tmp_path))
    score = _scorer()
    gold = json.loads((PAGES / "gold.json").read_text("utf-8"))
    rows = score.score_pages(gold, result.summary)
    author_f1 = sum(r["author_f1"] for r in rows) / len(rows)
    kept = sum(r["kept"] for r in rows) / sum(r["must_keep"] for r in rows)
    leaks = sum(len(r["leaks"]) for r in rows)
    assert author_f1 >= 0.95
    assert kept >= 0.9
    assert leaks <= 6
    assert sum(len(r["wrong_authors"]) for r in rows) == 0
    # the truncated JSONL line is reported, the rest of the file is used
    assert any(r["source"].endswith(".jsonl") and r["line"] for r in result.summary["rejected"])


def test_cli_ingest_prints_pages(seed_corpus, capsys):
    assert main(["ingest", "--corpus", str(seed_corpus), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "谢凌曦" in out and "dropped" in out


def test_cli_reports_missing_corpus_in_one_line(tmp_path, capsys):
    code = main(["run", "--corpus", str(tmp_path / "nope"), "--out", str(tmp_path / "r"), "--quiet"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and len(err) == 1 and "does not exist" in err[0]


def test_every_command_is_documented():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    from discourse.cli import COMMANDS

    for name in COMMANDS:
        assert f"discourse {name}" in readme


def test_edited_user_lexicon_redecides_stances(tmp_path):
    """The stance cache follows the lexicon's contents, not its path."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "thread.txt").write_text(
        "问题：读博选什么方向？\n\n"
        "张三\n量子退火现在已经是红海了，每年毕业的人太多，岗位就那么几个，我不推荐再进。\n\n"
        "李四\n我同意，量子退火真的很卷，组里师兄找工作都很难。\n", encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text('[annealing]\nname = "量子退火"\naliases = ["量子退火"]\ngroup = "field"\n', encoding="utf-8")
    first = run(_settings(corpus, tmp_path, lexicons=[str(mine)]))
    assert {s["direction"] for s in first.summary["stances"]} == {"annealing"}
    mine.write_text('[qa_opt]\nname = "量子退火"\naliases = ["量子退火"]\ngroup = "field"\n', encoding="utf-8")
    second = run(_settings(corpus, tmp_path, lexicons=[str(mine)]))
    assert {s["direction"] for s in second.summary["stances"]} == {"qa_opt"}
    assert {s["stance"] for s in second.summary["stances"]} == {"crowded"}


def test_quiet_run_prints_only_its_summary(seed_corpus, tmp_path):
    """--quiet: no progress bars and no library chatter (jieba's dictionary log) on stderr."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "discourse", "run", "--corpus", str(seed_corpus),
                           "--out", str(tmp_path / "out"), "--store", str(tmp_path / "store"), "--quiet"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    assert "5 pages" in done.stdout
