"""Reading a Logseq graph folder into the model. Pure: nothing here imports MkDocs."""
