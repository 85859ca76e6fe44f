"""More site families: chat exports as JSON (senders by id, threads, bots), anonymous
work forums ("Company · handle"), Q&A mirrors with the answerer's badges on the header
line, Facebook-style comment boxes in HTML, pages printed to PDF and run through
pdftotext, and podcast transcripts with chapters and a sponsor's spot.

Every page here was written for this file, in the furniture of its site family, with
names and wording of its own.
"""
from __future__ import annotations

import json

from discourse.boilerplate import load_rules, match_rule
from discourse.normalize import html_to_text
from conftest import ingest_file, ingest_page, published


def _authors(page) -> list[str]:
    return [a.author for a in page.answers]


# ---------------------------------------------------------------- chat exports


def _slack_day() -> list[dict]:
    def profile(real: str, login: str) -> dict:
        return {"real_name": real, "display_name": login, "name": login, "team": "T9"}

    return [
        {"type": "message", "subtype": "channel_join", "ts": "100.1", "user": "UAAA1",
         "text": "<@UAAA1> has joined the channel"},
        {"type": "message", "user": "UBBB2", "ts": "200.1", "thread_ts": "200.1", "reply_count": 3,
         "user_profile": profile("Priya Raman", "priya"),
         "text": "Which battery subfield would you pick for a master's thesis? Asking for next term."},
        {"type": "message", "user": "UAAA1", "ts": "210.1", "thread_ts": "200.1", "parent_user_id": "UBBB2",
         "user_profile": profile("Tomas Berg", "tberg"),
         "text": "Solid-state electrolytes are crowded now.\nRecycling chemistry is wide open."},
        {"type": "message", "user": "UCCC3", "ts": "220.1", "thread_ts": "200.1", "parent_user_id": "UBBB2",
         "text": "&gt; Recycling chemistry is wide open\nAgree with <@UAAA1>, and BMS firmware is hiring too."},
        {"type": "message", "subtype": "bot_message", "bot_id": "BPOLL", "username": "Pollster", "ts": "230.1",
         "text": "Poll: which subfield is most promising? React to vote."},
        {"type": "message", "user": "USLACKBOT", "ts": "240.1", "text": "Reminder: journal club at 4pm."},
    ]


def test_slack_export_names_senders_and_drops_bots_and_events(tmp_path):
    export = {"users": [{"id": "UCCC3", "real_name": "Lina Okafor", "name": "lokafor"}],
              "messages": _slack_day()}
    pages, rejected = ingest_file(tmp_path, "battery-channel.json", json.dumps(export))
    assert rejected == []
    thread = next(p for p in pages if p.answers and p.answers[0].author == "Priya Raman")
    assert thread.question == "Which battery subfield would you pick for a master's thesis?"
    assert _authors(thread) == ["Priya Raman", "Tomas Berg", "Lina Okafor"]
    # a mention resolves through the same names
    assert "@Tomas Berg" in thread.answers[2].text
    everything = [a.author for p in pages for a in p.answers]
    assert not {"Pollster", "USLACKBOT", "UAAA1"} & set(everything)
    shown = " ".join(published(p) for p in pages)
    assert "has joined the channel" not in shown and "journal club" not in shown


def test_chat_ids_resolve_through_profiles_seen_elsewhere_in_the_file(tmp_path):
    day = _slack_day()
    day.append({"type": "message", "user": "UAAA1", "ts": "250.1", "thread_ts": "200.1",
                "text": "One more: sodium-ion is underrated."})
    pages, _ = ingest_file(tmp_path, "day.json", json.dumps(day))
    thread = next(p for p in pages if any(a.author == "Tomas Berg" for a in p.answers))
    assert _authors(thread).count("Tomas Berg") == 2
    assert "UAAA1" not in _authors(thread)


def test_row_files_without_chat_fields_are_unchanged(tmp_path):
    rows = [{"author": "阿青", "title": "CV还能学吗?", "content": "CV已经卷成红海了"},
            {"author": "老周", "title": "CV还能学吗?", "content": "多模态方向还缺人"}]
    (page,) = ingest_file(tmp_path, "plain.json", json.dumps(rows, ensure_ascii=False))[0]
    assert _authors(page) == ["阿青", "老周"] and page.question == "CV还能学吗?"


# ------------------------------------------------- anonymous work forums

_WORK_FORUM = """\
Tech Careers
Is platform security still a good bet for a mid-level engineer?

Contoso · aQ7rT2
Mar 3
Mid-level SWE here, thinking about switching tracks. Is security still a good bet?
Like 12  Comment 9

Fabrikam · Lm82xk
Mar 3
Detection engineering is understaffed everywhere I look. We have had three reqs open since spring.
Like 40    Reply

    Northwind · Zz0p19
    Mar 4
    Cloud IAM work is getting crowded, lots of people rebranding into it.
    Like 8    Reply

[Promoted] CareerBoost · Get a mock interview with an ex-FAANG coach. Book today.

Tailspin · Ve55kq
Mar 4
I used to think appsec was saturated. Firmware security is where the gap is now.
Like 15    Reply

Related Posts
Is security engineering overcrowded in 2024?
"""


def test_work_forum_poster_is_the_handle_after_the_company(tmp_path):
    page = ingest_page(tmp_path, "thread.txt", _WORK_FORUM)
    assert _authors(page) == ["Lm82xk", "Zz0p19", "Ve55kq"]
    assert "Is platform security still a good bet" in page.question
    assert "mock interview" not in published(page)
    assert "Firmware security is where the gap is now." in page.answers[-1].text


def test_a_name_with_its_badge_keeps_the_name():
    from discourse.headers import load_headers
    from discourse.threads import block_name

    rules = load_headers()
    assert block_name("Meera Krishnan · Staff Engineer", rules) == "Meera Krishnan"
    assert block_name("Contoso · aQ7rT2", rules) == "aQ7rT2"
    assert block_name("kkfocus · 10min", rules) != "10min"


# ---------------------------------------------- Q&A mirrors with badges

_QA_MIRROR = """\
知识互助网 - 你问我答
首页 > 教育 > 考研
读研选方向：储能、光伏、氢能，哪个更好就业？
提问者：匿名用户 | 浏览次数：2310次 | 2024-03-02
本科能源动力，想请教一下各位。

最佳答案（提问者采纳）
答案1：
回答者：追光的小林 | 等级：LV7 | 采纳率：76% | 2024-03-02 10:11
储能这两年需求很大，电池管理岗一直缺人，我比较推荐。
本回答由提问者推荐
已赞过 已踩过<
你对这个回答的评价是？ 评论 收起

答案2：
回答者：老氢 | 知道合伙人能源行家 | 等级：LV9 | 2024-03-02 12:40
氢能项目这两年砍了不少，制氢设备岗位已经饱和了，慎选。
展开全部
已赞过 已踩过<
你对这个回答的评价是？ 评论 收起

答案3：
回答者：光伏打工人 | 等级：LV3 | 2024-03-03 08:05
光伏组件产能过剩，价格战很凶，但是钙钛矿研发还有机会。
已赞过 已踩过<
"""


def test_qa_mirror_answerer_line_with_badges_names_the_answerer(tmp_path):
    page = ingest_page(tmp_path, "qa.txt", _QA_MIRROR)
    assert _authors(page) == ["追光的小林", "老氢", "光伏打工人"]
    text = published(page)
    assert "本回答由提问者推荐" not in text and "知道合伙人" not in text and "展开全部" not in text


# ------------------------------------------------- Facebook-style comment boxes

_GROUP_POST = """<!DOCTYPE html><html><head><title>(2) 灣區工程師交流 | Facebook</title></head><body>
<div role="navigation"><h2>灣區工程師交流</h2><span>公開群組 · 2.1 萬位成員</span></div>
<div role="article">
 <div class="post-header"><strong><a>李美華 Grace</a></strong> <span>· 3月2日</span></div>
 <div dir="auto">想請教大家。</div>
 <div dir="auto">而家讀晶片設計定係軟件好啲？</div>
 <ul class="comments">
  <li><div class="comment-author"><a>版主 Tony Wu</a> <span class="badge">管理員</span></div>
      <div class="c-body">【置頂提示】請勿在留言區賣廣告。</div></li>
  <li><div class="comment-author"><a>張偉文 Ivan</a> <span class="badge">熱門粉絲</span></div>
      <div class="c-body">晶片設計而家真係缺人，尤其係驗證。</div></li>
  <li class="sponsored"><div class="comment-author"><a>卓越培訓中心</a> <span>贊助</span></div>
      <div class="c-body">晶片課程 限時優惠 立即報名 →</div></li>
  <li><div class="comment-author"><a>Karen Ho</a></div>
      <div class="c-body">軟件前端已經好卷，後端 infra 仲有機會。</div></li>
 </ul>
 <div class="compose">以 李美華 Grace 身分留言……</div>
</div></body></html>"""


def test_comment_box_authors_come_from_their_links_without_badges(tmp_path):
    page = ingest_page(tmp_path, "group.htm", _GROUP_POST)
    assert _authors(page) == ["张伟文 Ivan", "Karen Ho"]
    assert page.question == "而家读晶片设计定系软件好啲?"
    text = published(page)
    assert "限时优惠" not in text and "身分留言" not in text and "置顶提示" not in text


def test_author_element_badge_stays_beside_the_credit():
    text = html_to_text('<div class="c-author"><a>Ana Ruiz</a> <span>Top fan</span></div><p>Hi.</p>')
    assert text.split("\n")[:2] == ["作者: Ana Ruiz", "Top fan"]
    # not an author element: a bio box
    assert "作者" not in html_to_text('<div class="author-bio">Writes about chips.</div>')


# ---------------------------------------------------- pages printed to PDF

_PRINTED = (
    "2/1/24, 9:05 AM        Is spintronics still a good PhD topic? | ScholarHub\n"
    "\n"
    "Question\n"
    "Is spintronics still a good PhD topic for some-\n"
    "one from physics?\n"
    "Mara Quint · University of Lakeside\n"
    "\n"
    "I am choosing between offers. Which parts of the field are still open?\n"
    "\n"
    "All Answers (3)\n"
    "\n"
    "Oskar Lind · Fjord Institute of Technology\n"
    "Feb 2, 2024\n"
    "Magnetic tunnel junction device work is crowded. Every group has an MRAM paper and\n"
    "the reviewers are tired of them.\n"
    "\n"
    "https://scholarhub.example/post/Is_spintronics_still_a_good_PhD_topic     1/2\n"
    "\f2/1/24, 9:05 AM        Is spintronics still a good PhD topic? | ScholarHub\n"
    "\n"
    "Antiferromagnetic spintronics is wide open, very few people do the experi-\n"
    "ments well.\n"
    "Cite   2 Recommendations\n"
    "\n"
    "Join ScholarHub to find the people and research you need\n"
    "10+ million members\n"
    "\n"
    "Heli Aalto · Northern University\n"
    "Feb 3, 2024\n"
    "I disagree on MTJs: the industry side is still hiring.\n"
    "Cite   1 Recommendation\n"
    "\n"
    "Similar questions and discussions\n"
    "\n"
    "Is magnonics overcrowded?\n"
    "https://scholarhub.example/post/Is_spintronics_still_a_good_PhD_topic     2/2\n"
)


def test_printed_page_joins_words_and_pages_and_finds_scholars(tmp_path):
    page = ingest_page(tmp_path, "printed.txt", _PRINTED)
    assert _authors(page) == ["Oskar Lind", "Heli Aalto"]
    assert "for someone from physics?" in page.question
    first = page.answers[0].text
    # the answer runs on over the page break, its split word joined again
    assert "Antiferromagnetic spintronics is wide open" in first and "experiments well" in first
    text = published(page)
    assert "scholarhub.example" not in text and "10+ million" not in text and "magnonics" not in text


def test_hyphens_are_joined_only_in_pdftotext_output(tmp_path):
    text = ("Is robotics still worth it?\n\nAnswer by Ada Moss\nThe field is crowded at the well-\n"
            "known labs, but field robotics is open.\n\nAnswer by Ben Toor\nI agree with Ada.\n")
    page = ingest_page(tmp_path, "plain.txt", text)
    assert "crowded at the well-\nknown labs" in page.answers[0].text


# ------------------------------------------------------- podcast transcripts

_EPISODE = """\
Lab Notes Podcast — Episode 12: "Is quantum sensing the next big thing?"
Published May 1, 2024 · 41 min

Chapters
00:00 Welcome
02:10 Sponsor
04:30 Guests
19:45 Wrap-up

[00:00:05] Dana Brooks: Welcome to Lab Notes. Today we talk quantum sensing with two guests.

[00:02:10] Dana Brooks: A quick word from our sponsor. This episode is brought to you by PipetteBox, lab supplies delivered. Use code LAB for 10% off.

[00:04:30] Dana Brooks: Farid, you first.

[00:04:40] Farid Azizi: Quantum sensing for navigation is underrated; defence labs cannot hire fast enough.

[00:06:02] Elif Sahin: I partly disagree. NV-center magnetometry is crowded in academia.

[00:07:15] Farid Azizi: Fair, but the packaging side is wide open.

[00:08:40] Elif Sahin: Atomic clocks on chips are promising, I agree with that.

[00:19:45] Dana Brooks: Thanks both, see you next time.
"""


def test_transcript_drops_chapters_and_the_sponsor_spot_but_keeps_the_host(tmp_path):
    page = ingest_page(tmp_path, "episode.txt", _EPISODE)
    authors = set(_authors(page))
    assert {"Farid Azizi", "Elif Sahin"} <= authors
    assert "Sponsor" not in authors and "Welcome" not in authors
    text = published(page)
    assert "PipetteBox" not in text and "code LAB" not in text
    assert "Thanks both" in text  # the host's other turns stay


def test_furniture_rules_of_these_families():
    rules = load_rules().rules

    def rid(line: str) -> str | None:
        rule = match_rule(line, rules)
        return rule.id if rule else None

    assert rid("[Promoted] CareerBoost · Get a mock interview") == "promo:sponsored"
    assert rid("https://example.org/post/Some_title 3/7") == "print:footer"
    assert rid("2/1/24, 9:05 AM Some page title | Site") == "print:header"
    assert rid("2/1/24, 9:05 PM - Ana: see you at the lab") is None
    assert rid("Join ScholarHub to find the people and research you need") == "promo:join-interstitial"
    assert rid("Comment as Ana Ruiz") == "comments:form"
    assert rid("本回答被网友采纳") == "meta:qa-verdict"
    assert rid("Related episodes") == "related:heading"
    # prose is no furniture
    assert rid("I would join the lab to find out more about it, honestly.") is None


# ------------------------------------------------------------ web clips

_CLIP = """\
# 具身智能创业还来得及吗？（讨论存档）

| 属性 | 值 |
| --- | --- |
| Created | 2024年5月2日 21:40 |
| Created by | 小满的剪藏 |
| Tags | 机器人, 待读 |

> [!note] 📎 Clipped with a web clipper
> 评论只存了点赞最多的几条。

---

## 原帖

**机器人老K** · 5月1日 · 来自 硬科技圈

最近看了二十多个具身智能团队，越看越觉得整机赛道已经挤满了人，融资都集中在头部几家。

我的判断：人形整机基本是巨头和明星团队的游戏，小团队进去就是陪跑，这两年已经看到好几家撑不下去了。

但是灵巧手、触觉传感器这些零部件还缺人，懂硬件又懂学习的工程师非常少，我觉得是好机会。

大家怎么看？

> [!tip] 💡 我的笔记
> 老K的结论：整机别碰。我个人倾向先看零部件。——小满

---

## 热门评论

### 阿莱在深圳
5月1日 · 赞 40

整机确实卷，深圳这边一条街都是做机器人的，价格战已经开始了。

### 做灵巧手的Tim
5月2日 · 赞 22

同意老K，灵巧手这块客户排队，依然是蓝海。

## 待办
- [ ] 查一下灵巧手的供应商
"""


def test_web_clip_drops_properties_and_callouts(tmp_path):
    page = ingest_page(tmp_path, "clip.md", _CLIP)
    # the clipped post asks, so it is the thread's question; its comments are the answers
    assert _authors(page) == ["阿莱在深圳", "做灵巧手的Tim"]
    text = published(page)
    assert "小满的剪藏" not in text and "Clipped with" not in text and "我个人倾向先看零部件" not in text


_SHORT_OPENING = """\
读研选储能还是光伏？

**小禾** · 5月1日
本科能动，想问问大家，储能和光伏哪个好？

### 老周
5月1日 · 赞 12

储能这两年缺人，电池管理岗一直在招，我推荐储能。

### 阿燕
5月2日 · 赞 3

光伏组件产能过剩，价格战很凶，慎选。
"""


def test_a_short_asking_opening_post_stays_the_question(tmp_path):
    page = ingest_page(tmp_path, "ask.md", _SHORT_OPENING)
    assert "小禾" not in _authors(page)


# ----------------------------------------------------- blog and forum furniture

_BLOG_WITH_CARDS = """\
简记
首页

读博还是工作？一个过来人的想法

林间小溪
2023.06.01 20:00:00

我硕士毕业以后工作了三年，又回去读了博士，下面说说我的看法，仅供参考。

推荐阅读
读博五年：从风口到内卷
山下的阿木
阅读 2,108
转行数据分析经验贴
晚风与猫
阅读 13,020

全部评论
12

青柠不酸
3楼 2023.06.02 09:13
工作几年再读博确实更清楚自己要什么。
赞 3 回复

学长阿泽
5楼 2023.06.02 13:26
同意，直博的话容易迷茫。
赞 5 回复
"""


def test_a_related_list_takes_its_cards_of_title_author_and_counter(tmp_path):
    page = ingest_page(tmp_path, "blog.txt", _BLOG_WITH_CARDS)
    authors = _authors(page)
    assert "青柠不酸" in authors and "学长阿泽" in authors
    assert "山下的阿木" not in authors and "晚风与猫" not in authors
    assert "转行数据分析经验贴" not in published(page)


def test_board_rule_notices_and_newsletter_boxes_are_furniture():
    from discourse.headers import load_headers

    texts = load_headers().bot_texts
    assert texts.search("提醒您，本板禁止张贴个人资料，请遵守板规。")
    assert texts.search("【温馨提示】本帖已加入专题，违者封禁。")
    assert texts.search("想入门？私信领取资料包")
    assert not texts.search("我觉得这个板块的规矩挺好的。")
    rules = load_rules().rules
    rule = match_rule("Liked this? Get new posts by email. Subscribe", rules)
    assert rule is not None and rule.id == "promo:newsletter-box"
