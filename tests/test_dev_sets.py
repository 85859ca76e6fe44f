"""Regression guard on the labelled dev sets (tests/holdout2 … holdout5).

Each was sealed when first measured (figures in its README); the rules have
been tuned on them since, so these floors guard what was won, they do not
claim quality on unseen pages. The seeds, tests/pages and tests/holdout are
scored in test_pipeline.py and test_holdout_gold.py.
"""
from __future__ import annotations

import json

import pytest

from discourse.pipeline import run

from conftest import ROOT, copy_corpus
from test_pipeline import _scorer, _settings

# set: (overall, author_f1, leaks at most)
FLOORS = {
    "holdout2": (0.95, 0.95, 2),
    "holdout3": (0.9, 0.95, 2),
    "holdout4": (0.9, 0.95, 2),
    "holdout5": (0.9, 0.95, 2),
    "holdout6": (0.85, 0.95, 2),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_dev_set_stays_above_its_floor(name, tmp_path):
    folder = ROOT / "tests" / name
    corpus = copy_corpus(folder, tmp_path / "corpus")
    result = run(_settings(corpus, tmp_path))
    score = _scorer()
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    rows = score.score_pages(gold, result.summary)
    stances = score.score_stances(gold, result.summary)
    overall, author_f1, leaks = FLOORS[name]
    assert sum(r["author_f1"] for r in rows) / len(rows) >= author_f1
    assert sum(len(r["leaks"]) for r in rows) <= leaks
    assert stances["overall"] >= overall


def test_holdout6_labels_occur_in_their_pages():
    """The writer's own consistency check of tests/holdout6/gold.json (strict decoding, each string found)."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "tests" / "holdout6" / "check.py")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
