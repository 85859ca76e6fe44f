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


@pytest.mark.parametrize("text, direction, expected", [
    # English full stops end sentences: the cue of one sentence is not the next one's
    ("Computer vision was a blue ocean in 2013. Those days are long gone.", "cv", "crowded"),
    ("GANs are mature. Diffusion models, by contrast, are still early days.", "gan", None),
    # a parenthesis stays in its clause; 、 lists and "A, B, and C" lists share a cue
    ("The mainstream of computer vision (detection, segmentation) is saturated.", "cv", "crowded"),
    ("目标检测、语义分割这些方向都已经饱和了。", "segmentation", "crowded"),
    ("Federated learning, continual learning, and causal inference are wide open.", "federated", "promising"),
    # a clause that elaborates ("尤其是…") shares the clause before
    ("生物信息正在上升期,尤其是单细胞测序。", "single_cell", "promising"),
    # noun-phrase heads: the modifier, the application and the "连…都" example take no cue
    ("AI芯片的编译器人才非常稀缺。", "compiler", "promising"),
    ("AI芯片的编译器人才非常稀缺。", "ai_accelerator", "neutral"),
    ("GNNs for recommender systems have been done to death.", "recsys", "neutral"),
    ("GNNs for recommender systems have been done to death.", "gnn", "crowded"),
    ("转AI工程?现在连硕士都挤破头。", "algorithm_engineer", "crowded"),
    # a direction inside the cue's own words is its agent ("被大模型干掉")
    ("传统NLP基本上被大模型干掉了。", "llm", "neutral"),
    ("传统NLP基本上被大模型干掉了。", "nlp", "crowded"),
    # exceptions: reversed, unless the clause adds to them
    ("除了CV,其他方向都挺卷的。", "cv", "promising"),
    ("除了CV,NLP也很卷。", "cv", "crowded"),
    # a trailing "not X" clause takes the cue reversed
    ("Robotics is where the opportunities are, not computer vision.", "cv", "crowded"),
    # comparisons: the standard is not what "more crowded" describes; after
    # "less"/没有 it is the one the cue fits
    ("AI engineering is more crowded than frontend.", "algorithm_engineer", "crowded"),
    ("AI engineering is more crowded than frontend.", "frontend", "neutral"),
    ("NLP没有CV那么卷。", "cv", "crowded"),
    ("NLP没有CV那么卷。", "nlp", "promising"),
    ("RL is less crowded than CV these days.", "rl", "promising"),
    # reported speech the author rejects, in the same or the next sentence, or quoted
    ("大家都说强化学习没前途,我不这么看。", "rl", "promising"),
    ("People keep saying NLP is dead. I disagree.", "nlp", "promising"),
    ("我不同意“推荐系统是蓝海”这种说法。", "recsys", "crowded"),
    ("媒体都在吹具身智能是下一个风口,实际上全是PPT。", "embodied", "crowded"),
    ("I used to think LLM research was saturated, but I was wrong.", "llm", "promising"),
    # rhetorical questions: "isn't it…?", "who says…?", "what chance is left?", mockery after a cue
    ("考公难道不卷吗?", "civil_service", "crowded"),
    ("端侧不卷吗??", "edge_ai", "crowded"),
    ("谁说强化学习卷?", "rl", "promising"),
    ("GAN还有什么机会?", "gan", "crowded"),
    ("NLP蓝海个锤子。", "nlp", "crowded"),
    # a question answered in the next sentence
    ("Is NLP saturated? Yes, completely.", "nlp", "crowded"),
    ("Is RL a dead end? No, far from it.", "rl", "promising"),
    # past vs present: a changed state flips, the same state does not
    ("数据分析以前是蓝海,现在真的不行了。", "data_analysis", "crowded"),
    ("GANs used to be the hottest topic; now nobody cares.", "gan", "crowded"),
    ("AI for Science过去没人做,现在正是好时候。", "ai4science", "promising"),
    ("NeRF已经没有以前那么火了。", "nerf", "crowded"),
    # a negator in a condition does not reach the consequence; 特别 is not 别
    ("AI for Science看好是看好,但没有生物背景进去就是打杂。", "ai4science", "mixed"),
    ("单细胞测序特别缺人。", "single_cell", "promising"),
    # applicant counts and hiring
    ("前端一个岗位收了800份简历。", "frontend", "crowded"),
    ("We posted one frontend role and got 800 applicants.", "frontend", "crowded"),
    ("Nobody is hiring GAN people anymore.", "gan", "crowded"),
    # ellipsis: "so is X" / "X也是" echo the cue before, "X, less so" / "X则不然" reverse it
    ("CV is saturated, and so is NLP.", "nlp", "crowded"),
    ("GNN已经很卷了,图对比学习也是。", "contrastive", "crowded"),
    ("Recsys is crowded; RL, less so.", "rl", "promising"),
    ("推荐系统很卷,强化学习则不然。", "rl", "promising"),
    # a concession without 但 still turns at the next clause; "anything but" is no turn
    ("虽然SLAM很卷,还是值得做,前景很好。", "slam", "promising"),
    ("GAN research is anything but promising.", "gan", "crowded"),
    # 难道 asks to deny, unless it carries a negation; "有那么卷吗?" / "really that…?" deny too
    ("难道GAN还有机会?", "gan", "crowded"),
    ("难道扩散模型不卷吗?", "diffusion", "crowded"),
    ("强化学习有那么卷吗?", "rl", "promising"),
    ("Is NLP really that saturated?", "nlp", "promising"),
    # "unlike X" sets X apart like "除了X"; "compared to X" names a standard
    ("Unlike CV, robotics is still wide open.", "cv", "crowded"),
    ("CV is a red ocean compared to robotics.", "robotics", "neutral"),
])
def test_scope_and_context_mechanisms(lex, text, direction, expected):
    got = stance.stance_for(text, direction, lex)
    assert got == expected or (expected is None and got in (None, "neutral")), (text, got)


def test_open_vocabulary_subjects_and_objects(lex):
    from discourse.subjects import subject_before

    words = lex.jieba_words()
    subjects = lambda t: subject_before(t, words)  # noqa: E731
    # a verb-like field name opening its clause is its subject; the object of 看好 too
    assert stance.stance_for("量化这两年确实卷。", "new:量化", lex, subjects=subjects) == "crowded"
    assert stance.stance_for("我看好量化。", "new:量化", lex, subjects=subjects) == "promising"
    # a subject of its own does not pass the cue to the previous sentence's direction
    text = "GAN已经卷烂了。复合型工程师倒是非常缺人。"
    assert stance.stance_for(text, "gan", lex, subjects=subjects) == "crowded"
    # time words and place-holders are no subject: the cue goes back to the direction named before
    assert stance.stance_for("LLM agents are everywhere. That niche got crowded fast.", "agent", lex,
                             subjects=subjects) == "crowded"


def test_an_answer_opening_replies_to_the_question(lex):
    text = "I disagree that it's saturated. It's a mature field."
    got = stance.stance_for(text, "recsys", lex, question="Is recommender systems research saturated?")
    assert got == "promising"
    # only the question's one direction, and only at the answer's opening
    assert stance.stance_for(text, "recsys", lex, question="Recsys or CV?") is None


def test_english_sentences_split_at_full_stops_only_between_sentences():
    got = stance.split_sentences("Priya N. thinks e.g. CV is hot. 1. NLP is done. Scores rose 0.3 points. 我同意。")
    assert got == ["Priya N. thinks e.g. CV is hot.", "1. NLP is done.", "Scores rose 0.3 points.", "我同意。"]


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
    """tests/stance_cases.tsv: hard cases (now a dev set: 58/61 on 2026-11-23; 159/160 with the
    cases added for scope, comparison, report and question handling; 247/248 with the cases for
    mixed cues, clefts, echoes, frames, Cantonese, masking, unwrapping and label lines). A floor
    against regressions. A literal "\\n" in a sentence is a line break."""
    rows = list(csv.DictReader(CASES.open(encoding="utf-8"), delimiter="\t"))
    hits = Counter(stance.stance_for(r["sentence"].replace("\\n", "\n"), r["direction"], lex)
                   in r["label"].split("|") for r in rows)
    assert hits[True] / len(rows) >= 0.9, f"{hits[True]}/{len(rows)} held-out stance cases right"


def test_a_later_clause_goes_on_about_the_open_subject(lex):
    """"复合型工程师现在真缺人,我们组招了半年都没招满": the second clause has no subject
    of its own; it speaks of the engineers, not of the direction of the sentence before."""
    from discourse.subjects import subject_before

    words = lex.jieba_words()
    subjects = lambda t: subject_before(t, words)  # noqa: E731
    text = "算法岗已经卷烂了。会搭硬件的复合型工程师现在真缺人,我们组招了半年都没招满。"
    assert stance.stance_for(text, "algorithm_engineer", lex, subjects=subjects) == "crowded"


def test_a_reply_header_and_mentions_are_masked(lex):
    """A name is neither a cue nor a direction: "回复 吃香的小王:" holds 吃香, "@数据库内核搬砖" a direction."""
    text = "@数据库内核搬砖 说得对,前端已经饱和了。"
    assert stance.stance_for(text, "database", lex) is None
    assert stance.stance_for(text, "frontend", lex) == "crowded"
    assert stance.stance_for("回复 吃香的小王:推荐系统确实卷。", "recsys", lex) == "crowded"


def test_quoted_bbs_lines_are_the_other_authors(lex):
    """水木-style replies quote the parent with ": " lines; those are not the replier's words."""
    text = "【 在 abc (某人) 的大作中提到: 】\n: 硅光值得去。\n楼上这个说法我不太同意,硅光坑少。"
    assert stance.stance_for(text, "silicon_photonics", lex) == "crowded"


def test_mixed_cues_give_both_sides(lex):
    from discourse.records import Answer

    a = Answer(id="a", page_id="p", source="s", position=0, author="x", question="",
               text="具身智能喜忧参半。", original="具身智能喜忧参半。")
    found = stance.collect(a, lex, stance.load_cues())
    weights = sorted(e.weight for e in found.evidence if e.direction == "embodied")
    assert len(weights) == 2 and weights[0] == -weights[1] < 0


def test_the_standard_of_a_comparison_is_no_fallback(lex):
    """"做X的团队比做Agent的有前景": when the subject goes unnamed, the cue does not fall
    back to the standard, even if an earlier clause or sentence names it."""
    text = "自动驾驶早就不是蓝海了。怎么测一个自动驾驶系统好不好,现在没工具,做这种工具的团队我觉得比做自动驾驶的有前景得多。"
    assert stance.stance_for(text, "autonomous_driving", lex) == "crowded"


def test_a_standard_in_another_clause_takes_no_later_cue(lex):
    """"A比B还卷,别以为…就是蓝海": B is the standard of the first clause; the denied
    蓝海 of the second falls back to A only."""
    text = "推荐系统比搜索还卷,别以为换个叫法就是蓝海。"
    assert stance.stance_for(text, "recsys", lex) == "crowded"
    assert stance.stance_for(text, "search", lex) in (None, "neutral")


def test_a_background_is_not_what_the_cue_is_about(lex):
    """"电气和化学背景的都要" describes applicants: "这个方向" after it is the sector named before."""
    text = "储能这几年在扩张,我们部门校招名额翻倍,电气和化学背景的都要,这个方向我很看好。"
    assert stance.stance_for(text, "energy_storage", lex) == "promising"
    assert stance.stance_for(text, "ee", lex) in (None, "neutral")


def test_open_subjects_skip_wh_clauses_and_progressive_copulas(lex):
    from discourse.subjects import subject_before

    words = tuple(lex.jieba_words())
    assert subject_before("Where the real", words) is None
    assert subject_before("but the title itself is getting", words) != "getting"
    assert subject_before("offline RL is", words) == "offline RL"


# --- mechanisms added for holdout6 shapes (sentences written for these tests)

@pytest.mark.parametrize("text, direction, expected", [
    # a space between Chinese clauses is their comma (push lines, chats)
    ("前端以前是蓝海 现在培训班出来的人太多 已经很卷了", "frontend", "crowded"),
    ("别人说前端饱和我不同意 做可视化的前端还很缺人", "frontend", "promising"),
    # a question in the last clause about something else leaves the clause before a statement
    ("前端早就饱和了 还往里冲?", "frontend", "crowded"),
    # 怎么会/怎么可能 ask in disbelief
    ("大家说前端是红海,我们组招了一年都没招满,怎么会是红海?", "frontend", "promising"),
    # a genuine question answered by an obvious-yes idiom
    ("Is frontend crowded? Is the pope Catholic? Every bootcamp teaches React.", "frontend", "crowded"),
    ("前端卷吗?废话,一个岗几百份简历。", "frontend", "crowded"),
    # neither-nor: each 不是 negates its own word
    ("前端不是蓝海也不是红海,看你做什么。", "frontend", "mixed"),
    # a report the next clause's turn sets facts against
    ("大家都说前端是风口,可我认识的前端去年都被裁了。", "frontend", "crowded"),
    # 不是卷,是…: a crowded word denied to name another trouble is no praise
    ("前端不是卷,是岗位本身在消失。", "frontend", None),
    # denying what a cue implies ("缺人不代表好"), after a concession
    ("前端缺人是真的,但缺人不代表好,加班太多。", "frontend", "mixed"),
    # a look belied by the fact
    ("前端听着像风口,其实就是切图,不推荐。", "frontend", "crowded"),
    # 一半一半 says both sides
    ("前端我觉得一半一半吧。", "frontend", "mixed"),
    # "抢名额" is applicants competing, not employers hiring
    ("前端岗位985的都在抢大厂的名额。", "frontend", "crowded"),
    ("Frontend is a knife fight these days.", "frontend", "crowded"),
    ("Frontend tooling is still open, honestly.", "frontend", "promising"),
])
def test_holdout6_mechanisms(lex, text, direction, expected):
    got = stance.stance_for(text, direction, lex)
    if expected is None:
        assert got in (None, "neutral"), got
    else:
        assert got == expected, got


def test_an_umbrella_method_for_an_application_speaks_of_the_application(lex):
    """"ML for drug discovery" names the application; "GNNs for recommendation" the method."""
    assert stance.stance_for("ML for drug discovery is saturated.", "drug_discovery", lex) == "crowded"
    assert stance.stance_for("GNNs for recommendation are saturated.", "gnn", lex) == "crowded"


def test_a_report_with_a_turn_to_the_same_side_is_not_reversed(lex):
    assert stance.stance_for("大家都说前端卷,但后端更卷。", "frontend", lex) != "promising"
