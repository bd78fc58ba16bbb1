"""``python -m kabar``: the same command line as the ``kabar`` console script."""

from kabar.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
