"""Sentences and embedding-sized passages, on real answer text."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.passages import (DEFAULT_MAX_CHARS, answer_vector, leading_passages, split_passages,
                                split_sentences)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEED_FILES = sorted(CORPUS.glob("*.txt"))

# From the first seed page (谢凌曦's answer), as scraped.
XIE = (
    "我没看错吧?NLP是一片蓝海是自由之地?CV比较完善进入了深水区?一时间,我都不知道应该从哪个点开始吐槽了。\n\n"
    "因为题主问到了CV和NLP的比较。如果一定要横向对比的话,那么CV和NLP长期以来是互相学习、互相赶超的关系。"
)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


# -- sentences ----------------------------------------------------------------

def test_sentences_keep_their_punctuation_including_question_marks() -> None:
    assert split_sentences(XIE) == [
        "我没看错吧?",
        "NLP是一片蓝海是自由之地?",
        "CV比较完善进入了深水区?",
        "一时间,我都不知道应该从哪个点开始吐槽了。",
        "因为题主问到了CV和NLP的比较。",
        "如果一定要横向对比的话,那么CV和NLP长期以来是互相学习、互相赶超的关系。",
    ]


def test_sentences_full_width_marks_closing_quotes_and_runs() -> None:
    text = "NLP是一片蓝海？大家都说CV卷！！他说：“别来了。”真的吗?!好吧；再见"
    assert split_sentences(text) == [
        "NLP是一片蓝海？", "大家都说CV卷！！", "他说：“别来了。”", "真的吗?!", "好吧；", "再见",
    ]


def test_sentences_split_on_newlines_and_drop_blank_lines() -> None:
    assert split_sentences("谢凌曦:\n\n  我觉得CV很卷\n\n") == ["谢凌曦:", "我觉得CV很卷"]
    assert split_sentences("") == [] and split_sentences(" \n\t\n") == []


def test_english_sentences_but_not_list_numbers_or_abbreviations() -> None:
    text = ("1. 首页\n  2. 教育\nCV was hot in 2019. Now it is crowded, e.g. detection vs. "
            "segmentation. Is NLP a blue ocean? I doubt it. 用了ResNet.然后效果很好")
    assert split_sentences(text) == [
        "1. 首页", "2. 教育", "CV was hot in 2019.",
        "Now it is crowded, e.g. detection vs. segmentation.",
        "Is NLP a blue ocean?", "I doubt it.", "用了ResNet.", "然后效果很好",
    ]


def test_decimal_points_and_versions_do_not_end_sentences() -> None:
    assert split_sentences("准确率从76.1%提到了80.3%,用的是PyTorch 2.1版本。") == [
        "准确率从76.1%提到了80.3%,用的是PyTorch 2.1版本。"
    ]


# -- passages -----------------------------------------------------------------

def test_empty_text_has_no_passages() -> None:
    assert split_passages("a1", "") == []
    assert split_passages("a1", "  \n\n ") == []


def test_short_answer_is_one_passage() -> None:
    ps = split_passages("a1", XIE)
    assert len(ps) == 1
    assert ps[0].answer_id == "a1" and ps[0].index == 0
    assert ps[0].text == XIE.strip()


def test_passages_pack_whole_sentences_within_the_limit() -> None:
    ps = split_passages("a1", XIE, max_chars=60)
    assert len(ps) > 1
    assert [p.index for p in ps] == list(range(len(ps)))
    sentences = split_sentences(XIE)
    for p in ps:
        assert len(p.text) <= 60
        # every passage is a run of whole sentences
        assert split_sentences(p.text) == [s for s in sentences if s in p.text]
    assert _squash("".join(p.text for p in ps)) == _squash(XIE)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_pages_split_into_bounded_passages_covering_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    ps = split_passages("p", text)
    assert ps and all(0 < len(p.text) <= DEFAULT_MAX_CHARS for p in ps)
    # nothing lost, nothing repeated, order kept
    assert _squash("".join(p.text for p in ps)) == _squash(text)
    assert split_passages("p", text) == ps  # deterministic


def test_default_passages_fit_the_e5_window_on_seed_pages_and_worst_case_text() -> None:
    from discourse.embed import BundledE5

    e5 = BundledE5()
    seed_max = max(e5.token_count(p.text) for f in SEED_FILES
                   for p in split_passages("p", f.read_text(encoding="utf-8")))
    assert seed_max <= e5.window_tokens
    # Rare characters, emoji and punctuation runs cost a token each: the
    # densest text there is. A default-size passage of it must still fit.
    worst = ("龘靐齉爩麤😀🎉🔥。，！？∑∫∂√∞𠀀𠀁" * 40)
    for p in split_passages("w", worst):
        assert e5.token_count(p.text) <= e5.window_tokens


def test_long_sentence_is_cut_at_commas_then_hard() -> None:
    clause = "这是一个没有句号的很长的分句"  # 14 chars
    text = ",".join([clause] * 20) + "。"
    ps = split_passages("a", text, max_chars=50)
    assert all(len(p.text) <= 50 for p in ps)
    # cut after a comma: every passage but the last ends with one
    assert all(p.text.endswith(",") for p in ps[:-1]) and ps[-1].text.endswith("。")
    assert _squash("".join(p.text for p in ps)) == _squash(text)

    no_breaks = "卷" * 250
    hard = split_passages("a", no_breaks, max_chars=100)
    assert [len(p.text) for p in hard] == [100, 100, 50]


def test_hard_cut_keeps_english_words_whole() -> None:
    text = " ".join(["representation"] * 30)  # no punctuation at all
    ps = split_passages("a", text, max_chars=100)
    assert all(len(p.text) <= 100 for p in ps)
    assert all(w == "representation" for p in ps for w in p.text.split())


def test_overlap_repeats_the_last_sentences() -> None:
    text = "".join(f"第{i}句话说的是方向{i}。" for i in range(12))  # 11-12 chars each
    plain = split_passages("a", text, max_chars=40)
    over = split_passages("a", text, max_chars=40, overlap_sentences=1)
    assert len(over) > len(plain)
    for prev, nxt in zip(over, over[1:]):
        assert split_sentences(prev.text)[-1] == split_sentences(nxt.text)[0]
    assert all(len(p.text) <= 40 for p in over)
    assert over[-1].text.endswith("第11句话说的是方向11。")


def test_bad_arguments_are_rejected() -> None:
    with pytest.raises(ValueError):
        split_passages("a", "x", max_chars=0)
    with pytest.raises(ValueError):
        split_passages("a", "x", overlap_sentences=-1)


_PIECES = st.sampled_from(["卷", "蓝海", "CV", "NLP", " ", "\n", "。", "?", "！", ",", "，", "；",
                           "hello", "world.", "1.", "”", "扩散模型", "𠀀"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=120), st.integers(min_value=5, max_value=80),
       st.integers(min_value=0, max_value=3))
def test_passages_are_bounded_and_lossless_for_any_text(pieces, max_chars, overlap) -> None:
    text = "".join(pieces)
    ps = split_passages("a", text, max_chars=max_chars, overlap_sentences=overlap)
    assert all(0 < len(p.text) <= max_chars for p in ps)
    if overlap == 0:
        assert _squash("".join(p.text for p in ps)) == _squash(text)
    else:  # every character still appears, in order, in some passage
        assert set(_squash(text)) == set(_squash("".join(p.text for p in ps)))


# -- the embedding budget -----------------------------------------------------

@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_leading_passages_are_the_start_of_the_answer_within_the_budget(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for budget in (60, 150, 400, 1000):
        lead = leading_passages("p", text, budget=budget)
        assert lead and sum(len(p.text) for p in lead) <= budget
        # the leading text, from the first character on, in order
        assert _squash(text).startswith(_squash("".join(p.text for p in lead)))
        # whole sentences: every passage but a cut first sentence ends where a sentence ends
        whole = split_passages("p", text, max_chars=min(budget, DEFAULT_MAX_CHARS))
        assert lead == whole[:len(lead)]
    # a larger budget reads more, 0 reads everything
    assert len("".join(p.text for p in leading_passages("p", text, budget=1000))) > len(
        "".join(p.text for p in leading_passages("p", text, budget=150)))
    assert leading_passages("p", text, budget=0) == split_passages("p", text)


def test_leading_passages_cut_an_overlong_first_sentence_rather_than_return_nothing() -> None:
    lead = leading_passages("a", XIE.replace("?", "，").replace("。", "，"), budget=30)
    assert len(lead) == 1 and 0 < len(lead[0].text) <= 30
    assert leading_passages("a", "  \n ", budget=30) == []
    with pytest.raises(ValueError):
        leading_passages("a", XIE, budget=-1)


# -- answer vectors -----------------------------------------------------------

def test_answer_vector_is_the_weighted_normalized_mean() -> None:
    v = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    plain = answer_vector(v)
    assert np.allclose(plain, [np.sqrt(0.5), np.sqrt(0.5)], atol=1e-6)
    heavy = answer_vector(v, np.array([3.0, 1.0]))
    assert np.isclose(np.linalg.norm(heavy), 1.0) and heavy[0] == pytest.approx(3 * heavy[1])
    assert heavy.dtype == np.float32


def test_answer_vector_on_real_passages_stays_close_to_its_passages() -> None:
    from discourse.embed import BundledE5

    text = SEED_FILES[0].read_text(encoding="utf-8")
    ps = split_passages("p", text)[:6]
    m = BundledE5().encode([p.text for p in ps])
    a = answer_vector(m, np.array([len(p.text) for p in ps]))
    other = BundledE5().encode(["今天中午食堂的红烧肉很好吃，价格也便宜。"])[0]
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-5)
    assert (m @ a).min() > (m @ other).max()


def test_answer_vector_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        answer_vector(np.zeros((0, 4), dtype=np.float32))
    with pytest.raises(ValueError):
        answer_vector(np.ones((2, 4)), np.array([1.0]))
    with pytest.raises(ValueError):
        answer_vector(np.ones((2, 4)), np.array([0.0, 0.0]))


def test_embed_chars_setting_is_validated_and_reaches_the_settings(tmp_path: Path) -> None:
    from discourse.config import load_settings
    from discourse.errors import ConfigError

    assert load_settings(cwd=tmp_path).embed_chars == 400
    assert load_settings(overrides={"embed_chars": 0}, cwd=tmp_path).embed_chars == 0
    (tmp_path / "discourse.toml").write_text("embed_chars = 120\n", encoding="utf-8")
    assert load_settings(cwd=tmp_path).embed_chars == 120
    for bad in (-1, "400", 1.5):
        with pytest.raises(ConfigError, match="embed_chars"):
            load_settings(overrides={"embed_chars": bad}, cwd=tmp_path)
