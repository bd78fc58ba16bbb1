"""Translators that spread the folder job's work over other processes or machines."""
