"""``kabar translate-dir``: the folder job (``job``), its round planner, ledger, states,
manifest, checkpoints and report."""
