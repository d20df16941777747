"""mkdocs-logseq: publish a Logseq graph as a Material for MkDocs site.

The package reads in three stages, one sub-package each:

* ``parse``  – a Logseq graph folder -> the model (pages, blocks, references); pure Python.
* ``render`` – the model -> Markdown pages for MkDocs; pure Python.
* ``plugin`` – the thin MkDocs glue that drives both from MkDocs events.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
