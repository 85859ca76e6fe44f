"""Redact contact details from text that will be published in a report.

Scraped pages carry e-mail addresses, phone, QQ and WeChat numbers of
authors and site owners. `redact` replaces them with placeholders and leaves
every other number alone: years, arXiv ids (2105.14203), percentages, model
sizes and anything inside a URL (zhihu answer ids are 10-digit numbers).
"""
from __future__ import annotations

import re

# re.ASCII throughout: with Unicode \w a number glued to Chinese text (`电话13812345678`)
# would have no word boundary.
# URLs are copied through untouched: their numeric paths are ids, not phones.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。、）)]+", re.IGNORECASE)

# Before QQ: `78799268@qq.com` is an address, not a QQ number.
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# `QQ:78799268`, `QQ号 12345678`, `qq群: 123456, 654321`, `QQ交流群：…` (QQ numbers have 5-11 digits).
_QQ = re.compile(
    r"(?P<label>\bQQ\s*(?:号码|号|交流群|群号|群)?\s*[:：]?\s*)"
    r"(?P<number>[1-9]\d{4,10}(?:\s*[,，、/]\s*[1-9]\d{4,10})*)(?!\d)",
    re.IGNORECASE | re.ASCII,
)

# `微信:abc_123`, `微信号：wxid_x`, `WeChat: foo-bar`, `添加小助手微信(ID : cvmart4)`.
# WeChat ids are 6-20 letters, digits, '-' or '_' starting with a letter, or a phone number.
_WECHAT = re.compile(
    r"(?P<label>(?:微信号?|WeChat(?:\s*ID)?|vx|v信)\s*[(（]?\s*(?:ID|号)?\s*[:：]\s*)"
    r"(?P<id>[A-Za-z][-_A-Za-z0-9]{5,19}|\+?\d[\d -]{5,16}\d)(?![-_A-Za-z0-9])",
    re.IGNORECASE | re.ASCII,
)

# Chinese mobiles: 1[3-9] and 9 more digits, optionally +86 and 3-4-4 separators.
_MOBILE = re.compile(r"(?<![\w.+/-])(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\w|\.\d|%)", re.ASCII)
# Landlines with an area code: 010-12345678, (0755) 1234567, 0755-1234-5678.
_LANDLINE = re.compile(r"(?<![\w.+/-])(?:\(0\d{2,3}\)\s?|0\d{2,3}[\s-])\d{3,4}-?\d{4}(?!\w|\.\d|%)", re.ASCII)
# International numbers must start with '+': +1 415 555 0100, +44 (20) 7946 0958.
_INTERNATIONAL = re.compile(r"(?<![\w+])\+[1-9]\d{0,2}(?:[\s-]?\(?\d{1,4}\)?){1,5}(?!\w|\.\d|%)", re.ASCII)


def redact(text: str) -> str:
    """`text` with e-mail addresses, phone, QQ and WeChat numbers replaced.

    Placeholders: `[email]`, `[phone]`, `[qq]` and `[wechat]` (the label before
    a QQ or WeChat number is kept: `QQ:[qq]`, `微信:[wechat]`).
    """
    out: list[str] = []
    last = 0
    for url in _URL.finditer(text):
        out.append(_redact_plain(text[last:url.start()]))
        out.append(url.group(0))
        last = url.end()
    out.append(_redact_plain(text[last:]))
    return "".join(out)


def _redact_plain(text: str) -> str:
    """Redact a stretch of text that holds no URL."""
    text = _EMAIL.sub("[email]", text)
    text = _QQ.sub(lambda m: m.group("label") + "[qq]", text)
    text = _WECHAT.sub(lambda m: m.group("label") + "[wechat]", text)
    text = _MOBILE.sub("[phone]", text)
    text = _LANDLINE.sub("[phone]", text)
    return _INTERNATIONAL.sub(_international, text)


def _international(match: re.Match[str]) -> str:
    # 8-15 digits (E.164); fewer is a score or a version like '+1 2'.
    digits = sum(c.isdigit() for c in match.group(0))
    return "[phone]" if 8 <= digits <= 15 else match.group(0)
