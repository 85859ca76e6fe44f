"""Voices no post header names (voices.py): chat-log exports, interviews and
transcripts, and the quoted contributors of a compiled article.

Every page here was written for this file, in the furniture of a site family
(a WeChat/QQ/WhatsApp chat export, a 36氪/虎嗅-style interview, a podcast
transcript, a 百家号/头条 roundup of netizens' views), with names and wording
of its own.
"""
from __future__ import annotations

from pathlib import Path

from conftest import by_author, ingest_page, published


# -- a group-chat export: "[time] name: message", system lines, a group bot ---------

CHAT_LOG = """\
==============================
聊天记录导出 · 材料人求职群(212人)
导出时间:2024-05-10 23:00
==============================
[2024-05-10 20:01] 系统消息: "群管家"邀请"阿梨不想卷"加入了群聊
[2024-05-10 20:01] 群助手小钢镚: 欢迎 @阿梨不想卷 加入本群!请先看群公告。
[2024-05-10 20:03] 阿梨不想卷: 各位前辈好,材料硕士明年毕业,锂电还值得去吗?还是转半导体?
[2024-05-10 20:04] 电池厂老周: 锂电正极这两年扩产太猛,已经是红海了
[2024-05-10 20:04] 电池厂老周: 不过固态电解质的研发岗还挺缺人的,我们组招了半年没招满
[2024-05-10 20:05] 系统消息: "电池厂老周"撤回了一条消息
[2024-05-10 20:06] 群助手小钢镚: 【群规】禁止发广告,违者移出。
[2024-05-10 20:07] Fab小陈: [图片]
[2024-05-10 20:07] Fab小陈: 半导体材料这边真的缺人,光刻胶和靶材国产替代需求很大
[2024-05-10 20:08] 阿梨不想卷: 那半导体工艺岗呢?是不是很累?
[2024-05-10 20:09] 电池厂老周: 工艺岗倒班,累是真累
[2024-05-10 20:10] 系统消息: "Fab小陈"拍了拍"电池厂老周"
[2024-05-10 20:11] 群助手小钢镚: 我是机器人,回复"群公告"查看群规哦
[2024-05-10 20:12] 阿梨不想卷: 好的谢谢大家!
==============================
共导出 14 条消息
==============================
"""


def test_chat_log_turns_are_answers_and_system_lines_bots_and_the_asker_are_not(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "chat.txt", CHAT_LOG)
    by = by_author(page)
    assert set(by) == {"电池厂老周", "Fab小陈"}
    # the asker's first question is the page's question; her turns ask, they are no answer
    assert "锂电还值得去吗" in page.question
    # a speaker's messages in a row are one answer, each without its time and name
    first = page.answers[0]
    assert first.author == "电池厂老周"
    assert first.text == "锂电正极这两年扩产太猛,已经是红海了\n不过固态电解质的研发岗还挺缺人的,我们组招了半年没招满"
    assert "光刻胶和靶材国产替代需求很大" in by["Fab小陈"]
    everything = published(page)
    for furniture in ("2024-05-10", "撤回了一条消息", "拍了拍", "加入了群聊", "群规", "我是机器人", "欢迎 @",
                      "聊天记录导出", "共导出", "[图片]"):
        assert furniture not in everything, furniture


def test_fewer_than_three_timed_lines_are_no_chat(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "notes.txt", "读博还是工作?\n\n[2024-05-10 20:01] 会议纪要: 先讨论读博。\n"
                       "我的看法是先工作两年再说,行业经验对读博也有帮助。\n")
    assert [a.author for a in page.answers] == [""]


# -- an interview: "name:" paragraphs, an interviewer who asks, a journalist's byline ----

INTERVIEW_HTML = """<html><head><title>机器人还缺人吗?四位工程师谈具身智能-某科技网</title></head><body>
<h1>机器人还缺人吗?四位工程师谈具身智能</h1>
<p class="byline">作者:文|韩晓 编辑|罗青</p>
<p>具身智能是今年最热的话题之一,我们请四位一线工程师谈谈各自的方向。</p>
<p><strong>某科技网:</strong>大家都说具身智能是风口,您怎么看?</p>
<p><strong>吴涛:</strong>风口是真的,但仿真里刷榜的工作已经很卷了,真机数据采集反而缺人。</p>
<p><strong>吴涛:</strong>我们组招能调真机的工程师,半年都没招满。</p>
<h3>“灵巧手是硬骨头”</h3>
<p><strong>某科技网:</strong>灵巧手方向呢?</p>
<p><strong>许蔓:</strong>灵巧手门槛高,做的人少,我很看好这个方向。</p>
<p><strong>许蔓:</strong>缺点是硬件贵,学生很难自己搭平台。</p>
<p><strong>某科技网:</strong>最后请两位各说一句建议。</p>
<p><strong>吴涛:</strong>别追热点,找一个能长期做下去的问题。</p>
<p><strong>许蔓:</strong>多去实验室摸真机,论文之外的能力更值钱。</p>
<p>(本文仅代表受访者个人观点。)</p>
</body></html>
"""


def test_interview_speakers_are_answerers_the_interviewer_and_journalist_are_not(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "interview.html", INTERVIEW_HTML)
    by = by_author(page)
    assert set(by) == {"吴涛", "许蔓"}
    assert "机器人还缺人吗" in page.question
    assert "真机数据采集反而缺人" in by["吴涛"] and "半年都没招满" in by["吴涛"]
    assert "灵巧手门槛高,做的人少,我很看好这个方向。" in by["许蔓"]
    everything = published(page)
    for furniture in ("您怎么看", "灵巧手方向呢", "韩晓", "罗青", "灵巧手是硬骨头", "某科技网:", "仅代表受访者"):
        assert furniture not in everything, furniture


TRANSCRIPT = """\
Episode 42: Is quantum computing a good career bet?

Host: Welcome back. Is quantum computing a good career bet for a new PhD?
Maya Lund: Quantum hardware is still understaffed; every lab I know is hiring cryogenics and control people.
Maya Lund: Quantum algorithms for near-term devices, on the other hand, feel saturated to me.
Host: Do you agree, Omar?
Omar Reyes: Partly. Error correction is the exciting part, and the demand for people there keeps growing.
Omar Reyes: I would not start a PhD on variational algorithms today.
Host: Thanks both.
"""


def test_transcript_host_label_asks_and_speakers_answer(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "podcast.txt", TRANSCRIPT)
    by = by_author(page)
    assert set(by) == {"Maya Lund", "Omar Reyes"}
    assert "Quantum hardware is still understaffed" in by["Maya Lund"]
    assert "I would not start a PhD on variational algorithms today." in by["Omar Reyes"]
    assert "Do you agree" not in published(page) and "Thanks both" not in published(page)


def test_a_list_of_labelled_points_is_no_transcript(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "list.txt", "选CV还是NLP?\n\n我的建议如下。\n优点:CV落地场景多,工业界需求稳定。\n"
                       "缺点:CV的纯算法岗已经很卷了。\n优点:NLP现在跟大模型绑定,机会多。\n缺点:NLP的门槛越来越高。\n")
    assert [a.author for a in page.answers] == [""]
    assert "CV的纯算法岗已经很卷了" in page.answers[0].text


# -- a compiled article: "网友@X 表示:" over a quotation, the compiler's words after it ----

ROUNDUP = """\
首页 资讯 登录
程序员35岁以后去哪了?网友热议
职场观察员
2024-06-01 08:00 · 来自上海 · 职场领域创作者
[+ 关注]

最近一个“35岁程序员”的话题冲上热搜,小编整理了几位网友的看法。
【观点一】
网友@老码农阿飞 表示:
“纯写业务代码的岗位确实饱和了,35岁以后很难跳槽,
我身边好几个同事都转去做售前了。”
小编认为,这种焦虑很普遍。
【观点二】
网友“云原生小雪”则给出了不同的看法:
“基础设施和稳定性方向一直缺人,年龄反而是经验。”
你怎么看?欢迎在评论区留言。
热门评论
路过的产品经理 北京 · 2小时前
测试开发也很缺人,别只盯着后端。
👍 120 回复
职场观察员 作者 · 1小时前
感谢分享!
👍 8 回复
"""


def test_compiled_article_credits_its_contributors_not_the_compiler(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "roundup.txt", ROUNDUP)
    by = by_author(page)
    assert set(by) == {"老码农阿飞", "云原生小雪", "路过的产品经理"}
    # the contributor's answer is the quotation; the compiler's remark after it is nobody's
    assert by["老码农阿飞"].startswith("“纯写业务代码的岗位确实饱和了")
    assert "小编认为" not in by["老码农阿飞"]
    assert "你怎么看" not in by["云原生小雪"]
    assert "测试开发也很缺人" in by["路过的产品经理"]
    # the compiler's intro and its reply under the comments ("感谢分享!") are not answers
    assert "职场观察员" not in by
    assert "感谢分享" not in published(page)


MD_INTERVIEW = """\
# Is chip verification a good career? Two engineers weigh in

*By Staff Reporter · 5 min read*

**Q:** Is verification overcrowded right now?

**Rana Haddad:** Not at all. Every SoC team I know needs more verification engineers than designers.

**Rana Haddad:** Formal verification in particular is understaffed.

**Q:** And physical design?

**Tomas Varga:** Physical design for mature nodes is a red ocean; advanced packaging still has openings.

**Tomas Varga:** I would pick packaging today.
"""


def test_markdown_bold_speakers_and_a_q_label(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "interview.md", MD_INTERVIEW)
    by = by_author(page)
    assert set(by) == {"Rana Haddad", "Tomas Varga"}
    assert by["Rana Haddad"].startswith("Not at all.") and "Formal verification" in by["Rana Haddad"]
    assert "**" not in published(page) and "And physical design?" not in published(page)


def test_an_interviewer_labelled_on_its_own_line_is_no_answerer(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "weak.txt", "EDA 还值得入行吗?对话两位工程师\n记者:\n大家都说 EDA 是风口,你们怎么看?\n"
                       "钱工:\nEDA 点工具确实缺人,国产替代需求很大。\n孙工:\n我不同意,数字后端工具已经有好几家在做了。\n"
                       "记者:\n那对应届生有什么建议?\n钱工:\n先把算法和 C++ 基础打牢。\n")
    by = by_author(page)
    assert set(by) == {"钱工", "孙工"}
    assert "你们怎么看" not in published(page) and "有什么建议" not in published(page)
