"""The exceptions discourse raises for fatal conditions.

A bad document is never one of these: stages record it as `Rejected` and go
on. These are for conditions where the run cannot continue; the CLI turns
them into a one-line message and a non-zero exit code.
"""
from __future__ import annotations


class DiscourseError(Exception):
    """Root of every fatal discourse error. The message says how to fix it."""

    exit_code = 1


class ConfigError(DiscourseError):
    """The settings are invalid or contradict each other."""

    exit_code = 2


class CorpusNotFound(DiscourseError):
    """The corpus folder does not exist or holds no readable files."""

    exit_code = 2


class ModelUnavailable(DiscourseError):
    """The embedding model cannot be loaded (missing package, path or weights)."""

    exit_code = 3


class StoreError(DiscourseError):
    """The store cannot be opened or written (locked, corrupt, wrong schema)."""

    exit_code = 4


class StoreBusy(StoreError):
    """Another run holds the store's lock."""

    exit_code = 5
