"""Layered settings: packaged defaults, then the user's TOML file, then CLI flags.

Validated once into a frozen `Settings`; contradictions are rejected before
any work starts.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .datafiles import read_data
from .errors import ConfigError

USER_CONFIG = "discourse.toml"


@dataclass(frozen=True)
class Settings:
    corpus: Path
    out: Path
    store: Path
    model: str = "bundled"
    topics: int = 0
    seed: int = 42
    lang: str = "auto"
    keep_contacts: bool = False
    lexicons: tuple[Path, ...] = ()
    passage_chars: int = 400
    embed_chars: int = 400
    wait: float = 0.0
    quiet: bool = False
    stance_classifier: bool = False

    def public(self) -> dict[str, Any]:
        """The settings that change the output, for summary.json and cache keys."""
        return {
            "model": self.model,
            "topics": self.topics or "auto",
            "seed": self.seed,
            "lang": self.lang,
            "keep_contacts": self.keep_contacts,
            "lexicons": [str(p) for p in self.lexicons],
            "passage_chars": self.passage_chars,
            "embed_chars": self.embed_chars,
            "stance_classifier": self.stance_classifier,
        }


def _defaults() -> dict[str, Any]:
    text = read_data("defaults.toml")
    return tomllib.loads(text)


def _read_user(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc


def load_settings(config: Path | None = None, overrides: Mapping[str, Any] | None = None,
                  *, cwd: Path | None = None) -> Settings:
    """Merge defaults, the user's file and overrides (None values are ignored)."""
    cwd = cwd or Path.cwd()
    values = _defaults()
    known = set(values) | {"quiet"}
    layers: list[tuple[str, Mapping[str, Any]]] = []
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"config file {config} does not exist")
        layers.append((str(config), _read_user(config)))
    elif (cwd / USER_CONFIG).is_file():
        layers.append((USER_CONFIG, _read_user(cwd / USER_CONFIG)))
    layers.append(("command line", {k: v for k, v in (overrides or {}).items() if v is not None}))
    for origin, layer in layers:
        unknown = sorted(set(layer) - known)
        if unknown:
            raise ConfigError(f"{origin}: unknown setting(s) {', '.join(unknown)}; "
                              f"known: {', '.join(sorted(known))}")
        values.update(layer)
    return _validate(values, cwd)


def _validate(v: dict[str, Any], cwd: Path) -> Settings:
    def path(key: str) -> Path:
        p = Path(str(v[key])).expanduser()
        return p if p.is_absolute() else cwd / p

    for key, kind in (("topics", int), ("seed", int), ("passage_chars", int), ("embed_chars", int)):
        if not isinstance(v[key], kind) or isinstance(v[key], bool):
            raise ConfigError(f"setting {key} must be an integer, got {v[key]!r}")
    if v["topics"] < 0:
        raise ConfigError("setting topics must be 0 (automatic) or a positive number of topics")
    if not 50 <= v["passage_chars"] <= 4000:
        raise ConfigError("setting passage_chars must be between 50 and 4000 characters")
    if v["embed_chars"] < 0:
        raise ConfigError("setting embed_chars must be 0 (the whole answer) or a number of characters")
    if v["lang"] not in ("auto", "zh", "en"):
        raise ConfigError(f"setting lang must be auto, zh or en, got {v['lang']!r}")
    if not isinstance(v["model"], str) or not v["model"].strip():
        raise ConfigError("setting model must be 'bundled' or a sentence-transformers model name/path")
    lexicons = v["lexicons"]
    if isinstance(lexicons, str):
        lexicons = [lexicons]
    corpus = path("corpus")
    out = path("out")
    store = path("store") if v["store"] else corpus.parent / ".discourse"
    if out.resolve() == corpus.resolve():
        raise ConfigError("the output folder must differ from the corpus folder "
                          "(discourse never writes into the corpus)")
    return Settings(
        corpus=corpus, out=out, store=store, model=v["model"].strip(), topics=v["topics"],
        seed=v["seed"], lang=v["lang"], keep_contacts=bool(v["keep_contacts"]),
        lexicons=tuple((Path(p) if Path(p).is_absolute() else cwd / p) for p in lexicons),
        passage_chars=v["passage_chars"], embed_chars=v["embed_chars"], wait=float(v["wait"]), quiet=bool(v.get("quiet", False)),
        stance_classifier=bool(v["stance_classifier"]),
    )
