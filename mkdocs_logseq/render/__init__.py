"""The model -> Markdown pages for MkDocs. Pure: nothing here imports MkDocs."""
