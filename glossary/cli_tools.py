"""The commands around the checker: ``glossary lsp`` (a language server for editors) and
``glossary completion SHELL`` (a completion script for bash, zsh or fish)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from .cli_base import EXIT_OK, TOOLS
from .errors import OptionError

__all__ = ["SHELLS", "add_parsers", "completion_script"]

SHELLS = ("bash", "zsh", "fish")

#: arguments whose values are paths, completed as file names
_PATH_METAVARS = frozenset({"FILE", "PATH", "OUT", "GLOSSARY", "DICTIONARY"})


def add_parsers(sub: Any, whole_parser: Callable[[], argparse.ArgumentParser]) -> None:
    """Define ``glossary lsp`` and ``glossary completion`` on ``sub``; ``whole_parser`` builds
    the command's full parser, which completion scripts are made from."""
    p = sub.add_parser(
        "lsp", help=TOOLS["lsp"],
        description="Speak the Language Server Protocol on standard input and output: diagnostics for "
        "every finding of `glossary check` as documents are opened and edited, quick fixes, "
        "'add to ignore words', and hover on glossary keys. Install with: pip install 'glossary-vi[lsp]'.",
    )
    p.add_argument("--stdio", action="store_true",
                   help="talk over standard input and output (the only transport, and the default; "
                   "accepted because many editors pass it)")
    p.set_defaults(func=run_lsp)

    p = sub.add_parser(
        "completion", help=TOOLS["completion"],
        description="Print a completion script for SHELL. bash: add `eval \"$(glossary completion bash)\"` "
        "to ~/.bashrc; zsh: `glossary completion zsh > \"${fpath[1]}/_glossary\"`; "
        "fish: `glossary completion fish > ~/.config/fish/completions/glossary.fish`.",
    )
    p.add_argument("shell", choices=SHELLS, metavar="SHELL", help=f"the shell: {', '.join(SHELLS)}")
    p.set_defaults(func=run_completion, whole_parser=whole_parser)


def run_lsp(args: argparse.Namespace) -> int:
    try:
        from .lsp import serve
    except ImportError as exc:
        raise OptionError(f"glossary lsp needs the lsp extra ({exc.name} is missing): "
                          "pip install 'glossary-vi[lsp]'") from None
    return serve()


def completion_script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script of the command ``parser`` parses, for ``shell``, made by shtab
    from the parser itself, so it never falls behind the options."""
    import shtab

    _mark_paths(parser, shtab.FILE)
    return str(shtab.complete(parser, shell=shell))


def _mark_paths(parser: argparse.ArgumentParser, completer: Any) -> None:
    """Complete the values of path arguments as file names, in every subcommand."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _mark_paths(child, completer)
        elif action.metavar in _PATH_METAVARS:
            action.complete = completer  # type: ignore[attr-defined]


def run_completion(args: argparse.Namespace) -> int:
    print(completion_script(args.shell, args.whole_parser()), end="")
    return EXIT_OK
