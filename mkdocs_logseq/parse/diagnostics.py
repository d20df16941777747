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

    def warn(self, message: str, file: str, line: int = 0) -> None:
        problem = Problem(message, file, line)
        if problem not in self._seen:
            self._seen.add(problem)
            self.problems.append(problem)
