"""``glossary lsp``: the spell checker as a language server, over standard input and output.

What an editor gets (install the ``lsp`` extra: ``pip install 'glossary-vi[lsp]'``):

- diagnostics for every finding of ``glossary check`` as a document is opened and edited,
  with the configuration that applies to its file (the nearest ``.glossary.toml`` or
  ``pyproject.toml``, as for ``glossary check``; a file its ``exclude`` matches gets none);
- quick fixes: "Replace with …" for each suggestion (preferred when it is the only one,
  the fix ``glossary check --write`` would make), and "Add … to ignore words", which
  writes the word into that configuration file (a new ``.glossary.toml`` if there is none);
- hover on a glossary key: its expansions or corrections, domains and notes.

Positions are converted between code points (the checker's offsets) and the position
encoding agreed with the client (UTF-16 code units unless the client offers another):
an emoji counts 2 in UTF-16, 1 in UTF-32, 4 in UTF-8. Lines end at ``\\n``, ``\\r\\n`` or
``\\r`` only, as the protocol says. Documents are synchronised in full on every change.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .checking import check_text as _check_text
from .checking import settings_for as _settings_for
from .config import Settings, clear_cache, find_config
from .errors import GlossaryError
from .resources import VERSION
from .spans import line_starts
from .spell import Finding

if TYPE_CHECKING:
    from .api import Glossary

__all__ = ["ADD_IGNORE_WORD", "Positions", "check_text", "glossary_for", "serve", "server", "settings_for"]

ADD_IGNORE_WORD = "glossary.addIgnoreWord"  #: the command behind "Add … to ignore words"
SOURCE = "glossary"


# -- checking: the library's check_text and settings_for (glossary.check_text, glossary.settings_for) --
def settings_for(path: str | None) -> Settings:
    """The settings of the nearest configuration file above ``path`` (defaults without one),
    read afresh: a configuration file may have appeared, changed or gone since the last check."""
    if path is None:
        return Settings()
    clear_cache()
    return _settings_for(path)


def check_text(text: str, settings: Settings) -> list[Finding]:
    """Every finding of ``glossary check`` in ``text``, offsets in code points."""
    return _check_text(text, settings=settings)


def glossary_for(settings: Settings) -> Glossary:
    """The glossary ``settings`` check with (the built-in one and the configured files)."""
    from .checking import checker_for

    return checker_for(settings).glossary


def _excluded(path: str | None, settings: Settings) -> bool:
    from .checking import excluded

    return path is not None and excluded(path, settings)


# -- positions ------------------------------------------------------------------------
class Positions:
    """Offsets in code points to and from LSP positions in one encoding.

    >>> p = Positions("😀 nững\\r\\nx", "utf-16")
    >>> [(q.line, q.character) for q in (p.position(2), p.position(8))]
    [(0, 3), (1, 0)]
    >>> p.offset(lsp.Position(line=0, character=3)), Positions("😀 nững", "utf-32").position(2).character
    (2, 2)
    """

    def __init__(self, text: str, encoding: str = lsp.PositionEncodingKind.Utf16) -> None:
        self.text = text
        self.starts = line_starts(text)
        self.encoding = str(encoding)

    def _units(self, chars: str) -> int:
        if self.encoding == lsp.PositionEncodingKind.Utf32:
            return len(chars)
        if self.encoding == lsp.PositionEncodingKind.Utf8:
            return len(chars.encode("utf-8", "surrogatepass"))
        return len(chars) + sum(ord(c) > 0xFFFF for c in chars)

    def _line_end(self, line: int) -> int:
        """Where line ``line``'s content ends, before its line break."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def position(self, offset: int) -> lsp.Position:
        from bisect import bisect_right

        line = bisect_right(self.starts, offset) - 1
        return lsp.Position(line=line, character=self._units(self.text[self.starts[line] : offset]))

    def range(self, start: int, end: int) -> lsp.Range:
        return lsp.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: lsp.Position) -> int:
        """The code point offset of ``position``; past the end of a line is its end, as the
        protocol asks, and a position inside a character is that character's start."""
        if position.line >= len(self.starts):
            return len(self.text)
        offset, end = self.starts[position.line], self._line_end(position.line)
        units = 0
        while offset < end:
            units += self._units(self.text[offset])
            if units > position.character:
                break
            offset += 1
        return offset


# -- the server -----------------------------------------------------------------------
def _message(f: Finding) -> str:
    guesses = ", ".join(f.suggestions)
    if f.kind == "non-word":
        return f"{f.before}: not a known word" + (f"; did you mean {guesses}?" if guesses else "")
    if f.kind == "context":
        return f"{f.before}: likely a slip here; did you mean {guesses}?"
    return f"{f.before} ==> {guesses} ({f.kind})"


def _severity(f: Finding) -> lsp.DiagnosticSeverity:
    """Information for a guess (a non-word, a word context doubts), a warning for the rest."""
    guess = f.kind in ("non-word", "context")
    return lsp.DiagnosticSeverity.Information if guess else lsp.DiagnosticSeverity.Warning


def _hover_text(surface: str, entries: tuple[Any, ...]) -> str:
    lines = [f"**{surface}** ({entries[0].kind})", ""]
    for e in entries:
        parts = [e.replacement] + ([f"*{e.domain}*"] if e.domain else [])
        lines.append(("- " if len(entries) > 1 else "") + " — ".join(p for p in parts if p))
        if e.note:
            lines.append(("  " if len(entries) > 1 else "\n") + e.note)
    return "\n".join(lines)


class GlossaryServer(LanguageServer):
    """A pygls server that keeps each open document's findings for its code actions."""

    def __init__(self) -> None:
        super().__init__("glossary", VERSION, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.findings: dict[str, tuple[int | None, list[Finding]]] = {}

    def encoding(self) -> str:
        return str(self.server_capabilities.position_encoding or lsp.PositionEncodingKind.Utf16)

    def document(self, uri: str) -> tuple[str, str | None, Positions]:
        doc = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return doc.source, path, Positions(doc.source, self.encoding())

    def settings(self, path: str | None) -> Settings:
        if path is None and self.workspace.root_path:  # an unsaved buffer: the workspace's settings
            path = os.path.join(self.workspace.root_path, "untitled")
        return settings_for(path)

    def publish(self, uri: str) -> None:
        doc = self.workspace.get_text_document(uri)
        text, path, positions = self.document(uri)
        diagnostics: list[lsp.Diagnostic] = []
        found: list[Finding] = []
        try:
            settings = self.settings(path)
            if not _excluded(path, settings):
                found = check_text(text, settings)
        except (GlossaryError, OSError) as exc:  # a bad configuration or glossary: say so where it is seen
            diagnostics.append(lsp.Diagnostic(range=positions.range(0, 0), message=f"glossary: {exc}",
                                              severity=lsp.DiagnosticSeverity.Error, source=SOURCE))
        self.findings[uri] = (doc.version, found)
        for f in found:
            diagnostics.append(lsp.Diagnostic(
                range=positions.range(f.start, f.end), message=_message(f), source=SOURCE, code=f.rule,
                severity=_severity(f),
                data={"suggestions": list(f.suggestions), "fixable": f.fixable},
            ))
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics))

    def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        uri = params.text_document.uri
        if uri not in self.findings:
            self.publish(uri)
        positions = self.document(uri)[2]
        lo, hi = positions.offset(params.range.start), positions.offset(params.range.end)
        actions: list[lsp.CodeAction] = []
        for f in self.findings[uri][1]:
            if not (f.start <= hi and lo <= f.end):
                continue
            where = positions.range(f.start, f.end)
            diagnostic = [d for d in params.context.diagnostics if d.range == where and d.source == SOURCE]
            for s in f.suggestions:  # the one correction --write makes is preferred; guesses are offered too
                edit = lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=where, new_text=s)]})
                actions.append(lsp.CodeAction(title=f"Replace with '{s}'", kind=lsp.CodeActionKind.QuickFix,
                                              diagnostics=diagnostic, is_preferred=f.fixable, edit=edit))
            title = f"Add '{f.before}' to ignore words"
            command = lsp.Command(title=title, command=ADD_IGNORE_WORD, arguments=[uri, f.before])
            actions.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=diagnostic,
                                          command=command))
        return actions

    def add_ignore_word(self, uri: str, word: str) -> str:
        from .codespell_compat import find_codespell_config
        from .ignore_words import add_codespell_ignore_word, add_ignore_word, codespell_file_to_edit, config_to_edit

        _, path, _ = self.document(uri)
        if path is None and self.workspace.root_path:
            path = os.path.join(self.workspace.root_path, "untitled")
        if path is None:
            raise GlossaryError("an unsaved document outside a workspace has no configuration file to write")
        directory = os.path.dirname(os.path.abspath(path))
        clear_cache()
        found = find_config(directory)
        codespell = find_codespell_config(directory) if found is None else None
        if codespell is not None:  # the settings in force are codespell's: the word goes there
            target = codespell_file_to_edit(codespell)
            add_codespell_ignore_word(target, word)
        else:
            target = config_to_edit(found, self._root_for(directory))
            add_ignore_word(target, word)
        for open_uri in list(self.workspace.text_documents):
            self.publish(open_uri)
        return target

    def _root_for(self, directory: str) -> str:
        """The workspace folder holding ``directory`` (a new configuration file goes there)."""
        roots = [to_fs_path(f.uri) for f in self.workspace.folders.values()] + [self.workspace.root_path]
        inside = [r for r in roots if r and os.path.commonpath([os.path.abspath(r), directory]) == os.path.abspath(r)]
        return max(inside, key=len) if inside else directory

    def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        text, path, positions = self.document(uri)
        at = positions.offset(params.position)
        line = positions.starts[min(params.position.line, len(positions.starts) - 1)]
        end = positions._line_end(min(params.position.line, len(positions.starts) - 1))
        try:
            g = glossary_for(self.settings(path))
        except (GlossaryError, OSError):
            return None
        for m in g.find(text[line:end]):
            if line + m.start <= at < line + m.end:
                return lsp.Hover(
                    contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=_hover_text(m.surface, m.entries)),
                    range=positions.range(line + m.start, line + m.end),
                )
        return None


def server() -> GlossaryServer:
    """A language server with glossary's features registered, not yet started."""
    ls = GlossaryServer()

    @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: GlossaryServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: GlossaryServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: GlossaryServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.publish(params.text_document.uri)  # a saved configuration file may change the settings

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: GlossaryServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.findings.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri,
                                                                          diagnostics=[]))

    @ls.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def code_action(ls: GlossaryServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return ls.code_actions(params)

    @ls.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: GlossaryServer, params: lsp.HoverParams) -> lsp.Hover | None:
        return ls.hover(params)

    @ls.command(ADD_IGNORE_WORD)
    def add_ignore(ls: GlossaryServer, *args: Any) -> str | None:
        if len(args) != 2 or not all(isinstance(a, str) for a in args):
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error,
                                                         message=f"{ADD_IGNORE_WORD} takes a URI and a word"))
            return None
        try:
            return ls.add_ignore_word(args[0], args[1])
        except (GlossaryError, OSError) as exc:
            ls.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Error, message=f"glossary: {exc}"))
            return None

    return ls


def serve() -> int:
    """Run the server on standard input and output until the client says exit."""
    server().start_io()
    return 0
