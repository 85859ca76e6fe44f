"""Write the machine-readable results: `summary.json` and three CSV tables.

Everything here is published, so every string goes through
`privacy.redact` once more even though the pipeline redacts contact details
upstream: a leak costs far more than a second pass. Files are written to a
temporary name in the target folder and renamed into place, so a reader (or
a crashed run) never sees half a file.
"""
from __future__ import annotations

import glob
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from discourse import privacy
from discourse.api import frames

# Keys whose values are content hashes or slugs, not prose: redaction must not
# touch them (a hex hash can hold a digit run that looks like a QQ number) or
# the links between answers, stances and anchors would break.
ID_KEYS = frozenset({"id", "answer_id", "page_id", "direction", "schema"})

# Excel only detects UTF-8 when the file starts with a BOM; without it Chinese is mojibake.
CSV_ENCODING = "utf-8-sig"

# Permissions of a newly written report file (rw-r--r--).
PUBLISHED_MODE = 0o644

# List-valued columns are joined with this separator in the CSVs.
LIST_SEPARATOR = " | "

_CSV_TABLES: dict[str, tuple[str, ...]] = {
    # file name -> columns dropped because they do not fit a flat table
    "directions.csv": ("evidence",),
    "stances.csv": (),
    "answers.csv": (),
}


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep_orphans(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        # mkstemp creates 0600; a report is meant to be read (and served) by others.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else PUBLISHED_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # A failed write must not leave a stray temp file next to the reports.
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _sweep_orphans(path: Path) -> None:
    """Remove temp files of `path` left by a process that no longer exists.

    A run killed between creating its temp file and the rename (SIGKILL, power
    cut) cannot clean up after itself; the next write does. The writer's pid is
    in the name, so a temp file of a run still writing is left alone.
    """
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def redact_tree(value: Any, key: str | None = None) -> Any:
    """A copy of a JSON-like value with every prose string passed through `privacy.redact`."""
    if isinstance(value, str):
        return value if key in ID_KEYS else privacy.redact(value)
    if isinstance(value, Mapping):
        return {k: redact_tree(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_tree(v, key) for v in value]
    return value


def publishable(summary: Mapping, keep_contacts: bool = False) -> Any:
    """The summary as it may be published: redacted unless the user opted out (`keep_contacts`)."""
    return summary if keep_contacts else redact_tree(summary)


def write_summary(summary: Mapping, out_dir: Path, *, keep_contacts: bool = False) -> Path:
    """Write `out_dir/summary.json` (UTF-8, not ASCII-escaped, keys in schema order).

    Contact details are redacted unless `keep_contacts` (the setting of the same name) is set.
    """
    text = json.dumps(publishable(summary, keep_contacts), ensure_ascii=False, indent=2, sort_keys=False)
    return write_atomic(Path(out_dir) / "summary.json", (text + "\n").encode("utf-8"))


def write_exports(summary: Mapping, out_dir: Path, *, keep_contacts: bool = False) -> list[Path]:
    """Write `directions.csv`, `stances.csv` and `answers.csv` into `out_dir`.

    The CSVs carry a BOM so that Excel opens Chinese text correctly; list
    columns (aliases, cues) are joined with " | ". Contact details are
    redacted unless `keep_contacts` is set.
    """
    tables = frames(publishable(summary, keep_contacts))
    by_file = {
        "directions.csv": tables["directions"],
        "stances.csv": tables["stances"],
        "answers.csv": tables["answers"],
    }
    written = []
    for name, df in by_file.items():
        flat = _flatten(df.drop(columns=[c for c in _CSV_TABLES[name] if c in df.columns]))
        data = flat.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING)
        written.append(write_atomic(Path(out_dir) / name, data))
    return written


def _flatten(df: pd.DataFrame) -> pd.DataFrame:
    """Join list cells into one string and serialise dict cells as JSON, for a flat CSV."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype != object:
            continue
        out[col] = out[col].map(_cell)
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value
