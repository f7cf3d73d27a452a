"""``python -m glossary``: the command-line interface."""

import sys

try:
    from .cli import run
except KeyboardInterrupt:  # Ctrl-C while the command line is still being imported
    sys.exit(130)

run()
