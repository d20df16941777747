"""The README's GitHub Pages workflow (``examples/github-pages.yml``) builds the example graph.

The build job's ``run:`` steps are executed as written, with bash, in a copy of this
repository's layout (``mkdocs.yml`` beside the example graph) and a fresh virtual
environment standing in for ``actions/setup-python``. One substitution: the workflow's
``PLUGIN`` (what pip installs, ``mkdocs-logseq``) is this checkout, so the install step
installs the code under test, with MkDocs, Material and the rest from the package index."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "github-pages.yml"


def workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_readme_shows_the_workflow_file_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(# \.github/workflows/publish\.yml.*?)```", readme, re.S)
    assert blocks == [WORKFLOW.read_text(encoding="utf-8")]


def test_workflow_deploys_the_built_site_to_github_pages() -> None:
    flow = workflow()
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = flow["jobs"]["build"]["steps"]
    upload = [s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert upload == [build[-1]] and upload[0]["with"]["path"] == "site"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    runs = [s["run"] for s in build if "run" in s]
    assert any("mkdocs build --strict" in r for r in runs)


@pytest.mark.publish
def test_workflow_build_steps_build_the_example_graph(tmp_path: Path) -> None:
    flow = workflow()
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "example_site", repo / "example_site")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    env.update({str(k): str(v) for k, v in flow.get("env", {}).items()})
    assert env["PLUGIN"] == "mkdocs-logseq"
    env["PLUGIN"] = str(ROOT)  # the substitution: this checkout, not the published package
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    steps = [s for s in flow["jobs"]["build"]["steps"] if "run" in s]
    assert len(steps) == 2
    for step in steps:
        done = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", step["run"]],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"{step.get('name')}:\n{done.stdout}\n{done.stderr}"
    site = repo / "site"
    assert (site / "index.html").is_file()
    assert "预训练语言模型" in (site / "index.html").read_text(encoding="utf-8")
    for page in ("bert", "transformer", "all-pages", "graph-view"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "_logseq" / "graph.json").is_file()
    assert "私人笔记" not in (site / "_logseq" / "graph.json").read_text(encoding="utf-8")
