"""Command line: each subcommand parses its arguments and calls the library.

    discourse run        the whole pipeline: corpus/ → reports/index.html + summary.json
    discourse ingest     what was read: per page the question, each answer's author and
                         length, and the lines dropped as boilerplate with their reasons
    discourse directions the direction lexicon and candidate terms found in the corpus
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from . import __version__
from .config import Settings, load_settings
from .errors import DiscourseError


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--corpus", type=Path, help="folder of scraped pages (default: corpus/)")
    p.add_argument("--config", type=Path, help="settings file (default: ./discourse.toml if present)")
    p.add_argument("-q", "--quiet", action="store_true", default=None, help="no progress output")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="discourse",
        description="Read Zhihu-style discussion pages and report which research and career "
                    "directions people call 卷 (crowded) and which promising, who says so, and in which words.",
    )
    parser.add_argument("--version", action="version", version=f"discourse {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run the whole pipeline and write the report",
                         description="Ingest the corpus, embed answers, find directions and stances, cluster "
                                     "topics, and write reports/index.html, summary.json and CSV exports. "
                                     "Only new or changed content is processed again.")
    _common(run)
    run.add_argument("--out", type=Path, help="output folder (default: reports/)")
    run.add_argument("--store", type=Path, help="cache folder (default: .discourse next to the corpus)")
    run.add_argument("--model", help="'bundled' (default, offline multilingual-e5-small) or a "
                                     "sentence-transformers model name or local path")
    run.add_argument("--topics", type=int, help="number of topics (default: chosen automatically)")
    run.add_argument("--seed", type=int, help="seed for UMAP and k-means (default: 42)")
    run.add_argument("--lang", choices=("auto", "zh", "en"), help="report language (default: auto)")
    run.add_argument("--keep-contacts", action="store_true", default=None,
                     help="keep e-mail addresses and phone/QQ numbers (private analysis only)")
    run.add_argument("--embed-chars", type=int, metavar="N",
                     help="embed only the first N characters of each answer, whole sentences "
                          "(default: 400; 0 = the whole answer; smaller is faster)")
    run.add_argument("--wait", type=float, help="seconds to wait for another run's lock (default: 0)")
    run.add_argument("--stance-classifier", action="store_true", default=None,
                     help="also consult the embedding stance classifier where no cue word speaks")

    ingest = sub.add_parser("ingest", help="show how each page was read and segmented",
                            description="Print, per page, the question, each answer's author and length, "
                                        "and how many lines were dropped as boilerplate and why.")
    _common(ingest)
    ingest.add_argument("--lines", action="store_true", help="also list every dropped line")

    directions = sub.add_parser("directions", help="list the direction lexicon and discovered candidates",
                                description="List the lexicon's directions (with aliases) and the candidate "
                                            "terms found in the corpus that the lexicon lacks.")
    _common(directions)
    return parser


def _settings(args: argparse.Namespace, **extra: object) -> Settings:
    overrides = {"corpus": args.corpus, "quiet": args.quiet, **extra}
    return load_settings(args.config, overrides)


def cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import run

    settings = _settings(args, out=args.out, store=args.store, model=args.model, topics=args.topics,
                         seed=args.seed, lang=args.lang, keep_contacts=args.keep_contacts, wait=args.wait,
                         stance_classifier=args.stance_classifier, embed_chars=args.embed_chars)
    result = run(settings)
    s = result.summary
    c = s["corpus"]
    print(f"{c['pages']} pages, {c['answers']} answers, {len(s['directions'])} directions, "
          f"{len(s['topics'])} topics; {len(result.rejected)} file(s) rejected; "
          f"embedded {s['run']['embedded_new']} new, {s['run']['embedded_cached']} cached")
    print(f"report: {result.report}")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from .pipeline import ingest

    pages, rejected = ingest(_settings(args))
    for p in pages:
        print(f"== {p.source}  [{p.language}{', traditional' if p.traditional else ''}]")
        print(f"   question: {p.question}")
        for a in p.answers:
            print(f"   answer {a.position + 1}: {a.author or '(unknown author)'} — {len(a.text)} chars")
        reasons = Counter(d.reason for d in p.dropped)
        summary = ", ".join(f"{r} ×{n}" for r, n in reasons.most_common())
        print(f"   dropped {len(p.dropped)} line(s){': ' + summary if summary else ''}")
        if args.lines:
            for d in p.dropped:
                print(f"      {d.line + 1:>5}  {d.reason:<28} {d.text[:80]}")
    for r in rejected:
        print(f"rejected {r.source}{f' line {r.line}' if r.line else ''}: {r.reason}")
    return 0


def cmd_directions(args: argparse.Namespace) -> int:
    from .directions import discover_candidates, load_lexicon
    from .pipeline import ingest

    settings = _settings(args)
    lexicon = load_lexicon(settings.lexicons)
    print(f"lexicon: {len(lexicon.directions)} directions")
    for d in lexicon.directions:
        print(f"  {d.id:<24} {d.name}  [{d.group}]  {', '.join(d.aliases[:8])}")
    if settings.corpus.is_dir():
        pages, _ = ingest(settings)
        texts = [a.text for p in pages for a in p.answers]
        candidates = discover_candidates(texts, lexicon)
        print(f"candidates found in {settings.corpus}: {len(candidates)}")
        for c in candidates:
            target = f"→ merged into {c.merged_into}" if c.merged_into else "→ proposed as a new direction"
            print(f"  {c.term:<28} ×{c.count}  {target}")
    return 0


COMMANDS = {"run": cmd_run, "ingest": cmd_ingest, "directions": cmd_directions}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except DiscourseError as exc:
        print(f"discourse: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("discourse: interrupted; the store is consistent, run again to continue", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
