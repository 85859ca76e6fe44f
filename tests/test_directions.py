"""The direction lexicon: matching, loading user extensions, discovery."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from discourse.directions import GROUPS, Candidate, Hit, discover_candidates, load_lexicon
from discourse.errors import ConfigError

DATA = Path(__file__).resolve().parents[1] / "src" / "discourse" / "data"
STANCE_LABELS = {"crowded", "promising", "neutral", "mixed"}


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def ids(lexicon, text):
    return [h.direction for h in lexicon.find(text)]


# -- the shipped lexicon -------------------------------------------------------

def test_shipped_lexicon_is_broad_and_well_formed(lexicon):
    assert 150 <= len(lexicon.directions) <= 300
    assert {d.group for d in lexicon.directions} == set(GROUPS)
    for d in lexicon.directions:
        if lexicon.parent(d.id) is not None:
            assert lexicon.parent(d.id) in lexicon
    # no alias is claimed by two directions (the loader would have raised, but
    # a collision between a name and an alias is checked here too)
    seen = {}
    for d in lexicon.directions:
        for alias in (d.name, *d.aliases):
            assert seen.setdefault(alias.lower(), d.id) == d.id, alias


@pytest.mark.parametrize("text", [
    "扩散模型最近很火", "diffusion model is hot", "DDPM绝对是热坑", "擴散模型很熱門",
    "score-based models", "Denoising Diffusion的加速",
])
def test_aliases_in_both_languages_and_scripts_map_to_one_id(lexicon, text):
    assert ids(lexicon, text) == ["diffusion"]


@pytest.mark.parametrize("text,expected", [
    ("自监督学习在CV上更难", ["self_supervised", "cv"]),
    ("self-supervised learning on images", ["self_supervised"]),
    ("Self supervised learning", ["self_supervised"]),
    ("自監督學習", ["self_supervised"]),
    ("计算机视觉和自然语言处理", ["cv", "nlp"]),
    ("計算機視覺和自然語言處理", ["cv", "nlp"]),
    ("Computer Vision vs NLP", ["cv", "nlp"]),
])
def test_same_direction_across_languages(lexicon, text, expected):
    assert ids(lexicon, text) == expected


def test_ascii_aliases_respect_word_boundaries(lexicon):
    assert "cv" not in ids(lexicon, "今年CVPR的投稿量又创新高")
    assert "cv" not in ids(lexicon, "在cvmart上看到的")
    assert ids(lexicon, "秋招投了几个cv岗") == ["cv"]
    assert ids(lexicon, "CV和NLP互相学习") == ["cv", "nlp"]
    assert ids(lexicon, "Self-Supervised+Transformer现在是热门组合") == ["self_supervised", "transformer"]
    assert ids(lexicon, "ViT+Seg这类方向是重灾区") == ["vit", "segmentation"]
    # BossNAS is one word: NAS is found once, from ViT+NAS
    assert ids(lexicon, "ViT+NAS [BossNAS]") == ["vit", "nas"]
    assert "ai" not in ids(lexicon, "AIGC和OpenAI") and ids(lexicon, "AIGC和OpenAI") == ["aigc"]


def test_hits_point_at_the_text(lexicon):
    text = "我觉得GANs已经过时了,VAE还有空间"
    hits = lexicon.find(text)
    assert [text[h.start:h.end] for h in hits] == ["GANs", "VAE"]
    assert all(isinstance(h, Hit) for h in hits)
    assert hits[0].direction == "gan"


def test_longest_alias_wins(lexicon):
    hits = lexicon.find("自监督学习和半监督学习都不算有监督学习")
    assert [h.direction for h in hits] == ["self_supervised", "semi_supervised", "supervised"]
    assert [h.end - h.start for h in hits] == [5, 5, 5]
    assert ids(lexicon, "深度强化学习") == ["rl"]
    assert ids(lexicon, "视觉SLAM") == ["slam"]
    assert ids(lexicon, "多模态大模型") == ["mllm"]


def test_ambiguous_bare_words_are_not_directions(lexicon):
    # 分割线 is page furniture; 推荐 is a verb; 量化 alone is ambiguous
    assert ids(lexicon, "----------分割线----------") == []
    assert ids(lexicon, "我推荐你先去实习") == []
    assert ids(lexicon, "这个很难量化") == []
    assert ids(lexicon, "量化交易和模型量化不是一回事") == ["quant_finance", "quantization"]


def test_exact_case_aliases(lexicon):
    assert ids(lexicon, "CLIP之后零样本分类简单多了") == ["clip", "zero_shot"]
    assert "clip" not in ids(lexicon, "watch this video clip")


def test_parents(lexicon):
    assert lexicon.parent("vit") == "transformer"
    assert "self_supervised" in lexicon.ancestors("contrastive")
    assert lexicon.parent("cv") == "ai"
    assert lexicon.parent("ai") is None


def test_jieba_words_keep_terms_whole(lexicon):
    import jieba

    words = lexicon.jieba_words()
    assert "自监督学习" in words and "扩散模型" in words
    assert all(len(w) >= 2 and " " not in w for w in words)
    tok = jieba.Tokenizer()
    for w in words:
        tok.add_word(w)
    assert "自监督学习" in tok.lcut("在NLP信号上进行自监督学习更容易")


# -- user files ------------------------------------------------------------------

def test_user_file_adds_directions_and_aliases(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text(
        '[diffusion]\naliases = ["扩散大法"]\n\n'
        '[mamba_vision]\nname = "视觉Mamba"\naliases = ["Vim", "VMamba"]\ngroup = "architecture"\nparent = "mamba"\n',
        encoding="utf-8")
    lex = load_lexicon([user])
    assert ids(lex, "扩散大法好") == ["diffusion"]
    assert ids(lex, "VMamba和视觉Mamba") == ["mamba_vision", "mamba_vision"]
    assert lex.parent("mamba_vision") == "mamba"
    assert "扩散大法" in lex.get("diffusion").aliases
    assert "DDPM" in lex.get("diffusion").aliases  # shipped aliases stay


def test_user_file_can_rehome_an_alias(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[my_llm]\nname = "我的大模型"\naliases = ["GPT"]\ngroup = "method"\n', encoding="utf-8")
    lex = load_lexicon([user])
    assert ids(lex, "GPT很强") == ["my_llm"]
    assert "GPT" not in lex.get("llm").aliases


@pytest.mark.parametrize("body,key", [
    ('[x_dir]\nname = "X"\ngroup = "hobby"\n', "[x_dir].group"),
    ('[x_dir]\ngroup = "field"\n', "[x_dir].name"),
    ('[x_dir]\nname = "X"\ngroup = "field"\naliases = "not a list"\n', "[x_dir].aliases"),
    ('[x_dir]\nname = "X"\ngroup = "field"\nparent = "no_such_direction"\n', "[x_dir].parent"),
    ('[x_dir]\nname = "X"\ngroup = "field"\nalias = ["typo"]\n', "[x_dir].alias"),
    ('[Bad-Id]\nname = "X"\ngroup = "field"\n', "[Bad-Id]"),
    ('[x_dir]\nname = "X"\ngroup = "field"\naliases = ["a", "b"]\n[y_dir]\nname = "Y"\ngroup = "field"\naliases = ["b"]\n',
     "[y_dir].aliases"),
    ('[x_dir\nname = "X"\n', "not valid TOML"),
])
def test_bad_user_file_raises_config_error_naming_file_and_key(tmp_path, body, key):
    user = tmp_path / "bad.toml"
    user.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon([user])
    assert str(user) in str(info.value)
    assert key in str(info.value)


def test_missing_user_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="nope.toml"):
        load_lexicon([tmp_path / "nope.toml"])


# -- discovery -------------------------------------------------------------------

DISCOVERY_TEXTS = [
    "最近ViLT把视觉和语言的编码器合二为一,ViLT的速度很快。",
    "我更看好ViLT这类单流模型,另外TinyBERT也值得一看。",
    "TinyBERT做蒸馏效果不错,Meta-DETR收敛更快。",
    "Meta-DETR之后检测基本都换成了查询式。The paper is short. The code is here.",
    "视频目标检测现在很卷,视频目标检测的数据集也不多。",
    "CVPR上到处是Transformer,CVPR的投稿量很大。",
]


def test_discovery_finds_unknown_acronyms_and_merges_variants(lexicon):
    found = {c.term: c for c in discover_candidates(DISCOVERY_TEXTS, lexicon)}
    assert "ViLT" in found and found["ViLT"].merged_into is None and found["ViLT"].count == 3
    assert found["TinyBERT"].merged_into == "bert"
    assert found["Meta-DETR"].merged_into == "detr"
    assert found["视频目标检测"].merged_into == "detection"
    # known aliases, venues and ordinary capitalised words are not candidates
    for term in ("Transformer", "CVPR", "The", "DETR"):
        assert term not in found


def test_discovery_respects_min_count_and_orders_deterministically(lexicon):
    cands = discover_candidates(DISCOVERY_TEXTS, lexicon, min_count=1)
    assert cands == sorted(cands, key=lambda c: (-c.count, c.term))
    assert all(isinstance(c, Candidate) for c in cands)
    strict = discover_candidates(DISCOVERY_TEXTS, lexicon, min_count=3)
    assert [c.term for c in strict] == ["ViLT"]


def test_discovery_merges_by_embedding_above_the_threshold(lexicon):
    # A stand-in encoder: a fixed random vector per text, except that the
    # term and the name of 对比学习 share one, so only that pair is similar.
    rng = {}

    def embed(texts):
        out = []
        for t in texts:
            key = "对比学习" if t in ("SimSiam", "对比学习") else t
            if key not in rng:
                rng[key] = np.random.default_rng(len(rng)).standard_normal(16)
            out.append(rng[key])
        return np.asarray(out, dtype=np.float32)

    texts = ["SimSiam不用负样本", "SimSiam很简单", "Qwenzz是什么", "Qwenzz又是什么"]
    found = {c.term: c for c in discover_candidates(texts, lexicon, embed=embed)}
    assert found["SimSiam"].merged_into == "contrastive"
    assert found["SimSiam"].similarity == pytest.approx(1.0, abs=1e-3)
    assert found["Qwenzz"].merged_into is None and found["Qwenzz"].similarity < 0.9


# -- the labelled stance sentences name the directions they are labelled with ----

@pytest.mark.parametrize("path,min_rows", [
    (DATA / "stance_examples.tsv", 280),
    (Path(__file__).parent / "stance_cases.tsv", 55),
])
def test_stance_files_are_well_formed(lexicon, path, min_rows):
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) >= min_rows
    for row in rows:
        labels = set(row["label"].split("|"))
        assert labels <= STANCE_LABELS, row
        assert row["direction"] in lexicon, row
        named = set(lexicon.directions_in(row["sentence"]))
        assert row["direction"] in named, row
