"""Profiles of the stages that dominate: the warm re-run (pyinstrument) and the topic stage's first call.

The topic stage's cost on a small corpus is numba compiling UMAP on the first
call in each process; `topics_first_call` shows it by calling
`cluster_topics` twice on the same 16 vectors in a fresh process.
"""
from __future__ import annotations

import json
import re
import shutil
import sys

from common import ROOT, run_child, scratch

_TWICE = r"""
import json, time, numpy as np
from discourse.topics import cluster_topics
rng = np.random.default_rng(0)
X = rng.normal(size=(16, 384)).astype(np.float32); X /= np.linalg.norm(X, axis=1, keepdims=True)
texts = ["深度学习方向 %d" % i for i in range(16)]; ids = ["%05d" % i for i in range(16)]
out = []
for _ in range(2):
    t = time.perf_counter(); cluster_topics(X, texts, ids); out.append(time.perf_counter() - t)
print(json.dumps(out))
"""


def topics_first_call() -> dict:
    res = run_child([sys.executable, "-c", _TWICE])
    first, second = json.loads(res["stdout"].strip().splitlines()[-1])
    return {"first_s": first, "second_s": second}


def warm_profile() -> dict:
    """pyinstrument on a warm re-run of the seed corpus; the top of the call tree."""
    work = scratch("prof_")
    try:
        base = [sys.executable, "-m", "discourse", "run", "--corpus", str(ROOT / "corpus"),
                "--out", str(work / "out"), "--store", str(work / "store"), "--quiet"]
        run_child(base)  # cold, to fill the store
        text = work / "prof.txt"
        run_child([sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(text), *base[1:]])
        tree = text.read_text()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    keep = [line for line in tree.splitlines() if re.search(r"\d+\.\d{3} ", line)][:40]
    return {"warm_tree": "\n".join(keep)}


def profile() -> dict:
    return {**topics_first_call(), **warm_profile()}
