"""The default settings never touch the network: a run with every socket blocked succeeds."""
from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from discourse.config import load_settings
from discourse.pipeline import run

from test_determinism import write_small_corpus


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way to reach another host raises, and each attempt is recorded."""
    attempts: list[str] = []

    def refuse(name):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkUsed(f"network access attempted: {name}")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    # the conftest sets HF_HUB_OFFLINE; the default path must not need it
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    return attempts


def test_the_block_really_blocks(no_network):
    with pytest.raises(NetworkUsed):
        socket.create_connection(("pypi.org", 443), timeout=1)
    assert no_network


@pytest.mark.slow
def test_default_run_uses_no_network(no_network, tmp_path):
    write_small_corpus(tmp_path / "corpus")  # the working directory is tmp_path (conftest)
    settings = load_settings(None, {"quiet": True})
    assert settings.model == "bundled"
    result = run(settings)
    assert no_network == []
    summary = json.loads((Path("reports") / "summary.json").read_text("utf-8"))
    assert summary["corpus"]["answers"] == 6 and summary["run"]["embedded_new"] > 0
    assert result.report.resolve() == (tmp_path / "reports" / "index.html").resolve()
