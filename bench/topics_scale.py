"""The topic stage at scale, and before/after a change: `cluster_topics` on N synthetic answers.

    python bench/topics_scale.py [--sizes 3000 10000] [--src DIR ...] [--runs 2]

The answers are bench/e2e.py's synthetic ones (same seed, so the same texts
every time), ingested and embedded with the bundled model into
bench/.cache/synthetic-N/ on first use (about 10 minutes at 10k answers; later
runs reuse the store). Each `--src` is the `src/` folder of a checkout to time
(default: this one), e.g. the commit before a change:

    git worktree add /tmp/before 2b5da9a
    python bench/topics_scale.py --src src /tmp/before/src

so both run on the same vectors, machine and load. A fresh child process per
(checkout, size) first clusters 200 answers, which compiles what numba can
compile at that size, then times `--runs` calls on all N; its peak RSS is the
process's, vectors included. Checkouts are interleaved run by run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, ROOT, machine, median  # noqa: E402

_CHILD = r"""
import json, resource, sys, time
import numpy as np
from discourse.topics import cluster_topics
data = np.load(sys.argv[1])
meta = json.loads(open(sys.argv[2], encoding="utf-8").read())
vectors, texts, ids = data["vectors"], meta["texts"], meta["ids"]
cluster_topics(vectors[:200], texts[:200], ids[:200])
t = time.perf_counter()
result = cluster_topics(vectors, texts, ids)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "k": result.k, "method": result.method,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def prepare(n: int) -> tuple[Path, Path]:
    """Vectors (.npz) and texts/ids (.json) of n synthetic answers, embedded once and kept."""
    from e2e import build_synthetic

    from discourse.config import load_settings
    from discourse.pipeline import _embed, ingest
    from discourse.progress import Progress
    from discourse.store import Store
    import numpy as np

    work = CACHE / f"synthetic-{n}"
    vectors_path, meta_path = work / "vectors.npz", work / "answers.json"
    if vectors_path.exists() and meta_path.exists():
        return vectors_path, meta_path
    if not (work / "corpus").is_dir():
        build_synthetic(n, work / "corpus")
    settings = load_settings(overrides={"corpus": str(work / "corpus"), "store": str(work / "store"),
                                        "quiet": True}, cwd=work)
    print(f"  embedding {n} synthetic answers once (kept in {work})", flush=True)
    with Store.open(settings.store) as store:
        pages, _ = ingest(settings, store)
        answers = [a for p in pages for a in p.answers]
        _, vectors, _, _ = _embed(settings, store, answers, Progress(quiet=True))
    np.savez(vectors_path, vectors=vectors)
    meta_path.write_text(json.dumps({"texts": [a.text for a in answers], "ids": [a.id for a in answers]},
                                    ensure_ascii=False), encoding="utf-8")
    return vectors_path, meta_path


def commit_of(src: str) -> str:
    """The short commit (with "+" if modified) of the checkout holding `src`, or "" outside git."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(Path(src).resolve()), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""
    head = git("rev-parse", "--short", "HEAD")
    return head + ("+" if head and git("status", "--porcelain", "--", ".") else "")


def time_topics(sizes: list[int], sources: list[str], runs: int) -> dict:
    rows = []
    for n in sizes:
        vectors, meta = prepare(n)
        per_src: dict[str, list[dict]] = {s: [] for s in sources}
        for _ in range(runs):
            for src in sources:  # interleaved, so load drift hits every checkout alike
                env = {**os.environ, "PYTHONPATH": str(Path(src).resolve())}
                done = subprocess.run([sys.executable, "-c", _CHILD, str(vectors), str(meta)], cwd=ROOT,
                                      env=env, capture_output=True, text=True)
                if done.returncode:
                    raise RuntimeError(f"{src}: {done.stderr[-800:]}")
                per_src[src].append(json.loads(done.stdout.strip().splitlines()[-1]))
                r = per_src[src][-1]
                print(f"  {n} answers, {src}: {r['seconds']:.1f}s, {r['rss_mb']:.0f} MB, k={r['k']}", flush=True)
        for src, rs in per_src.items():
            rows.append({"answers": n, "src": src, "commit": commit_of(src),
                         "seconds": median([r["seconds"] for r in rs]),
                         "runs": [round(r["seconds"], 1) for r in rs], "rss_mb": max(r["rss_mb"] for r in rs),
                         "k": rs[-1]["k"], "method": rs[-1]["method"]})
    return {"rows": rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--src", nargs="+", default=[str(ROOT / "src")], help="src/ folders of the checkouts to time")
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    print(f"machine: {machine()}")
    result = time_topics(args.sizes, args.src, args.runs)
    from results_md import render_topics_scale

    print("\n".join(render_topics_scale(result["rows"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
