"""MkDocs glue for the graph folder's files: MkDocs' rules as plain data for ``parse``,
and which of the files MkDocs found in ``docs_dir`` stay in the site.

Only what is published is copied: the assets published pages use (or, with
``copy_assets: all``, the files under ``assets/``), the files ``extra_files`` names and
the files ``mkdocs.yml`` itself names (``extra_css``, ``extra_javascript``,
``extra_templates``, the theme's ``logo`` and ``favicon``). The folders left to MkDocs
(``skip_dirs``, Material's blog) keep their files, except links leaving the graph.
Every other file of the graph stays out of the site.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

import pathspec
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions

from .parse.diagnostics import Diagnostics
from .parse.files import FileRules, GraphFiles, in_dirs, is_page_file, readable_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

LEVELS = {
    InclusionLevel.EXCLUDED: "excluded",
    InclusionLevel.DRAFT: "draft",
    InclusionLevel.NOT_IN_NAV: "not_in_nav",
}


def file_rules(
    config: MkDocsConfig, skip_dirs: list[str], preview: bool, diagnostics: Diagnostics
) -> FileRules:
    """MkDocs' ``exclude_docs`` (with its defaults), ``draft_docs`` and ``not_in_nav``
    applied to graph-relative paths as MkDocs applies them to its own files; the folders
    left to MkDocs."""

    def classify(rel: str) -> tuple[str, str] | None:
        file = File(rel, config.docs_dir, config.site_dir, config.use_directory_urls)
        set_exclusions([file], config)
        level = LEVELS.get(file.inclusion)
        if level is None:
            return None
        if level == "excluded":
            user = config.exclude_docs
            if user is not None and user.match_file(rel):
                why = "excluded by exclude_docs"
            elif is_page_file(rel):
                return None  # MkDocs' default '.*' and /templates/ are not the graph's rules
            else:
                why = "MkDocs leaves out names starting with '.' and the folder /templates/"
        else:
            why = "a draft (draft_docs)" if level == "draft" else "not_in_nav"
        return level, why

    return FileRules(classify, preview, tuple(left_to_mkdocs(config, skip_dirs, diagnostics)))


def left_to_mkdocs(
    config: MkDocsConfig, skip_dirs: list[str], diagnostics: Diagnostics
) -> list[str]:
    """Graph-relative folders the plugin leaves alone: the ``skip_dirs`` option and the
    ``blog_dir`` of each blog plugin configured (Material's, default ``blog``)."""
    wanted = [(d, "skip_dirs") for d in skip_dirs]
    wanted.extend((d, f"the {name} plugin's blog_dir") for name, d in blog_dirs(config))
    out: list[str] = []
    for folder, source in wanted:
        clean = posixpath.normpath(folder.replace("\\", "/")).strip("/")
        if clean in ("", ".") or clean.startswith(".."):
            diagnostics.warn(
                f"{source} '{folder}' is not a folder inside the graph; the plugin reads the "
                "graph there as usual",
                "mkdocs.yml",
            )
            continue
        if clean not in out:
            out.append(clean)
    return out


def blog_dirs(config: MkDocsConfig) -> list[tuple[str, str]]:
    """(plugin name, ``blog_dir``) of each blog plugin configured and enabled."""
    out = []
    for name, plugin in config.plugins.items():
        blog_dir = getattr(getattr(plugin, "config", None), "blog_dir", None)
        if isinstance(blog_dir, str) and getattr(plugin.config, "enabled", True):
            out.append((name, blog_dir))
    return out


def nav_entries(config: MkDocsConfig, files: Files, skip_dirs: tuple[str, ...]) -> list[str]:
    """The index pages of the folders left to MkDocs, for the compact navigation: a blog's
    (its plugin makes one if there is none) and any other folder's ``index.md``."""
    blogs = {posixpath.normpath(d).strip("/") for _, d in blog_dirs(config)}
    out = []
    for folder in skip_dirs:
        index = f"{folder}/index.md"
        if folder in blogs or files.get_file_from_path(index) is not None:
            out.append(index)
    return out


def named_by_config(config: MkDocsConfig) -> set[str]:
    """The docs_dir files ``mkdocs.yml`` names: extra CSS, JavaScript and templates, the
    theme's logo and favicon."""
    names: set[str] = set()
    for item in [*config.extra_css, *config.extra_javascript, *config.extra_templates]:
        names.add(str(getattr(item, "path", item)))
    for key in ("logo", "favicon"):
        value = config.theme.get(key)
        if isinstance(value, str):
            names.add(value)
    return {posixpath.normpath(n).lstrip("/") for n in names if "://" not in n}


def keep_files(
    files: Files,
    config: MkDocsConfig,
    graph_files: GraphFiles,
    assets: set[str],
    extra_files: list[str],
) -> None:
    """Remove from ``files`` every file of the graph folder that is not to be published
    (see the module's docstring); a link leaving the graph, or a file that cannot be
    read, is a warning naming it."""
    docs_dir = Path(config.docs_dir).resolve()
    extra = pathspec.GitIgnoreSpec.from_lines(extra_files) if extra_files else None
    named = named_by_config(config)
    for file in list(files):
        if file.src_dir is None or Path(file.src_dir).resolve() != docs_dir:
            continue  # theme files and other plugins' files
        problem = _fate(file.src_uri, graph_files, assets, named, extra)
        if problem:
            _drop(files, file, graph_files, problem)
        elif problem is not None:
            files.remove(file)


def _fate(
    uri: str,
    graph_files: GraphFiles,
    assets: set[str],
    named: set[str],
    extra: pathspec.GitIgnoreSpec | None,
) -> str | None:
    """What becomes of the graph folder's file ``uri``: None, it is published; "", it is
    left out on purpose; else why it may not be published (left out with a warning). A
    file of the folders left to MkDocs, an asset a page uses (checked when the page was
    rendered) and a file ``mkdocs.yml`` names or ``extra_files`` matches is published."""
    if in_dirs(uri, graph_files.rules.skip_dirs):
        return graph_files.unusable(uri)
    page_file = is_page_file(uri)
    if uri in assets and not page_file:
        return None
    if not page_file and (uri in named or (extra and extra.match_file(uri))):
        problem = graph_files.publish_problem(uri)
        if problem is None or graph_files.withheld(uri) is None:
            return problem
    return ""


def _graph_folder_output(uri: str, graph_files: GraphFiles) -> str | None:
    """What the graph folder's file ``uri`` is in the site, if it is copied there: a file of
    a folder left to MkDocs, or a file of the graph that may be copied."""
    if in_dirs(uri, graph_files.rules.skip_dirs):
        return "a file left to MkDocs"
    if not is_page_file(uri) and graph_files.publish_problem(uri) is None:
        return "a file of the graph"
    return None


def _drop(files: Files, file: File, graph_files: GraphFiles, problem: str) -> None:
    files.remove(file)
    shown = readable_path(file.src_uri)
    graph_files.diagnostics.warn(f"this file {problem}; not published", shown)


def inclusion(graph_files: GraphFiles, rel: str | None, in_nav: bool) -> InclusionLevel:
    """The inclusion level of the site page made from graph file ``rel`` (None: a generated
    page): a draft while previewing, ``not_in_nav`` as the rules say or when the compact
    navigation leaves it out, else included (set here, so that MkDocs does not apply
    its patterns to the page's generated path)."""
    if graph_files.is_draft(rel):
        return InclusionLevel.DRAFT
    if not in_nav or graph_files.not_in_nav(rel):
        return InclusionLevel.NOT_IN_NAV
    return InclusionLevel.INCLUDED


def reserved_outputs(files: Files, config: MkDocsConfig, graph_files: GraphFiles) -> dict[str, str]:
    """The files the site writes besides the graph's pages (output path -> what it is),
    which no page may take: the theme's files and static templates (``404.html``, MkDocs'
    ``sitemap.xml``, found in the theme at build time), ``extra_templates``, other plugins'
    files, the files of the folders left to MkDocs, and the graph's files that may be
    copied. (The plugin's own files are under ``_logseq/``, where no page path starts.)"""
    docs_dir = Path(config.docs_dir).resolve()
    theme_dirs = {Path(d).resolve() for d in config.theme.dirs}
    folders: dict[str | None, Path | None] = {}
    out: dict[str, str] = {}
    for file in files:
        if file.src_dir not in folders:
            folders[file.src_dir] = Path(file.src_dir).resolve() if file.src_dir else None
        src = folders[file.src_dir]
        if src != docs_dir:
            out[file.dest_uri] = "a file of the theme" if src in theme_dirs else "a plugin's file"
            continue
        owner = _graph_folder_output(file.src_uri, graph_files)
        if owner is not None:
            out[file.dest_uri] = owner
    for name in sorted(config.theme.static_templates):
        out[name] = "a page of the theme"
    for name in config.extra_templates:
        out[name] = "an extra template of mkdocs.yml"
    return out
