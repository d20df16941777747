"""Problems found in the content: each names the file and line; the build goes on."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One warning about the graph's content."""

    message: str
    file: str
    line: int

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class Diagnostics:
    """Collects problems once each, in the order found."""

    problems: list[Problem] = field(default_factory=list)
    _seen: set[Problem] = field(default_factory=set)
    record: list[Problem] | None = None
    """When set, every problem told is also added here, a repeat too."""

    def warn(self, message: str, file: str, line: int = 0) -> None:
        problem = Problem(message, file, line)
        if self.record is not None:
            self.record.append(problem)
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)

    def reorder(self, start: int, found: list[Problem]) -> None:
        """The problems from ``start`` on become ``found`` (once each, in that order, but
        for those told before ``start``): for work done out of order, told in order."""
        before = self.problems[:start]
        self._seen = set(before)
        self.problems = before
        for problem in found:
            if problem not in self._seen:
                self._seen.add(problem)
                self.problems.append(problem)
