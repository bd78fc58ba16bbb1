"""The folder job's document formats: one module per format, each declaring its suffixes."""
