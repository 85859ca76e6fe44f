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
    assert 150 <= len(lexicon.directions) <= 500
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


@pytest.mark.parametrize("text,expected", [
    # sub-areas in simplified, traditional (original script and after OpenCC t2s) and English
    ("端到端自动驾驶很火,占用网络和高精地图已经卷烂了", ["end_to_end_ad", "occupancy", "hd_map"]),
    ("端到端自駕和佔用網路", ["end_to_end_ad", "occupancy"]),
    ("End-to-end autonomous driving beats HD maps", ["end_to_end_ad", "hd_map"]),
    ("灵巧手和人形机器人是泡沫,sim2real还是难点", ["dexterous_hand", "humanoid", "sim2real"]),
    ("Humanoid robots are overhyped; tactile sensing is not", ["humanoid", "tactile"]),
    ("离线强化学习和离策略评估都很冷门", ["offline_rl", "ope"]),
    ("数字前端比数字后端好找工作,模拟IC门槛高", ["digital_ic", "physical_design", "analog_ic"]),
    ("類比IC和製程整合在竹科很吃香,先進封裝也缺人", ["analog_ic", "process_integration", "advanced_packaging"]),
    ("类比IC和制程整合,先进封装", ["analog_ic", "process_integration", "advanced_packaging"]),
    ("高频交易和因子挖掘已经卷麻了,另类数据还有机会", ["hft", "factor_mining", "alt_data"]),
    ("测开和运维不建议去,游戏开发和全栈也一般,不如去外企", ["test_dev", "operations_ops", "game_dev", "full_stack", "foreign_company"]),
    ("CS is oversaturated; go into cloud native or distributed systems", ["cs_major", "cloud_native", "distributed_systems"]),
    ("序列推荐和生成式推荐是热点,精排被做烂了", ["seq_rec", "gen_rec", "ranking"]),
    ("大模型评测、后训练方向和数据配比缺人", ["llm_eval", "post_training", "llm_data"]),
])
def test_sub_area_directions(lexicon, text, expected):
    assert ids(lexicon, text) == expected


@pytest.mark.parametrize("spaced,closed", [
    # forum writers space Latin off from Chinese at will
    ("高端 GPU 和 AI 芯片国内依然缺人", "高端GPU和AI芯片国内依然缺人"),
    ("几家国产 EDA 公司都在抢人", "几家国产EDA公司都在抢人"),
    ("做 IC 设计的", "做IC设计的"),
])
def test_mixed_script_aliases_match_with_or_without_a_space(lexicon, spaced, closed):
    assert ids(lexicon, spaced) == ids(lexicon, closed) != []


def test_general_directions_added_for_other_sites(lexicon):
    # chips in general and AI accelerators are argued about separately
    assert ids(lexicon, "芯片是红海,但AI芯片缺人") == ["ai_chip", "ai_accelerator"]
    assert lexicon.parent("ai_accelerator") == "ai_chip"
    assert ids(lexicon, "資安缺人,资讯安全也是") == ["security", "security"]
    assert ids(lexicon, "游戏业千万别来") == ["game_industry"]
    assert ids(lexicon, "AI engineering is crowded") == ["algorithm_engineer"]
    assert ids(lexicon, "数据工程、评测体系并不卷") == ["big_data", "llm_eval"]


def test_moved_aliases_go_to_the_narrower_direction(lexicon):
    assert ids(lexicon, "机械臂抓取") == ["manipulation"]
    assert ids(lexicon, "逆强化学习") == ["irl"]
    assert ids(lexicon, "量子计算和量子机器学习") == ["quantum_computing", "quantum_ml"]
    assert lexicon.parent("quantum_ml") == "quantum_computing"
    assert "offline_rl" in lexicon and lexicon.parent("irl") == "imitation_learning"
    # a longer alias keeps its owner: ROS is not robot manipulation
    assert ids(lexicon, "机器人操作系统ROS") == ["robotics", "robotics"]


@pytest.mark.parametrize("text", [
    # short Chinese aliases that would straddle two ordinary words
    "刚接触觉得很难,情感知识也不够",        # 触觉, 感知
    "然后训练了一个模型,最后训练结果还行",    # 后训练
    "习惯导致的问题,控制程序写错了,编制程序",  # 惯导, 控制, 制程
    "部分词语翻译不准,考核方法和审核方法都变了",  # 分词, 核方法
    "电脑机箱和电脑电源,手机电池,电子系统,统计网站",  # 脑机, 脑电, 机电, 电子系, 计网
    "全国考生人数创新高,核心集团,人工控制",   # 国考, 核心集, 工控
    "召回率和准确率都要报,排序算法是基础,存储能力不够",  # 召回, 排序, 储能
    "我做市场营销的,这个方向是个天坑,机械地重复,逆向思维",  # 做市, 天坑, 机械, 逆向
    "模拟考试和模拟面试,提供技术支持,形式化地定义问题",  # 模拟, 技术支持, 形式化
    "在一个流行的巨大的数据库上展示出很高的精度",  # 数据库 = a dataset here
    # English words that look like acronyms or direction names
    "a raft of papers, a pie chart, the unity of theory, IRL meetups, from A to B",
    "run EDA on the data first; tokenizer = AutoTokenizer.from_pretrained(name)",
])
def test_new_aliases_do_not_fire_inside_ordinary_text(lexicon, text):
    assert ids(lexicon, text) == []


@pytest.mark.parametrize("text,expected", [
    # career tracks, sub-fields and industries added for job-forum pages (round 2),
    # in simplified, traditional and English forms
    ("鸿蒙原生开发缺人, HarmonyOS 开发也是", ["harmonyos", "harmonyos"]),
    ("AI产品经理和AI PM", ["ai_product_manager", "ai_product_manager"]),
    ("游戏策划、技术美术和游戏原画", ["game_design", "technical_artist", "game_art"]),
    ("自研引擎的引擎程序员", ["game_engine", "game_engine"]),
    ("遊戲測試和 game QA", ["game_testing", "game_testing"]),
    ("WebGPU, Three.js and Web 3D", ["web3d", "web3d", "web3d"]),
    ("WebAssembly (Wasm) runtimes", ["webassembly", "webassembly"]),
    ("React developers and design systems, a11y and WCAG", ["react", "design_systems", "accessibility", "accessibility"]),
    ("Rust jobs vs mainframe COBOL", ["rust_dev", "mainframe", "mainframe"]),
    ("analytics engineering with dbt", ["analytics_engineering", "analytics_engineering"]),
    ("stream processing with Flink and Kafka", ["stream_processing", "stream_processing", "stream_processing"]),
    ("feature stores and model monitoring", ["feature_store", "model_monitoring"]),
    ("GPU cluster scheduling, 集群调度", ["cluster_scheduling", "cluster_scheduling"]),
    ("accelerator backends, sparse tensor compilation, autotuning", ["compiler_backend", "sparse_compilation", "autotuning"]),
    ("hardware-software co-design, 软硬件协同设计", ["hw_sw_codesign", "hw_sw_codesign"]),
    ("quantum hardware, 超导量子", ["quantum_hardware", "quantum_hardware"]),
    ("RegTech 合規自動化 AML", ["regtech", "regtech", "regtech"]),
    ("卖方金工和行研", ["financial_engineering", "equity_research"]),
    ("合成生物、临床生信、纯湿实验", ["synthetic_biology", "clinical_bioinformatics", "wet_lab"]),
    ("CRO和CRA, ADC药物, 药分, CAR-T, 实体瘤", ["cro", "cro", "adc", "drug_analysis", "cell_therapy", "solid_tumor_cell_therapy"]),
    ("醫療器械註冊", ["medical_devices"]),
    ("layout 工程師和 DFT 工程師", ["ic_layout", "dft"]),
    ("封測廠: 傳統封測 vs 先進封裝", ["packaging", "traditional_packaging", "advanced_packaging"]),
    ("車用電子、汽车电子", ["automotive_electronics", "automotive_electronics"]),
    ("光刻胶、电子特气、靶材", ["semiconductor_materials", "semiconductor_materials", "semiconductor_materials"]),
    ("传统石化 vs 精细化工、电子化学品", ["petrochemicals", "fine_chemicals", "fine_chemicals"]),
    ("固态电池和钙钛矿光伏", ["solid_state_battery", "perovskite"]),
    ("核电、可控核聚变、船舶与海洋工程", ["nuclear_engineering", "nuclear_engineering", "ocean_engineering"]),
    ("光模块、硅光、卫星互联网、无线通信算法、O-RAN", ["optical_communication", "silicon_photonics", "satellite_internet", "wireless_algorithms", "open_ran"]),
    ("KV cache 和 LLM serving", ["kv_cache", "inference_acceleration"]),
    # abbreviations job forums use, in capitals only
    ("DS 饱和, DE 不饱和, MLE 卷, SDE 也卷, QD 缺人", ["data_science", "big_data", "algorithm_engineer", "software_dev", "quant_dev"]),
    ("Cloud 同 DevOps, ML infra, GPU kernel 优化", ["cloud", "operations_ops", "mlsys", "hpc"]),
    ("计算机现在太卷, 计算机视觉也卷", ["cs_major", "cv"]),
])
def test_career_directions_added_for_job_forums(lexicon, text, expected):
    assert ids(lexicon, text) == expected


def test_round_two_abbreviations_keep_their_case_and_their_neighbours(lexicon):
    # lower case is an ordinary word: react, rust, de, ds, ta
    assert ids(lexicon, "react to it, rust on the car, de la, ds, ta说") == []
    # the analog-IC ADC is a longer alias, DFT计算 stays with computational chemistry
    assert ids(lexicon, "SAR ADC 和 ADC设计") == ["analog_ic", "analog_ic"]
    assert ids(lexicon, "DFT计算") == ["comp_chem"]
    # moved: 封测 is packaging in general, 游戏引擎 its own job, Flink stream processing
    assert lexicon.parent("traditional_packaging") == "packaging"
    assert lexicon.parent("game_engine") == "game_dev"
    assert lexicon.parent("ai_product_manager") == "product_manager"
    assert ids(lexicon, "大数据开发用 Spark") == ["big_data", "big_data"]


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
        # a sentence naming a sub-direction (AI芯片) names its parent (芯片/IC) too
        named |= {a for d in named for a in lexicon.ancestors(d)}
        assert row["direction"] in named, row


def test_energy_engineering_finance_and_lab_directions(lexicon):
    """Directions split out of umbrella ids (storage vs PV, spatial vs single-cell omics)
    and fields, majors and roles added for job and major-choice threads."""
    assert ids(lexicon, "储能在扩张,光伏过剩,新能源整体一般") == ["energy_storage", "photovoltaics", "new_energy"]
    assert lexicon.parent("energy_storage") == "new_energy" and lexicon.parent("photovoltaics") == "new_energy"
    assert ids(lexicon, "单细胞分析卷,空间转录组不卷") == ["single_cell", "spatial_omics"]
    assert ids(lexicon, "电气工程和土木工程") == ["ee", "civil_engineering"]
    assert ids(lexicon, "精算师、保险科技、payments infrastructure") == ["actuarial", "insurtech", "payments"]
    assert ids(lexicon, "Direct air capture, MRV and green hydrogen") == ["carbon_capture", "carbon_accounting",
                                                                        "hydrogen"]
    assert ids(lexicon, "connectomics and computational psychiatry") == ["connectomics", "computational_psychiatry"]
    # the lab sense is longer than "self-driving", so it wins where it is written out
    assert ids(lexicon, "self-driving labs, not self-driving cars") == ["self_driving_labs", "autonomous_driving"]
    assert ids(lexicon, "BMC firmware 和韌體工程師") == ["firmware", "firmware"]
    assert ids(lexicon, "ML interatomic potentials") == ["mlip"]


@pytest.mark.parametrize("text", ["中国网民", "全国网点", "存储能力不够", "dac converter", "在这个背景下"])
def test_energy_and_finance_aliases_do_not_fire_inside_ordinary_text(lexicon, text):
    assert not [h for h in lexicon.find(text) if h.direction in ("power_grid", "carbon_capture", "ee")]


def test_guard_words_hide_only_the_aliases_inside_them(lexicon):
    assert ids(lexicon, "进国网,做储能") == ["power_grid", "energy_storage"]
    assert ids(lexicon, "中国网络安全") == ["security"]  # 网络安全 reaches past the guard word 中国网
    assert "存储能力" in lexicon.guards


def test_user_guards_extend_the_shipped_ones(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[_guards]\nwords = ["储能量"]\n', encoding="utf-8")
    lex = load_lexicon([extra])
    assert ids(lex, "储能量不够") == [] and ids(lex, "储能缺人") == ["energy_storage"]
    bad = tmp_path / "bad.toml"
    bad.write_text('[_guards]\nwordz = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="wordz"):
        load_lexicon([bad])


@pytest.mark.parametrize("text,expected", [
    ("数字人文和计算社会科学", ["digital_humanities", "css"]),
    ("microbiome work", ["microbiome"]),
    ("手术机器人", ["surgical_robotics"]),
    ("可穿戴设备", ["wearables"]),
    ("用户研究 / UX research", ["user_research", "user_research"]),
    ("电力市场和综合能源服务", ["electricity_market", "integrated_energy"]),
    ("battery recycling vs grid software", ["battery_recycling", "grid_software"]),
    ("心理咨询师", ["counseling"]),
])
def test_fields_argued_apart_have_their_own_ids(lexicon, text, expected):
    assert ids(lexicon, text) == expected
