"""Progress reporting: rich bars on a terminal, silence otherwise."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator


class Progress:
    """Stage messages and bars; quiet when not attached to a terminal or asked to be."""

    def __init__(self, quiet: bool = False) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self._rich = None
        if self.enabled:
            from rich.console import Console

            self._console = Console(stderr=True)

    def note(self, message: str) -> None:
        if self.enabled:
            self._console.print(f"[dim]·[/dim] {message}")

    @contextmanager
    def bar(self, label: str, total: int) -> Iterator[Callable[[int], None]]:
        """Yields advance(n); a no-op when progress is off or the job is tiny."""
        if not self.enabled or total <= 0:
            yield lambda n: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TimeRemainingColumn

        with RichProgress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=self._console, transient=True) as p:
            task = p.add_task(label, total=total)
            yield lambda n: p.advance(task, n)


def warn(message: str) -> None:
    """A warning line on stderr (always shown: bad files must not pass unnoticed)."""
    print(f"warning: {message}", file=sys.stderr)
