"""Subjects: what a cue is about when the lexicon names no direction near it.

Pages from any site talk about directions no lexicon lists ("先进封装",
"offline RL", "sequential recommendation"). When a cue word has no lexicon
direction in its own clause, the noun phrase that is the clause's subject —
right before the cue, past adverbs, copulas, time words and the author's own
"我个人" — is taken as an open-vocabulary direction:

    量化这两年确实卷            → 量化
    offline RL 我个人不太看好    → offline RL
    sequential recommendation is a red ocean → sequential recommendation

A pronoun in subject position ("它已经卷了") yields nothing: anaphora is the
stance stage's job. Tagging uses jieba's part-of-speech tagger on a private
tokenizer that keeps lexicon terms whole.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

# Words between a subject and its cue: adverbs, copulas, time words, hedges.
_FILLER_ZH = re.compile(
    r"(是|已经|早就|早已|也|都|很|非常|太|确实|的确|真的|真心|真是|真|实在|千万|绝对|一定|务必|就是|还是|基本|基本上|简直|有点|有些|比较|更|最|"
    r"挺|蛮|算是|属于|成了|变成|越来越|依然|仍然|还|这两年|这几年|近年来|现在|目前|今年|最近|如今|长期|短期|中长期|近期|未来|将来|眼下|当下|暂时|整体|总体|本身|"
    r"其实|我觉得|我认为|我个人|我会话|我话|个人|我|谈不上|称不上|算不上|未必|不见得|并没有|没有那么|没那么|不那么|没有|不太|不算|并不|不|没|一片|那块|这块|这边|那边|这个方向|那个方向|"
    r"方向|领域|赛道|这条线|那条线|这条路|[\s,:]+)$")
# the subject must end in a noun: jieba tags many verbs and adverbs that end a
# clause ("导致", "绝对") and those are not directions
_SUBJECT_TAGS = {"n", "nz", "vn", "eng", "j", "nt", "l"}
# jieba tags some field names as verbs or distinguishing words (量化 v, 高频 b);
# they count as a subject only when they open the clause, where a topic stands
_TOPIC_TAGS = {"v", "b"}
_PRONOUN_ZH = re.compile(r"(它|它们|这|那|其|此|他|她|他们|大家|别人|这些|那些)$")
_GENERIC = {"方向", "领域", "行业", "东西", "工作", "问题", "大家", "人", "时候", "现在", "目前", "这块", "那块",
            "技术", "研究", "论文", "文章", "事情", "情况", "公司", "岗位", "学生", "老师", "导师", "题主",
            "楼主", "新人", "应届生", "效果", "概念", "朋友", "训练", "数据", "模型", "方法", "结果", "任务",
            # activities and conditions, not fields ("落地需求一直很旺", "就业很难")
            "学习", "发展", "竞争", "招聘", "就业", "找工作", "转行", "入行", "上岸", "策略", "压力", "高压",
            "门槛", "落地", "应用", "需求",
            "团队", "项目", "答案", "背景", "看法", "观点", "说法", "建议", "经验", "规模", "JD", "HC", "offer",
            # people, employers and job-hunting words: who or what, not a direction
            "冷门", "热门", "姐妹", "兄弟", "名额", "部门", "企业", "人才", "价格", "职业", "身份", "简历", "技能", "医院", "从业者",
            "初级", "中级", "高级", "资深", "同事", "领导", "面试", "薪资", "工资", "待遇", "市场", "行情",
            "market", "title", "employer", "employers", "company", "companies", "talent", "view", "views",
            "problem", "problems", "question", "questions", "salary", "salaries", "pay", "resume", "resumes",
            "task", "tasks", "model", "models", "method", "methods", "paper", "papers", "field", "area", "thing", "things", "people",
            "it", "this", "that", "they", "everyone", "job", "jobs", "work", "research",
            # time words are no direction ("Those days are long gone")
            "days", "day", "time", "times", "years", "year", "era", "period",
            # "That niche got crowded": a place-holder for a direction named before
            "niche", "niches", "areas", "space", "topic", "topics", "subfield", "direction", "domain",
            "training", "data", "results", "performance", "accuracy", "inference", "experiments"}
_EN_COPULA = re.compile(
    r"\s*(\b(is|are|was|were|has been|have been|had been|looks|look|seems|seem|feels|feel|remains|remain|"
    r"becomes|become|becoming|getting|itself|themselves|got|gets|still|already|really|totally|kind of|pretty|very|so|now|honestly|basically|"
    r"most|more|less|least|quite|rather|extremely|increasingly|fairly|incredibly|even|"
    r"a|an|the|just|definitely|clearly|frankly|imo)\b\s*|['’]s\s*|[\s,:;]+)+$", re.IGNORECASE)
_EN_NP = re.compile(r"((?:[A-Za-z][\w+.#/-]*\s+){0,4}[A-Za-z][\w+.#/-]*)$")
_EN_STOP = {"i", "you", "he", "she", "we", "they", "it", "this", "that", "these", "those", "there", "here",
            "and", "or", "but", "so", "if", "because", "which", "who", "what", "my", "your", "our", "their",
            "its", "not", "no", "do", "does", "did", "would", "will", "can", "could", "should", "to", "of",
            "in", "on", "for", "with", "at", "by", "from", "as", "than", "then", "also", "too", "much", "many",
            "lot", "lots", "some", "any", "all", "most", "more", "less", "every", "each", "be", "been",
            "next", "neither", "either", "none", "both", "one", "other", "another", "such", "like",
            # verbs that take a direction as object ("pick X", "go into X")
            "pick", "picked", "choose", "chose", "study", "studying", "learn", "learning", "work", "working",
            "try", "trying", "recommend", "avoid", "get", "go", "going", "into", "say", "said", "think",
            "doing", "join", "enter", "entering", "pursue", "pursuing", "switch", "move", "about", "like",
            # adverbs left over from "no longer", "just", "still"
            "longer", "anymore", "just", "still", "even", "only", "really", "beyond", "besides", "apart", "except",
            # copulas and auxiliaries: a subject ends before them ("X are wide open")
            "is", "are", "was", "were", "am", "being", "has", "have", "had", "keep", "keeps", "kept",
            "gets", "got", "become", "becomes", "became", "seem", "seems", "look", "looks"}
_EN_WH = {"where", "when", "why", "how", "whether", "whatever", "wherever"}
_NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "side"}
MAX_ZH_CHARS = 10


@lru_cache(maxsize=2)
def _tagger(words: tuple[str, ...]):  # noqa: ANN202 - a jieba POSTokenizer
    from .tokens import pos_tagger

    return pos_tagger(words)


def subject_before(text: str, lexicon_words: Sequence[str] = ()) -> str | None:
    """The open-vocabulary subject at the end of `text` (the clause up to a cue), if any."""
    text = text.strip()
    if not text:
        return None
    rest = text
    for _ in range(8):  # peel filler words off the end, one layer at a time
        peeled = _EN_COPULA.sub("", _FILLER_ZH.sub("", rest))
        if peeled == rest:
            break
        rest = peeled
    if not rest:
        return None
    if re.search(r"[A-Za-z0-9]$", rest):
        # an English noun phrase, possibly inside Chinese ("offline RL 我个人不太看好")
        tail = re.search(r"[^\u4e00-\u9fff]*$", rest).group(0)
        return _english_subject(tail)
    return _chinese_subject(rest, tuple(lexicon_words))


def _english_subject(text: str) -> str | None:
    m = _EN_NP.search(text.strip())
    if not m:
        return None
    words = m.group(1).split()
    # "you're an experimentalist": the tail of a contraction is no word
    while words and words[0].lower() in ("re", "s", "ll", "ve", "d", "m", "t"):
        words = words[1:]
    # the noun phrase starts after the last function word; after a wh-word
    # the clause is subordinate ("Where the real shortage is, …"): no subject
    for i in range(len(words) - 1, -1, -1):
        if words[i].lower() in _EN_WH:
            return None
        if words[i].lower() in _EN_STOP:
            words = words[i + 1:]
            break
    phrase = " ".join(words).strip(".,;:")
    if len(words) == 1 and phrase.lower().endswith(("ly", "ed")):
        return None  # an adverb ("genuinely promising") or a verb ("roles that existed"), not a noun
    if not phrase or phrase.lower() in _GENERIC or phrase.lower() in _EN_STOP or len(phrase) < 3:
        return None
    if words[-1].lower() in _GENERIC or words[-1].isdigit() or words[-1].lower() in _NUMBERS:
        return None  # "the same time", "three", "the hardware side" heads on a generic noun
    return phrase


def _chinese_subject(rest: str, words: tuple[str, ...]) -> str | None:
    if _PRONOUN_ZH.search(rest):
        return None
    tokens = list(_tagger(words).lcut(rest[-24:]))
    picked: list[str] = []
    for i in range(len(tokens) - 1, -1, -1):
        pair = tokens[i]
        if pair.word.isspace():
            if picked:
                picked.insert(0, " ")  # "Prompt 工程": keep the words of a mixed term together
            continue
        if pair.flag in _SUBJECT_TAGS and pair.word.strip() and not re.fullmatch(r"[\W\d_]+", pair.word):
            picked.insert(0, pair.word)
            if len("".join(picked)) >= MAX_ZH_CHARS or len(picked) >= 3:
                break
        else:
            if i == 0 and not picked and pair.flag in _TOPIC_TAGS and len(pair.word) >= 2 and len(rest) <= 24:
                picked.insert(0, pair.word)  # "量化这两年确实卷": a verb-like word opening the clause is its topic
            break
    phrase = re.sub(r"\s+", " ", "".join(picked)).strip()
    if len(phrase) < 2 or phrase in _GENERIC or len(phrase) > MAX_ZH_CHARS + 4:
        return None
    return phrase
