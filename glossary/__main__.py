"""``python -m glossary``: the command-line interface."""

from .cli import run

run()
