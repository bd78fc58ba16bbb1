"""The command line: argparse, composing translation and briefs, rendering. It sits above
every other package; nothing below imports it."""
