"""Feeds (.xml), telnet BBS captures with ANSI codes, and scraper exports of a note
with its comments: the shapes read as threads of answers with their authors."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import by_author, ingest_file, ingest_page, published

from discourse.normalize import clean_line

ESC = "\x1b"


# -- ANSI terminal escapes ----------------------------------------------------------

def test_ansi_escapes_and_their_leftovers_are_removed() -> None:
    assert clean_line(f"{ESC}[1;32m 欢迎光临 {ESC}[m  {ESC}[0;33m[Career]{ESC}[m 版") == "欢迎光临 [Career] 版"
    assert clean_line(f"{ESC}[2;1H{ESC}[K屏幕") == "屏幕"
    assert clean_line("签名一行 [m") == "签名一行"  # the ESC byte lost, the debris left
    assert clean_line("[1;31m红字[m") == "红字"
    # a bracket of text is not a sequence
    assert clean_line("选项 [m] 和 [5m]") == "选项 [m] 和 [5m]"
    assert clean_line("[mixed] results") == "[mixed] results"


TELNET = f"""\
{ESC}[1;44;37m 同主题阅读 {ESC}[m  {ESC}[1;33m[Robotics]{ESC}[m 机器人版   版主: boardkeeper
作  者: qiu_ming (秋明)                         版  面: Robotics
标  题: [讨论] 机器人方向读博还是工作?
时  间: 2024年05月02日 10:11:12 星期四
────────────────────────────────
硕士快毕业了,具身智能和传统控制,哪个方向更值得读博?

--
※ 来源:·某某BBS bbs.somewhere.example·[FROM: 10.1.*.*]
{ESC}[7m[阅读文章] 回信 R │ 结束 Q,← │上一篇 ↑│下一篇 <Space>{ESC}[m

作  者: tie_hand (铁手)                         版  面: Robotics
标  题: Re: [讨论] 机器人方向读博还是工作?
时  间: 2024年05月02日 11:20:01 星期四
────────────────────────────────
具身智能现在人人都在做,已经是红海了,读博要想清楚。

--
{ESC}[1;36m 人生苦短 我用示波器 {ESC}[m
※ 来源:·某某BBS bbs.somewhere.example·[FROM: 10.2.*.*]
{ESC}[7m[阅读文章] 回信 R │ 结束 Q,← │上一篇 ↑│下一篇 <Space>{ESC}[m

作  者: pid_master (调参侠)                     版  面: Robotics
标  题: Re: [讨论] 机器人方向读博还是工作?
时  间: 2024年05月02日 12:05:44 星期四
────────────────────────────────
传统控制反而缺人,懂底层的博士很好找工作。

--
※ 来源:·某某BBS bbs.somewhere.example·[FROM: 10.3.*.*]
"""


def test_telnet_capture_with_ansi_codes_splits_on_spaced_author_headers(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "bbs.txt", TELNET.encode("gbk"))
    by = by_author(page)
    assert "机器人方向读博还是工作" in page.question
    assert "tie_hand" in by and "pid_master" in by
    assert "已经是红海了" in by["tie_hand"] and "传统控制反而缺人" in by["pid_master"]
    assert "[m" not in published(page) and "作 者" not in published(page)


# -- RSS / Atom feeds ---------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Comments on: 數學系轉行做精算還值得嗎</title>
  <link>https://blog.example/actuary/</link>
  <item>
    <title>By: 小熊軟糖</title>
    <dc:creator><![CDATA[小熊軟糖]]></dc:creator>
    <description><![CDATA[精算考照的人越來越多[&#8230;]]]></description>
    <content:encoded><![CDATA[<p>精算考照的人越來越多，初階職缺已經飽和了。</p><p>不過保險科技那塊還在找人。</p>]]></content:encoded>
  </item>
  <item>
    <title>By: 別處部落格 &#187; 轉行清單</title>
    <dc:creator><![CDATA[別處部落格 &#187; 轉行清單]]></dc:creator>
    <content:encoded><![CDATA[<p>[&#8230;] 延伸閱讀：精算是藍海嗎？ [&#8230;]</p>]]></content:encoded>
  </item>
  <item>
    <title>By: 阿遠</title>
    <dc:creator><![CDATA[阿遠]]></dc:creator>
    <description><![CDATA[我在壽險公司做了三年&#8230;]]></description>
  </item>
</channel>
</rss>
"""


def test_comment_feed_in_a_multibyte_encoding_reads_one_answer_per_item(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "feed.xml", RSS.format(enc="Big5").encode("big5"))
    by = by_author(page)
    assert page.question.startswith("数学系转行做精算")  # the feed's wording gone, simplified
    assert set(by) == {"小熊软糖", "阿远"}  # the pingback is no answer
    assert "保险科技那块还在找人" in by["小熊软糖"] and "<p>" not in by["小熊软糖"]
    assert "壽險" not in by["阿远"] and "三年" in by["阿远"]  # description when no full text
    assert "延伸阅读" not in published(page)


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>「量化交易入门」的留言</title>
  <entry><title>re</title><author><name>Lina</name></author>
    <content type="html">&lt;p&gt;高频已经是红海了。&lt;/p&gt;</content></entry>
  <entry><title>re</title><author><name>老K</name></author>
    <summary>中低频还有机会。</summary></entry>
</feed>
"""


def test_atom_feed_entries_are_answers_under_the_feed_title(tmp_path: Path) -> None:
    page = ingest_page(tmp_path, "atom.xml", ATOM)
    assert page.question == "量化交易入门"
    assert by_author(page) == {"Lina": "高频已经是红海了。", "老K": "中低频还有机会。"}


def test_xml_that_is_no_feed_is_rejected_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    pages, rejected = ingest_file(tmp_path, "sitemap.xml", "<urlset><url><loc>x</loc></url></urlset>")
    assert pages == [] and len(rejected) == 1
    assert "not an RSS or Atom feed" in rejected[0].reason
    pages, rejected = ingest_file(tmp_path / "other", "broken.xml", "<rss><channel><item>")
    assert pages == [] and "malformed XML" in rejected[0].reason


# -- a note and its comments from a scraper export ----------------------------------

def test_note_export_comments_join_the_note_and_ads_and_notices_drop(tmp_path: Path) -> None:
    rows = [
        {"record_type": "note", "title": "转码学嵌入式还是前端?", "desc": "前端岗位少了很多,嵌入式好像还缺人",
         "user": {"nickname": "椰子糖"}},
        {"record_type": "comment", "content": "前端真的卷,我投了一百家", "user": {"nickname": "阿豪"}},
        {"record_type": "comment", "content": "【社区提醒】请文明交流,保护个人隐私", "user": {"nickname": "社区君"}},
        {"record_type": "comment", "is_ad": True, "content": "嵌入式蓝海,报班包就业", "user": {"nickname": "某训练营"}},
        {"record_type": "sub_comment", "content": "嵌入式要懂硬件,门槛高所以缺人", "user": {"nickname": "椰子糖"}},
        {"record_type": "related_note", "title": "前端已死?", "desc": "前端是红海", "user": {"nickname": "别人"}},
        {"record_type": "related_note", "title": "嵌入式是蓝海吗?", "user": {"nickname": "另一人"}},
    ]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    pages, rejected = ingest_file(tmp_path, "note.jsonl", text)
    assert rejected == []
    (page,) = [p for p in pages if p.answers]
    assert page.question == "转码学嵌入式还是前端?"
    assert set(by_author(page)) == {"椰子糖", "阿豪"}
    assert "嵌入式要懂硬件" in by_author(page)["椰子糖"]
    assert "报班" not in published(page) and "社区提醒" not in published(page)
