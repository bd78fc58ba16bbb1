"""The ``kabar`` console script (``kabar:main``); the command line lives in ``cli``."""

from cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
