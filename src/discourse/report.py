"""Render `reports/index.html`: the page a person reads.

`render_report` turns a summary (schema `discourse.summary/1`) into one
self-contained HTML page plus `assets/plotly.min.js`, copied from the installed
plotly package so the page works from `file://` with the network off.

Scraped text is hostile until proven otherwise. Three layers keep it text:
1. every prose string is passed through `privacy.redact` (contact details),
   unless the user set `keep_contacts`;
2. the Jinja environment autoescapes everything it prints;
3. chart data reaches the page only as JSON inside
   `<script type="application/json">`, through Jinja's `|tojson` (which turns
   `<`, `>`, `&` and `'` into `\\u003c`-style escapes), and strings that plotly
   shows are HTML-escaped first because plotly interprets a subset of HTML tags.
"""
from __future__ import annotations

import hashlib
import html
import json
import math
import numbers
import os
import re
import shutil
import tempfile
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from discourse import aggregate
from discourse.aggregate import CONTESTED_RATIO, LABEL_THRESHOLD, WEIGHT
from discourse.errors import ConfigError, DiscourseError
from discourse.export import PUBLISHED_MODE, publishable, write_atomic

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES = PACKAGE_DIR / "templates"
UI_STRINGS = PACKAGE_DIR / "data" / "ui_strings.toml"
LANGS = ("zh", "en")

DIRECTION_LABELS = ("crowded", "promising", "contested", "neutral")
STANCES = ("crowded", "promising", "mixed", "neutral")
# Red = 卷, green = promising: the reading every Chinese and English reader brings.
COLORS = {
    "crowded": "#c62828",
    "promising": "#2e7d32",
    "contested": "#7b1fa2",
    "mixed": "#ef6c00",
    "neutral": "#757575",
    "none": "#9e9e9e",
}
# Shapes on the topic map, so stance stays readable without colour (colour is the topic).
SYMBOLS = {
    "crowded": "x",
    "promising": "triangle-up",
    "mixed": "diamond",
    "neutral": "circle",
    "none": "circle-open",
}
# Tableau 10: distinguishable for most colour-vision deficiencies.
TOPIC_PALETTE = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)
RESIDUAL_COLOR = "#b0b0b0"
SNIPPET_CHARS = 60  # hover text on the topic map
GLANCE_TOP = 3  # directions per column in the at-a-glance box
# The chart and the at-a-glance box show directions that at least this many
# authors took a side on (when there are any): on the seed corpus 47 of 87
# directions rest on one author, and a ±0.5 from one voice is noise up front.
# The table and the evidence section list every direction.
MIN_AUTHORS = 2
CHART_ROWS = 30  # beyond this the chart's labels become unreadable
# Quotes listed per direction and stance, most confident first. At 10k answers
# the seed-sized report listed 35k stance rows and weighed 40 MB; the full list
# is in stances.csv and summary.json.
QUOTES_PER_STANCE = 20
NAMES_SHOWN = 12  # authors named per side of a direction, then "and N more"
# Must equal the "+ 1.0" prior in aggregate.rank_directions (the method notes
# quote it); test_method_notes_match_the_aggregate checks that they agree.
SCORE_PRIOR = aggregate.PRIOR


def render_report(summary: Mapping, out_dir: Path, *, lang: str = "auto", keep_contacts: bool = False) -> Path:
    """Write `out_dir/index.html` and `out_dir/assets/`; return the HTML path.

    `lang` is "zh", "en" or "auto" (Chinese UI for a Chinese corpus, English
    otherwise). Contact details are redacted unless `keep_contacts` (the
    setting of the same name, for private analysis) is set.
    """
    ui_lang = resolve_lang(summary, lang)
    strings = load_strings(ui_lang)
    clean = publishable(summary, keep_contacts)
    view = build_view(clean, strings)
    page = _environment().get_template("report.html").render(t=_with_method_numbers(strings), lang=ui_lang, **view)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_assets(out_dir / "assets")
    return write_atomic(out_dir / "index.html", page.encode("utf-8"))


def resolve_lang(summary: Mapping, lang: str) -> str:
    """The UI language: `lang` itself, or for "auto" the corpus language when it is zh."""
    if lang == "auto":
        corpus_lang = str((summary.get("corpus") or {}).get("language", "")).lower()
        return "zh" if corpus_lang.startswith("zh") else "en"
    if lang not in LANGS:
        raise ConfigError(f"report language {lang!r} is not supported; use one of auto, {', '.join(LANGS)}")
    return lang


def load_strings(lang: str) -> dict[str, Any]:
    """The UI strings of one language from data/ui_strings.toml."""
    with UI_STRINGS.open("rb") as fh:
        table = tomllib.load(fh)
    if lang not in table:
        raise ConfigError(f"{UI_STRINGS.name} has no [{lang}] table; add one or pick another language")
    return table[lang]


def _with_method_numbers(strings: Mapping[str, Any]) -> dict[str, Any]:
    """The UI strings with the scoring constants filled into the method notes."""
    numbers = {
        "mixed_weight": f"{WEIGHT['mixed']:g}", "neutral_weight": f"{WEIGHT['neutral']:g}",
        "prior": f"{SCORE_PRIOR:g}", "threshold": f"{LABEL_THRESHOLD:g}",
        "ratio": f"{round(1 / CONTESTED_RATIO):d}", "min_authors": MIN_AUTHORS,
    }
    notes = {k: [line.format(**numbers) for line in lines] for k, lines in strings["method_notes"].items()}
    return {**strings, "method_notes": notes}


def copy_assets(assets_dir: Path) -> Path:
    """Copy plotly.min.js into `assets_dir` unless an identical copy is already there."""
    src = _plotly_js()
    dest = assets_dir / "plotly.min.js"
    if dest.is_file() and dest.stat().st_size == src.stat().st_size and _digest(dest) == _digest(src):
        return dest
    assets_dir.mkdir(parents=True, exist_ok=True)
    # Copy to a temp name and rename: a browser opening the report mid-copy must
    # not load a truncated plotly (3+ MB).
    fd, tmp = tempfile.mkstemp(dir=assets_dir, prefix=".plotly.min.js.", suffix=".tmp")
    try:
        os.chmod(tmp, PUBLISHED_MODE)
        with open(fd, "wb") as out, src.open("rb") as inp:
            shutil.copyfileobj(inp, out)
        Path(tmp).replace(dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def _plotly_js() -> Path:
    try:
        import plotly
    except ImportError as exc:
        raise DiscourseError("the report needs plotly: pip install 'plotly>=5.20'") from exc
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise DiscourseError(f"{path} is missing from the installed plotly; reinstall it: pip install --force-reinstall plotly")
    return path


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _environment() -> jinja2.Environment:
    """Jinja with autoescaping on for every template and undefined names as errors."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(("html", "htm", "xml"), default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


# ----------------------------------------------------------------------------
# View model: everything the template prints, prepared (and defaulted) here so
# that the template stays free of logic and a partial summary still renders.


def build_view(summary: Mapping, t: Mapping[str, Any]) -> dict[str, Any]:
    """The template's variables, from an already-redacted summary."""
    pages = list(summary.get("pages") or [])
    answers = list(summary.get("answers") or [])
    stances = list(summary.get("stances") or [])
    topics = _topics(summary.get("topics") or [], t)
    topic_by_id = {tp["id"]: tp for tp in topics}
    questions = {p.get("source", ""): p.get("question", "") for p in pages}
    answer_stances: dict[str, list[Mapping]] = defaultdict(list)
    for s in stances:
        answer_stances[s.get("answer_id", "")].append(s)
    directions = _directions(summary.get("directions") or [], stances, questions, t)
    names = {d["id"]: d["name"] for d in directions}
    chart_rows = _chart_rows(directions)

    return {
        "overview": _overview(summary, t),
        "glance": _glance(directions),
        "directions": directions,
        "contested": [d for d in directions if d["label"] == "contested"],
        "candidates": [
            {"term": c.get("term", ""), "count": c.get("count", 0), "merged_into": names.get(c.get("merged_into"), "")}
            for c in summary.get("candidates") or []
        ],
        "topics": topics,
        "pages": [_page(p, answers, answer_stances, topic_by_id, names, t) for p in pages],
        "ranking_data": _ranking_data(chart_rows, t),
        "chart_caption": t["chart_caption"].format(shown=len(chart_rows), total=len(directions),
                                                   min_authors=MIN_AUTHORS),
        "topicmap_data": _topicmap_data(answers, answer_stances, topic_by_id, t),
        "colors": COLORS,
    }


def _overview(summary: Mapping, t: Mapping[str, Any]) -> dict[str, Any]:
    corpus = summary.get("corpus") or {}
    run = summary.get("run") or {}
    return {
        "stats": [
            (t["pages"], corpus.get("pages", len(summary.get("pages") or []))),
            (t["answers"], corpus.get("answers", len(summary.get("answers") or []))),
            (t["authors"], corpus.get("authors", "–")),
            (t["directions"], len(summary.get("directions") or [])),
            (t["stances"], len(summary.get("stances") or [])),
            (t["rejected"], corpus.get("rejected", len(summary.get("rejected") or []))),
        ],
        "generated": summary.get("generated", ""),
        "model": run.get("model", ""),
        "embedded": f"{run.get('embedded_new', '–')} / {run.get('embedded_cached', '–')}",
        "settings": [(str(k), _scalar(v)) for k, v in (run.get("settings") or {}).items()],
        "seconds": [(str(k), _scalar(v)) for k, v in (run.get("seconds") or {}).items()],
        "topic_choice": _topic_choice(summary.get("topic_choice") or {}),
        "rejected": [
            {"source": r.get("source", ""), "stage": r.get("stage", ""), "reason": r.get("reason", ""),
             "line": "" if r.get("line") is None else r.get("line")}
            for r in summary.get("rejected") or []
        ],
    }


def _topic_choice(choice: Mapping) -> str:
    """E.g. "kmeans k = 4 — 11 answers: too few for HDBSCAN"."""
    head = " ".join(x for x in (str(choice.get("method") or ""),
                                f"k = {choice['k']}" if choice.get("k") is not None else "") if x)
    return " — ".join(x for x in (head, str(choice.get("reason") or "")) if x)


def _scalar(value: Any) -> str:
    """A settings value as one short line."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (str, int, bool)) or value is None:
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _num(value: Any, default: float | None = 0.0) -> float | None:
    """A finite float, else `default`: NaN would make the embedded chart JSON invalid."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value)):
        return float(value)
    return default


def _author(name: str, t: Mapping[str, Any]) -> str:
    return name.strip() or t["unknown_author"]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _directions(raw: list[Mapping], stances: list[Mapping], questions: Mapping[str, str],
                t: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Directions sorted from most crowded to most promising, with their stances."""
    by_direction: dict[str, list[Mapping]] = defaultdict(list)
    for s in stances:
        by_direction[s.get("direction", "")].append(s)
    out = []
    for d in raw:
        did = str(d.get("id", ""))
        label = d.get("label", "neutral")
        rows = sorted(by_direction.get(did, []), key=lambda s: (STANCES.index(s.get("stance", "neutral"))
                                                                if s.get("stance") in STANCES else 9,
                                                                -_num(s.get("confidence"))))
        stance_rows = [_stance_row(s, questions, t) for s in rows]
        shown = _most_confident(stance_rows)
        crowded = _unique([r["author"] for r in stance_rows if r["stance"] == "crowded"])
        promising = _unique([r["author"] for r in stance_rows if r["stance"] == "promising"])
        out.append({
            "id": did,
            "anchor": _anchor("d", did),
            "name": d.get("name") or did,
            "aliases": [a for a in d.get("aliases") or [] if a != d.get("name")],
            "group": d.get("group", ""),
            "discovered": bool(d.get("discovered")),
            "mentions": d.get("mentions", len(rows)),
            "authors": d.get("authors", len({s.get("author") for s in rows})),
            "score": _num(d.get("score")),
            "uncertainty": _num(d.get("uncertainty")),
            "label": label,
            "label_text": t["labels"].get(label, label),
            "counts": {k: d.get(k, sum(s.get("stance") == k for s in rows)) for k in STANCES},
            "crowded_by": crowded,
            "promising_by": promising,
            "crowded_names": _names_text(crowded, t),
            "promising_names": _names_text(promising, t),
            "stances": shown,
            "hidden": len(stance_rows) - len(shown),
        })
    out.sort(key=lambda d: (d["score"], -d["authors"], d["name"]))
    return out


def _names_text(names: list[str], t: Mapping[str, Any]) -> str:
    """The first NAMES_SHOWN names joined, then how many more there are ("" for none)."""
    text = "、".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        text += " " + t["more_names"].replace("{n}", str(len(names) - NAMES_SHOWN))
    return text


def _most_confident(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The first QUOTES_PER_STANCE rows of each stance, in the given order (most confident first)."""
    seen: Counter[str] = Counter()
    out = []
    for r in rows:
        seen[r["stance"]] += 1
        if seen[r["stance"]] <= QUOTES_PER_STANCE:
            out.append(r)
    return out


def _stance_row(s: Mapping, questions: Mapping[str, str], t: Mapping[str, Any]) -> dict[str, Any]:
    stance = s.get("stance", "neutral")
    source = s.get("source", "")
    return {
        "author": _author(s.get("author", ""), t),
        "source": source,
        "question": questions.get(source, ""),
        "stance": stance,
        "stance_text": t["labels"].get(stance, stance),
        "confidence": _num(s.get("confidence")),
        "quote": s.get("quote", ""),
        "answer_id": s.get("answer_id", ""),
    }


def _anchor(prefix: str, ident: str) -> str:
    """A fragment-safe element id for a direction slug (answer ids are hex hashes already)."""
    return f"{prefix}-{re.sub(r'[^A-Za-z0-9_-]', '_', ident)}"


def _well_attested(directions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Directions with at least MIN_AUTHORS authors, or all of them when none has that many."""
    return [d for d in directions if d["authors"] >= MIN_AUTHORS] or directions


def _chart_rows(directions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The directions the ranking chart shows: the most discussed, in score order."""
    keep = sorted(_well_attested(directions), key=lambda d: (-d["authors"], -d["mentions"], d["score"]))[:CHART_ROWS]
    return sorted(keep, key=lambda d: (d["score"], -d["authors"], d["name"]))


def _glance(directions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The few directions a newcomer should see first, in each camp.

    Ordered by the near end of the interval (score ± uncertainty), so that
    four authors agreeing outrank one emphatic voice.
    """
    def camp(label: str) -> list[dict[str, Any]]:
        return _well_attested([d for d in directions if d["label"] == label])

    crowded = sorted(camp("crowded"), key=lambda d: d["score"] + d["uncertainty"])
    promising = sorted(camp("promising"), key=lambda d: -(d["score"] - d["uncertainty"]))
    contested = sorted(camp("contested"), key=lambda d: (-d["authors"], -d["mentions"]))
    return {"crowded": crowded[:GLANCE_TOP], "promising": promising[:GLANCE_TOP], "contested": contested[:GLANCE_TOP]}


def _topics(raw: list[Mapping], t: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for i, tp in enumerate(sorted(raw, key=lambda tp: (_topic_id(tp.get("id")) < 0, _topic_id(tp.get("id"))))):
        tid = _topic_id(tp.get("id"))
        mix = {k: int((tp.get("stances") or {}).get(k, 0)) for k in STANCES}
        total = sum(mix.values())
        out.append({
            "id": tid,
            "label": tp.get("label") or (t["residual_topic"] if tid == -1 else str(tid)),
            "keywords": list(tp.get("keywords") or []),
            "size": tp.get("size", 0),
            "color": RESIDUAL_COLOR if tid == -1 else TOPIC_PALETTE[i % len(TOPIC_PALETTE)],
            "mix": [(k, t["labels"][k], n, round(100 * n / total, 1) if total else 0) for k, n in mix.items()],
        })
    return out


def _topic_id(value: Any) -> int:
    """A topic id as a plain int (numpy ints do not serialise); -1, the residual group, if absent."""
    return int(value) if isinstance(value, numbers.Integral) and not isinstance(value, bool) else -1


def _dominant_stance(stances: list[Mapping]) -> str:
    """The stance an answer takes most often (ties: the more confident one); "none" without any."""
    if not stances:
        return "none"
    count = Counter(s.get("stance") for s in stances if s.get("stance") in STANCES)
    if not count:
        return "none"
    weight = Counter()
    for s in stances:
        weight[s.get("stance")] += _num(s.get("confidence"))
    return max(count, key=lambda k: (count[k], weight[k], -STANCES.index(k)))


def _page(p: Mapping, answers: list[Mapping], answer_stances: Mapping[str, list[Mapping]],
          topic_by_id: Mapping[int, Mapping], names: Mapping[str, str], t: Mapping[str, Any]) -> dict[str, Any]:
    source = p.get("source", "")
    mine = sorted((a for a in answers if a.get("source") == source and a.get("page_id", p.get("id")) == p.get("id")),
                  key=lambda a: a.get("position", 0))
    rows = []
    for a in mine:
        aid = a.get("id", "")
        topic = topic_by_id.get(_topic_id(a.get("topic")))
        rows.append({
            "id": aid,
            "author": _author(a.get("author", ""), t),
            "position": int(a.get("position", 0)) + 1,
            "topic": topic["label"] if topic else "",
            "topic_color": topic["color"] if topic else RESIDUAL_COLOR,
            "text": a.get("original") or a.get("text", ""),
            "snippet": _snippet(a.get("original") or a.get("text", ""), 90),
            "chips": [
                {"direction": names.get(s.get("direction"), s.get("direction", "")), "stance": s.get("stance", ""),
                 "stance_text": t["labels"].get(s.get("stance", ""), s.get("stance", ""))}
                for s in answer_stances.get(aid, [])
            ],
        })
    return {
        "anchor": _anchor("p", str(p.get("id") or source)),
        "source": source,
        "question": p.get("question", ""),
        "language": p.get("language", ""),
        "traditional": bool(p.get("traditional")),
        "answers": rows,
        "dropped": [
            {"line": int(d.get("line", 0)) + 1, "text": d.get("text", ""), "reason": d.get("reason", "")}
            for d in p.get("dropped") or []
        ],
        "dropped_count": p.get("dropped_lines", len(p.get("dropped") or [])),
    }


def _snippet(text: str, n: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n].rstrip() + "…"


def _plotly(text: str) -> str:
    """Escape a string that plotly will draw: plotly renders <b>, <a href> and friends in labels."""
    return html.escape(text, quote=False)


def _ranking_data(directions: list[dict[str, Any]], t: Mapping[str, Any]) -> dict[str, Any]:
    """Rows of the ranking chart, most crowded first, with their hover text."""
    rows = []
    seen: Counter[str] = Counter()
    for d in directions:
        # Plotly's category axis merges equal names; keep two directions apart.
        seen[d["name"]] += 1
        name = d["name"] if seen[d["name"]] == 1 else f"{d['name']} ({d['id']})"
        counts = " · ".join(f"{t['labels'][k]} {d['counts'][k]}" for k in STANCES if d["counts"][k])
        hover = [f"<b>{_plotly(name)}</b> — {_plotly(d['label_text'])}",
                 f"{_plotly(t['axis_score'])} {d['score']:+.2f} ± {d['uncertainty']:.2f}", _plotly(counts)]
        if d["crowded_by"]:
            hover.append(_plotly(f"{t['side_crowded']}: {d['crowded_names']}"))
        if d["promising_by"]:
            hover.append(_plotly(f"{t['side_promising']}: {d['promising_names']}"))
        rows.append({"name": _plotly(name), "anchor": d["anchor"], "score": d["score"],
                     "uncertainty": d["uncertainty"], "label": d["label"], "hover": "<br>".join(hover)})
    return {
        "rows": rows,
        "labels": [{"key": k, "text": _plotly(t["labels"][k]), "color": COLORS[k]} for k in DIRECTION_LABELS],
        "axis": {"crowded": _plotly(t["axis_crowded"]), "promising": _plotly(t["axis_promising"]),
                 "score": _plotly(t["axis_score"])},
        "colors": COLORS,
    }


def _topicmap_data(answers: list[Mapping], answer_stances: Mapping[str, list[Mapping]],
                   topic_by_id: Mapping[int, Mapping], t: Mapping[str, Any]) -> dict[str, Any]:
    """Points of the topic map (answers with coordinates), grouped by topic in the page script."""
    points = []
    for a in answers:
        x, y = _num(a.get("x"), None), _num(a.get("y"), None)
        if x is None or y is None:
            continue
        topic = topic_by_id.get(_topic_id(a.get("topic")))
        stance = _dominant_stance(answer_stances.get(a.get("id", ""), []))
        author = _author(a.get("author", ""), t)
        stance_text = t["labels"].get(stance, t["stance_none"])
        topic_label = topic["label"] if topic else t["residual_topic"]
        points.append({
            "id": a.get("id", ""), "x": x, "y": y,
            "topic": _topic_id(a.get("topic")),
            "stance": stance,
            "hover": (f"<b>{_plotly(author)}</b> · {_plotly(stance_text)}<br>"
                      f"{_plotly(_snippet(a.get('original') or a.get('text', ''), SNIPPET_CHARS))}<br>"
                      f"<i>{_plotly(topic_label)}</i>"),
        })
    present = {p["topic"] for p in points}
    groups = [{"id": tp["id"], "label": _plotly(tp["label"]), "color": tp["color"]}
              for tp in topic_by_id.values() if tp["id"] in present]
    if present - set(topic_by_id):
        groups.append({"id": None, "label": _plotly(t["residual_topic"]), "color": RESIDUAL_COLOR})
        for p in points:
            if p["topic"] not in topic_by_id:
                p["topic"] = None
    used = {p["stance"] for p in points}
    return {
        "points": points,
        "topics": groups,
        "titles": {"topic": _plotly(t["col_topic"]), "stance": _plotly(t["map_stance"])},
        "symbols": [{"stance": k, "text": _plotly(t["labels"].get(k, t["stance_none"])), "symbol": SYMBOLS[k]}
                    for k in (*STANCES, "none") if k in used],
    }
