"""``kabar translate-dir``: the folder job, its manifest and its report."""
