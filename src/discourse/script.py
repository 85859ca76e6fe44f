"""Which characters are Han (Chinese) characters: one definition for every stage."""
from __future__ import annotations

import re

# CJK Unified Ideographs with Extension A, the compatibility block and the
# supplementary planes' extensions (B onwards)
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN = re.compile(f"[{HAN_RANGES}]")
