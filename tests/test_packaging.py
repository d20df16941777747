"""``.ci/oldest.txt``, the oldest set ``make test`` installs, is pyproject.toml's lower bounds."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def lower_bounds() -> dict[str, Version]:
    """Each requirement of the package and its extras that has a ``>=`` bound, by name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    bounds: dict[str, Version] = {}
    for line in lines:
        req = Requirement(line)
        for spec in req.specifier:
            if spec.operator == ">=":
                bounds[req.name.lower()] = Version(spec.version)
    return bounds


def oldest_pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / ".ci" / "oldest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = Version(version)
    return pins


def test_oldest_set_pins_every_lower_bound() -> None:
    bounds = lower_bounds()
    assert "mkdocs-material" in bounds and "pymdown-extensions" in bounds
    assert oldest_pins() == bounds


def test_oldest_python_is_the_one_the_makefile_prefers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    oldest = project["requires-python"].removeprefix(">=")
    assert f"python{oldest} -c ''" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"Python ≥ {oldest}" in (ROOT / "README.md").read_text(encoding="utf-8")
