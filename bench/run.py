"""Benchmarks for discourse: prints a table and writes bench/RESULTS.md.

    python bench/run.py [SECTION ...] [--runs N] [--sizes 1000 3000 10000] [--report-only]

Sections (default: all, run one after the other, never in parallel):
  e2e      seed corpus: cold run, warm re-runs, one page added (seconds and peak RSS per stage)
  scale    synthetic corpora of --sizes answers (see bench/e2e.py for how they are built);
           with --scale-model or --scale-embed-chars stored as scale_st / scale_budget
  budget   embed_chars budgets: tokens read vs V-measure of answers grouped by question (bench/embed_budget.py)
  omp      bundled-embedder throughput under OMP_NUM_THREADS / OMP_WAIT_POLICY settings
  chunk    bundled-embedder throughput by passages per call (the pipeline's embed chunk size)
  embed    embedding throughput of both backends (bench/bench_embed.py)
  topics   our topic stage vs BERTopic on the same cached e5 vectors of CSL dev titles
  topics_scale  the topic stage on --sizes synthetic answers, for each --src checkout (bench/topics_scale.py)
  norm     normalization throughput (MB/s), simplified vs traditional, both OpenCC packages
  profile  pyinstrument on the warm re-run; the topic stage's first vs second call in a process
Each section stores its figures in bench/.cache/results/SECTION.json; RESULTS.md
is rebuilt from every stored section, so sections can be re-run one at a time.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import load, save  # noqa: E402
import results_md  # noqa: E402

SECTIONS = ("e2e", "scale", "budget", "omp", "chunk", "embed", "topics", "topics_scale", "norm", "profile")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sections", nargs="*", default=list(SECTIONS),
                    help=f"any of {', '.join(SECTIONS)} (default: all)")
    ap.add_argument("--runs", type=int, default=3, help="repetitions where affordable (warm runs, throughput)")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000], help="synthetic corpus sizes (answers)")
    ap.add_argument("--scale-model", default=None, help="embedding model for the scale runs (default bundled)")
    ap.add_argument("--scale-embed-chars", type=int, default=None,
                    help="run the scale section with --embed-chars N (stored apart from the default run)")
    ap.add_argument("--src", nargs="+", default=None,
                    help="topics_scale: src/ folders of the checkouts to compare (default: this one)")
    ap.add_argument("--report-only", action="store_true", help="rebuild RESULTS.md from stored results")
    args = ap.parse_args()
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")

    if not args.report_only:
        for section in args.sections:
            print(f"== {section}", flush=True)
            if section == "e2e":
                import e2e

                save("e2e", e2e.seed_e2e(args.runs))
            elif section == "scale":
                import e2e

                name = "scale_st" if args.scale_model else "scale_budget" if args.scale_embed_chars is not None else "scale"
                save(name, e2e.scale(args.sizes, model=args.scale_model, embed_chars=args.scale_embed_chars))
            elif section == "budget":
                import embed_budget

                save("budget", embed_budget.budgets())
            elif section == "omp":
                import throughput

                save("omp", throughput.omp_settings())
            elif section == "chunk":
                import throughput

                save("chunk", throughput.embed_chunks(args.runs))
            elif section == "embed":
                import throughput

                save("embed", throughput.embed_backends(args.runs))
            elif section == "topics":
                import compare_topics

                save("topics", compare_topics.compare(args.runs))
            elif section == "topics_scale":
                import topics_scale

                save("topics_scale", topics_scale.time_topics(
                    args.sizes, args.src or [str(Path(__file__).resolve().parents[1] / "src")], args.runs))
            elif section == "norm":
                import throughput

                save("norm", throughput.normalization(args.runs))
            elif section == "profile":
                import profile_stages

                save("profile", profile_stages.profile())
    text = results_md.render({s: load(s) for s in (*SECTIONS, "scale_st", "scale_budget")})
    (Path(__file__).resolve().parent / "RESULTS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
