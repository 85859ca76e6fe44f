"""Aggregate: per-direction rankings from the individual stances (pandas).

Each author's stance in one answer counts once, scaled by its confidence c.
Values: crowded −1, promising +1 (weight 1); mixed 0 (weight ½); neutral 0
(weight ⅕). The score is the weighted sum shrunk toward 0 by a prior,

    score = Σ c·v / (Σ c·w + PRIOR),   uncertainty = 1 / √(Σ c·w + PRIOR),

so one voice never reaches ±1, a stance resting only on the question's
framing (low confidence) stays near 0, and the interval narrows as evidence grows.
A direction called crowded by one author and promising by another, with
neither side outnumbering the other three to one, is **contested**.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from .records import Direction, Mention, Stance

VALUE = {"crowded": -1.0, "promising": 1.0, "mixed": 0.0, "neutral": 0.0}
WEIGHT = {"crowded": 1.0, "promising": 1.0, "mixed": 0.5, "neutral": 0.2}
LABEL_THRESHOLD = 0.2
PRIOR = 2.0
CONTESTED_RATIO = 1 / 3
EVIDENCE_PER_SIDE = 3


def stance_frame(stances: Iterable[Stance]) -> pd.DataFrame:
    rows = [{
        "answer_id": s.answer_id, "source": s.source, "author": s.author, "direction": s.direction,
        "stance": s.stance, "confidence": s.confidence, "score": s.score, "quote": s.quote,
        "cues": list(s.cues),
    } for s in stances]
    cols = ["answer_id", "source", "author", "direction", "stance", "confidence", "score", "quote", "cues"]
    return pd.DataFrame(rows, columns=cols)


def rank_directions(stances: Sequence[Stance], mentions: Sequence[Mention],
                    directions: Mapping[str, Direction], answer_pages: Mapping[str, str]) -> list[dict[str, Any]]:
    """One row per direction that was mentioned, most 卷 first."""
    df = stance_frame(stances)
    if df.empty:
        return []
    df["value"] = df["stance"].map(VALUE) * df["confidence"]
    df["weight"] = df["stance"].map(WEIGHT) * df["confidence"]
    df["voice"] = df["author"].where(df["author"] != "", "answer:" + df["answer_id"])
    df["page"] = df["answer_id"].map(answer_pages)
    mention_counts = pd.Series([m.direction for m in mentions]).value_counts()
    # strongest quotes per (direction, side): one sort, then plain Python
    top = df[df["stance"] != "neutral"].sort_values(
        ["direction", "stance", "confidence", "answer_id"], ascending=[True, True, False, True])
    evidence_of: dict[str, list[dict[str, Any]]] = {}
    for r in top.groupby(["direction", "stance"], sort=False).head(EVIDENCE_PER_SIDE).to_dict("records"):
        evidence_of.setdefault(r["direction"], []).append(
            {k: r[k] for k in ("answer_id", "source", "author", "stance", "confidence", "quote")})
    side_order = {"crowded": 0, "promising": 1, "mixed": 2}
    rows = []
    for did, g in df.groupby("direction", sort=True):
        d = directions.get(did) or Direction(id=did, name=did.removeprefix("new:"), discovered=True)
        n_eff = float(g["weight"].sum())
        score = float(g["value"].sum()) / (n_eff + PRIOR)
        counts = g["stance"].value_counts()
        crowded_voices = set(g.loc[g["stance"] == "crowded", "voice"])
        promising_voices = set(g.loc[g["stance"] == "promising", "voice"])
        both = crowded_voices and promising_voices and crowded_voices != promising_voices
        small, big = sorted((len(crowded_voices), len(promising_voices)))
        if both and small / big >= CONTESTED_RATIO:
            label = "contested"
        elif score <= -LABEL_THRESHOLD:
            label = "crowded"
        elif score >= LABEL_THRESHOLD:
            label = "promising"
        else:
            label = "neutral"
        evidence = sorted(evidence_of.get(did, []), key=lambda e: side_order[e["stance"]])
        rows.append({
            "id": did, "name": d.name, "aliases": list(d.aliases), "group": d.group,
            "discovered": d.discovered,
            "mentions": int(mention_counts.get(did, len(g))), "authors": int(g["voice"].nunique()),
            "pages": int(g["page"].nunique()),
            "crowded": int(counts.get("crowded", 0)), "promising": int(counts.get("promising", 0)),
            "mixed": int(counts.get("mixed", 0)), "neutral": int(counts.get("neutral", 0)),
            "score": round(score, 3), "uncertainty": round(1.0 / (n_eff + PRIOR) ** 0.5, 3),
            "label": label, "evidence": evidence,
        })
    rows.sort(key=lambda r: (r["score"], -r["authors"], r["id"]))
    return rows


def topic_stance_mix(topic_of: Mapping[str, int], stances: Sequence[Stance]) -> dict[int, dict[str, int]]:
    """Count of each stance label among the stances of each topic's answers."""
    mix: dict[int, dict[str, int]] = {}
    for s in stances:
        t = topic_of.get(s.answer_id)
        if t is None:
            continue
        bucket = mix.setdefault(t, {"crowded": 0, "promising": 0, "mixed": 0, "neutral": 0})
        bucket[s.stance] += 1
    return mix
