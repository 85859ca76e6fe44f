"""Stance on sentences written for these tests (none copied from the seed pages)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from discourse import stance
from discourse.directions import load_lexicon

CASES = Path(__file__).with_name("stance_cases.tsv")


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


@pytest.mark.parametrize("text, direction, expected", [
    # plain cues, both languages
    ("推荐系统这两年已经是一片红海了,别来。", "recsys", "crowded"),
    ("我个人非常看好具身智能,未来五年都在上升期。", "embodied", "promising"),
    ("Honestly, GAN research is saturated at this point.", "gan", "crowded"),
    # negation flips the cue
    ("强化学习其实并不卷,还有很多机会。", "rl", "promising"),
    ("图神经网络早就不是蓝海了。", "gnn", "crowded"),
    # a declarative echoed with "?" mocks the claim
    ("我没看错吧?推荐系统是蓝海?", "recsys", "crowded"),
    # a genuine question states no view
    ("请问现在做语音识别还有前景吗?", "asr", None),
    # "这不是…吗?" affirms
    ("目标检测这不是早就做烂了吗?", "detection", "crowded"),
    # concession: the clause after the turn carries the view
    ("虽然自动驾驶很卷,但是机器人这块还是很有潜力的。", "robotics", "promising"),
    # reported speech is attribution, not the author's view
    ("大家都说量化交易很卷。", "quant_finance", "neutral"),
    # anaphora: the cue names no direction, the previous sentence does
    ("我反对做联邦学习。它的上限几乎是肉眼可见的。", "federated", "crowded"),
    # 卷积 is convolution, not 卷
    ("这个模型用了三层卷积神经网络做图像分类。", "cnn", "neutral"),
])
def test_linguistic_cases(lex, text, direction, expected):
    got = stance.stance_for(text, direction, lex)
    assert got == expected or (expected is None and got in (None, "neutral")), (text, got)


def test_recommendation_question_frames_bare_mentions(lex):
    text = "我觉得可以看看联邦学习。"
    assert stance.stance_for(text, "federated", lex, question="今年哪些方向值得做?") == "promising"
    assert stance.stance_for(text, "federated", lex, question="联邦学习的原理是什么?") in ("neutral", "promising")


def test_quote_keeps_the_original_script(lex):
    from discourse.records import Answer

    a = Answer(id="a", page_id="p", source="s", position=0, author="x", question="",
               text="强化学习已经是红海了。", original="強化學習已經是紅海了。")
    stances, _ = stance.decide(a, lex)
    rl = [s for s in stances if s.direction == "rl"]
    assert rl and rl[0].stance == "crowded" and rl[0].quote == "強化學習已經是紅海了。"


def test_held_out_cases_do_not_regress(lex):
    """tests/stance_cases.tsv: hard cases (now a dev set: 58/61 on 2026-11-23). A floor against regressions."""
    rows = list(csv.DictReader(CASES.open(encoding="utf-8"), delimiter="\t"))
    hits = Counter(stance.stance_for(r["sentence"], r["direction"], lex) in r["label"].split("|") for r in rows)
    assert hits[True] / len(rows) >= 0.9, f"{hits[True]}/{len(rows)} held-out stance cases right"
