"""The pipeline: the only module that knows the order of the stages.

`run(settings)` executes, in this order:

1. read       — discover corpus files, detect encodings, parse row files;
2. ingest     — normalize, strip boilerplate and segment each page into a
                question and answers; cached per file content + stage versions;
3. embed      — take each answer's leading sentences (`embed_chars`), split
                them into passages within the model's window and embed them;
                vectors cached per (model id, text hash);
4. directions — find the lexicon's directions in every answer, discover
                candidate terms the lexicon lacks;
5. stance     — each author's stance on each direction; cached per answer;
6. topics     — cluster answer vectors and label the clusters; cached per the
                set of answers + settings;
7. aggregate  — rank directions, mix stances into topics;
8. report     — write summary.json, CSV exports and index.html atomically.

Nothing in the corpus folder is ever written. Bad files become `rejected[]`
entries; only conditions that stop the whole run raise `DiscourseError`.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from . import aggregate, boilerplate, segment, stance
from .config import Settings
from .datafiles import fingerprint
from .errors import CorpusNotFound
from .progress import Progress, warn
from .records import (Answer, Mention, Page, Rejected, Stance, content_hash, mention_from_dict,
                      page_from_dict, page_to_dict, stance_from_dict)

SCHEMA = "discourse.summary/1"
INGEST_VERSION = f"b{boilerplate.STAGE_VERSION}.s{segment.STAGE_VERSION}.n5"
INGEST_DATA = ("boilerplate.toml", "headers.toml", "rows.toml")  # rule files ingest reads: part of its key
STANCE_VERSION = f"st{stance.STAGE_VERSION}.o1"
TOPICS_VERSION = "t2"
DISCOVER_VERSION = "d1"
RESERVED_ANSWER_KEYS = {"id", "page_id", "source", "position", "author", "question", "text", "original",
                        "topic", "x", "y", "stance"}


@dataclass
class RunResult:
    summary: dict[str, Any]
    report: Path
    rejected: list[Rejected] = field(default_factory=list)


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._t = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + now - self._t, 3)
        self._t = now


def ingest(settings: Settings, store: Any | None = None, progress: Progress | None = None
           ) -> tuple[list[Page], list[Rejected]]:
    """Stages 1–2: the corpus as pages with answers, plus what could not be read."""
    from .normalize import normalize
    from .privacy import redact
    from .read import read_corpus

    progress = progress or Progress(quiet=True)
    if not settings.corpus.is_dir():
        raise CorpusNotFound(f"corpus folder {settings.corpus} does not exist; "
                             "create it and put the scraped pages in it, or pass --corpus DIR")
    docs, rejected = read_corpus(settings.corpus)
    for r in rejected:
        warn(f"{r.source}{f' line {r.line}' if r.line else ''}: {r.reason} (skipped)")
    redactor = (lambda s: s) if settings.keep_contacts else redact
    rules, headers = boilerplate.load_rules(), segment.load_headers()
    data_key = fingerprint(*INGEST_DATA)
    pages: list[Page] = []
    with progress.bar("ingest", len(docs)) as advance:
        for doc in docs:
            key = None
            if store is not None:
                key = store.stage_key("ingest", INGEST_VERSION, doc.digest,
                                      {"source": doc.source, "keep_contacts": settings.keep_contacts,
                                       "data": data_key})
                cached = store.get_artifact(key)
                if cached is not None:
                    pages.extend(page_from_dict(p) for p in cached)
                    advance(1)
                    continue
            try:
                clean = normalize(doc)
                if doc.fmt == "rows":
                    made = segment.pages_from_rows(
                        clean, redact=redactor, clean=lambda text: boilerplate.clean_text(text, rules))
                else:
                    furniture = boilerplate.strip_boilerplate(
                        clean.lines, rules, protect=lambda line: segment.is_structural(line, headers))
                    made = [segment.segment(clean, furniture, headers, redact=redactor)]
            except Exception as exc:  # one bad document must not stop the run
                rejected.append(Rejected(doc.source, "ingest", f"{type(exc).__name__}: {exc}"))
                warn(f"{doc.source}: could not be processed ({exc}); skipped")
                advance(1)
                continue
            made = [p for p in made if p.answers]
            if not made:
                rejected.append(Rejected(doc.source, "segment", "no answer text left after removing boilerplate"))
            if store is not None and key is not None:
                store.put_artifact(key, "ingest", [page_to_dict(p) for p in made])
            pages.extend(made)
            advance(1)
    pages.sort(key=lambda p: (p.source, p.id))
    return pages, rejected


def run(settings: Settings, progress: Progress | None = None) -> RunResult:
    """Run every stage (see the module docstring) and write the report."""
    from .store import Store

    progress = progress or Progress(quiet=settings.quiet)
    if not settings.corpus.is_dir():
        raise CorpusNotFound(f"corpus folder {settings.corpus} does not exist; "
                             "create it and put the scraped pages in it, or pass --corpus DIR")
    clock = _Clock()
    started = datetime.now(timezone.utc)
    with Store.open(settings.store) as store, store.lock(timeout=settings.wait):
        pages, rejected = ingest(settings, store, progress)
        clock.lap("ingest")
        answers = [a for p in pages for a in p.answers]
        if not answers:
            raise CorpusNotFound(f"no answers found in {settings.corpus}: "
                                 f"{len(rejected)} file(s) rejected; see the warnings above")
        progress.note(f"{len(pages)} pages, {len(answers)} answers")

        embedder, vectors, n_new, n_cached = _embed(settings, store, answers, progress)
        model_id = embedder.model_id
        clock.lap("embed")

        from .directions import load_lexicon

        lexicon = load_lexicon(settings.lexicons)
        candidates = _discover(settings, store, lexicon, answers)
        clock.lap("directions")

        stances, mentions = _stances(settings, store, lexicon, answers, progress, embedder)
        clock.lap("stance")

        topic_result = _topics(settings, store, answers, vectors, lexicon)
        clock.lap("topics")

        summary = _summary(settings, pages, answers, rejected, lexicon, candidates, stances, mentions,
                           topic_result, started)
        summary["run"].update({"model": model_id, "embedded_new": n_new, "embedded_cached": n_cached})
        clock.lap("aggregate")
        report = _write(settings, summary, clock)
        keep = {a.id for a in answers}
        store.prune("stance", {_stance_key(store, settings, lexicon, a) for a in answers if a.id in keep})
    return RunResult(summary=summary, report=report, rejected=rejected)


def _embed(settings: Settings, store: Any, answers: list[Answer], progress: Progress
           ) -> tuple[Any, np.ndarray, int, int]:
    from .embed import embed_cached, load_embedder
    from .passages import answer_vector, leading_passages

    embedder = load_embedder(settings.model)
    passages = [leading_passages(a.id, a.text, budget=settings.embed_chars, max_chars=settings.passage_chars)
                for a in answers]
    texts = [p.text for ps in passages for p in ps]
    with progress.bar("embed", len(texts)) as advance:
        matrix, n_new, n_cached = embed_cached(store, embedder, texts, progress=advance)
    vectors = np.zeros((len(answers), embedder.dim), dtype=np.float32)
    at = 0
    for i, ps in enumerate(passages):
        chunk = matrix[at:at + len(ps)]
        at += len(ps)
        if len(ps):
            vectors[i] = answer_vector(chunk, np.array([len(p.text) for p in ps], dtype=np.float32))
    return embedder, vectors, n_new, n_cached


def _discover(settings: Settings, store: Any, lexicon: Any, answers: list[Answer]) -> list[dict]:
    """Candidate terms the lexicon lacks; cached per answer set (jieba tagging is slow)."""
    key = store.stage_key("discover", DISCOVER_VERSION, content_hash(*sorted(a.id for a in answers)),
                          {"lexicon": lexicon.fingerprint})
    cached = store.get_artifact(key)
    if cached is None:
        from .directions import discover_candidates

        cached = [dataclasses.asdict(c) for c in discover_candidates([a.text for a in answers], lexicon)]
        store.put_artifact(key, "discover", cached)
        store.prune("discover", {key})
    return cached


def _stance_key(store: Any, settings: Settings, lexicon: Any, answer: Answer) -> str:
    # the contents of the lexicon and cue files, not their paths: editing a user
    # lexicon and running again re-decides every stance
    config = {"lexicon": lexicon.fingerprint, "cues": stance.cues_fingerprint()}
    if settings.stance_classifier:
        config["classifier"] = settings.model
    return store.stage_key("stance", STANCE_VERSION, answer.id, config)


def _stances(settings: Settings, store: Any, lexicon: Any, answers: list[Answer], progress: Progress,
             embedder: Any = None) -> tuple[list[Stance], list[Mention]]:
    from .subjects import subject_before

    cues = stance.load_cues()
    words = tuple(lexicon.jieba_words())
    subjects = lambda text: subject_before(text, words)  # noqa: E731
    stances: list[Stance] = []
    mentions: list[Mention] = []
    classifier = None
    with progress.bar("stance", len(answers)) as advance:
        for a in answers:
            key = _stance_key(store, settings, lexicon, a)
            cached = store.get_artifact(key)
            if cached is None:
                if settings.stance_classifier and classifier is None and embedder is not None:
                    from .stance_model import StanceClassifier

                    classifier = StanceClassifier(store, embedder)  # trained once, only when needed
                st, me = stance.decide(a, lexicon, cues, subjects=subjects, classifier=classifier)
                cached = {"stances": [dataclasses.asdict(s) for s in st],
                          "mentions": [dataclasses.asdict(m) for m in me]}
                store.put_artifact(key, "stance", cached)
            stances.extend(stance_from_dict(s) for s in cached["stances"])
            mentions.extend(mention_from_dict(m) for m in cached["mentions"])
            advance(1)
    return stances, mentions


def _topics(settings: Settings, store: Any, answers: list[Answer], vectors: np.ndarray, lexicon: Any) -> dict:
    ids = [a.id for a in answers]
    key = store.stage_key("topics", TOPICS_VERSION, content_hash(*sorted(ids)),
                          {"topics": settings.topics, "seed": settings.seed, "model": settings.model,
                           "lexicon": lexicon.fingerprint,  # its names label the topics
                           "passage_chars": settings.passage_chars, "embed_chars": settings.embed_chars})
    cached = store.get_artifact(key)
    if cached is not None:
        return cached
    from .topics import cluster_topics

    result = cluster_topics(vectors, [a.text for a in answers], ids, n_topics=settings.topics or None,
                            seed=settings.seed,
                            vocabulary=sorted({n for d in lexicon.directions for n in (d.name, *d.aliases)}))
    out = {
        "assignments": dict(zip(ids, (int(t) for t in result.assignments))),
        "coords": {i: [round(float(x), 4), round(float(y), 4)] for i, (x, y) in zip(ids, result.coords)},
        "topics": [dataclasses.asdict(t) for t in result.topics],
        "choice": {"method": result.method, "k": int(result.k), "reason": result.reason},
    }
    store.put_artifact(key, "topics", out)
    return out


def _summary(settings: Settings, pages: list[Page], answers: list[Answer], rejected: list[Rejected],
             lexicon: Any, candidates: list[Any], stances: list[Stance], mentions: list[Mention],
             topic_result: dict, started: datetime) -> dict[str, Any]:
    directions = {d.id: d for d in lexicon.directions}
    answer_page = {a.id: a.page_id for a in answers}
    ranked = aggregate.rank_directions(stances, mentions, directions, answer_page)
    topic_of = topic_result["assignments"]
    mix = aggregate.topic_stance_mix(topic_of, stances)
    languages = [p.language for p in pages]
    lean: dict[str, float] = {}
    for s in stances:
        lean[s.answer_id] = lean.get(s.answer_id, 0.0) + s.score
    answer_rows = []
    for a in answers:
        x, y = topic_result["coords"].get(a.id, [0.0, 0.0])
        row = {"id": a.id, "page_id": a.page_id, "source": a.source, "position": a.position,
               "author": a.author, "question": a.question, "text": a.text, "original": a.original,
               "topic": topic_of.get(a.id, -1), "x": x, "y": y,
               "stance": "crowded" if lean.get(a.id, 0) <= -0.2 else
                         "promising" if lean.get(a.id, 0) >= 0.2 else "neutral"}
        for k, v in a.extra.items():
            row[k if k not in RESERVED_ANSWER_KEYS else f"extra_{k}"] = v
        answer_rows.append(row)
    return {
        "schema": SCHEMA,
        "generated": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "run": {"settings": settings.public(), "seconds": {}},
        "corpus": {
            "pages": len(pages), "answers": len(answers),
            "authors": len({a.author for a in answers if a.author}), "rejected": len(rejected),
            "language": "en" if languages.count("en") > len(languages) / 2 else "zh",
        },
        "pages": [{
            "id": p.id, "source": p.source, "question": p.question, "language": p.language,
            "traditional": p.traditional, "answers": len(p.answers), "dropped_lines": len(p.dropped),
            "dropped": [dataclasses.asdict(d) for d in p.dropped],
        } for p in pages],
        "answers": answer_rows,
        "directions": ranked,
        "stances": [dataclasses.asdict(s) | {"cues": list(s.cues)} for s in stances],
        "topics": [t | {"keywords": list(t["keywords"]), "stances": mix.get(t["id"], {
            "crowded": 0, "promising": 0, "mixed": 0, "neutral": 0})} for t in topic_result["topics"]],
        "topic_choice": topic_result["choice"],
        "candidates": list(candidates),
        "rejected": [dataclasses.asdict(r) for r in rejected],
    }


def _write(settings: Settings, summary: dict[str, Any], clock: _Clock) -> Path:
    from .export import write_exports, write_summary
    from .report import render_report

    settings.out.mkdir(parents=True, exist_ok=True)
    keep = settings.keep_contacts
    write_exports(summary, settings.out, keep_contacts=keep)
    clock.lap("report")
    summary["run"]["seconds"] = dict(clock.seconds)
    report = render_report(summary, settings.out, lang=settings.lang, keep_contacts=keep)
    write_summary(summary, settings.out, keep_contacts=keep)
    return report
