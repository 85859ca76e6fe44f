"""Shared fixtures: every store and output lives under tmp_path, never in the repo."""
from __future__ import annotations

import shutil
from pathlib import Path

import os

import pytest
from hypothesis import settings

# CI replays a fixed set of generated examples, so a run never fails on a new
# random draw; local runs keep exploring (and store what they find).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus"
PAGES = ROOT / "tests" / "pages"
SHARED = ROOT.parent / "shared"
LABEL_FILES = {"gold.json", "README.md", "stance_sentences.tsv", "check.py"}


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from an empty folder so nothing lands in the repository."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def copy_corpus(src: Path, dest: Path) -> Path:
    """A copy of a page folder without its label files."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.iterdir()):
        if f.is_file() and f.name not in LABEL_FILES:
            shutil.copy2(f, dest / f.name)
    return dest


def ingest_file(tmp_path: Path, name: str, data: str | bytes):
    """Pages and rejections of `ingest` on a corpus folder holding one file `name`."""
    from discourse.config import load_settings
    from discourse.pipeline import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return ingest(load_settings(overrides={"corpus": str(corpus), "quiet": True}, cwd=tmp_path))


def ingest_page(tmp_path: Path, name: str, text: str | bytes):
    """The one page `name` becomes; fails the test if anything was rejected."""
    pages, rejected = ingest_file(tmp_path, name, text)
    assert not rejected
    (page,) = [p for p in pages if p.source == name]
    return page


def by_author(page) -> dict[str, str]:
    """Each author's answers on a page, joined."""
    texts: dict[str, list[str]] = {}
    for a in page.answers:
        texts.setdefault(a.author, []).append(a.text)
    return {k: "\n".join(v) for k, v in texts.items()}


def published(page) -> str:
    """All a page publishes: its question and its answers."""
    return "\n".join([page.question, *(a.text for a in page.answers)])


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    return copy_corpus(SEEDS, tmp_path / "corpus")


@pytest.fixture
def page_corpus(tmp_path: Path) -> Path:
    return copy_corpus(PAGES, tmp_path / "pages")
