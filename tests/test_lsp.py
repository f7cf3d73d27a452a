"""``glossary lsp`` end to end: pygls' language client drives a real server process."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls", reason="the lsp extra is not installed (pip install -e '.[test]' installs it)")

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.protocol import default_converter
from pygls.uris import from_fs_path

from glossary.lsp import Positions

TIMEOUT = 120


def _converter() -> Any:
    """pygls' converter, except that a code action that carries a command object stays a
    CodeAction (lsprotocol 2025.0.0 reads every object with a "command" key as a Command,
    which the protocol marks by a command *string*)."""
    converter = default_converter()

    def action(obj: Any, _: type) -> lsp.Command | lsp.CodeAction:
        kind = lsp.Command if isinstance(obj.get("command"), str) else lsp.CodeAction
        return converter.structure(obj, kind)  # type: ignore[no-any-return]

    converter.register_structure_hook(lsp.Command | lsp.CodeAction, action)
    return converter


class _Client:
    """A language client that keeps the diagnostics it is sent, per document."""

    def __init__(self) -> None:
        self.client = LanguageClient("glossary-test", "1", converter_factory=_converter)
        self.diagnostics: dict[str, asyncio.Queue[lsp.PublishDiagnosticsParams]] = {}
        self.messages: list[str] = []

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: lsp.PublishDiagnosticsParams) -> None:
            self.queue(params.uri).put_nowait(params)

        @self.client.feature(lsp.WINDOW_SHOW_MESSAGE)
        def shown(params: lsp.ShowMessageParams) -> None:
            self.messages.append(params.message)

    def queue(self, uri: str) -> asyncio.Queue[lsp.PublishDiagnosticsParams]:
        return self.diagnostics.setdefault(uri, asyncio.Queue())

    async def next_diagnostics(self, uri: str) -> lsp.PublishDiagnosticsParams:
        return await asyncio.wait_for(self.queue(uri).get(), TIMEOUT)

    async def shutdown(self) -> None:
        """The protocol's end of a session: shutdown, exit, and the server process gone."""
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)

    def kill(self) -> None:
        """Kill the server process if a failed test left it running."""
        if self.client._server is not None and self.client._server.returncode is None:
            self.client._server.kill()


def _span(d: lsp.Diagnostic) -> tuple[int, int, int, int]:
    r = d.range
    return (r.start.line, r.start.character, r.end.line, r.end.character)


async def _session(root: Path, encodings: list[lsp.PositionEncodingKind] | None) -> dict[str, Any]:
    c = _Client()
    await c.client.start_io(sys.executable, "-m", "glossary", "lsp", "--stdio", cwd=str(root))
    seen: dict[str, Any] = {}
    try:
        caps = lsp.ClientCapabilities(general=lsp.GeneralClientCapabilities(position_encodings=encodings))
        result = await asyncio.wait_for(c.client.initialize_async(lsp.InitializeParams(
            capabilities=caps, root_uri=from_fs_path(str(root)),
            workspace_folders=[lsp.WorkspaceFolder(uri=from_fs_path(str(root)), name="root")])), TIMEOUT)
        seen["encoding"] = result.capabilities.position_encoding
        seen["server"] = result.server_info.name if result.server_info else None
        c.client.initialized(lsp.InitializedParams())

        doc = root / "doc.txt"
        uri = from_fs_path(str(doc))
        assert uri is not None
        text = "😀 CABD và CBCS\nngưoì nững\n"
        doc.write_text(text, encoding="utf-8")
        c.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
        opened = await c.next_diagnostics(uri)
        seen["opened"] = [(_span(d), d.message, d.source, d.code) for d in opened.diagnostics]
        seen["opened_version"] = opened.version

        cabd = opened.diagnostics[0]
        actions = await asyncio.wait_for(c.client.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=cabd.range,
            context=lsp.CodeActionContext(diagnostics=[cabd]))), TIMEOUT)
        seen["actions"] = [(a.title, a.is_preferred, list(a.diagnostics or ()) == [cabd],
                            [(_span_edit(e), e.new_text) for e in (a.edit.changes or {}).get(uri, [])]
                            if a.edit else None,
                            a.command.command if a.command else None)
                           for a in actions or [] if isinstance(a, lsp.CodeAction)]

        cbcs_at = lsp.Position(line=0, character=text.index("CBCS") + 1 + 1)  # inside CBCS, after the emoji's 2 units
        hover = await asyncio.wait_for(c.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=cbcs_at)), TIMEOUT)
        seen["hover"] = hover.contents.value if hover and isinstance(hover.contents, lsp.MarkupContent) else None
        seen["hover_range"] = _span_edit(hover) if hover else None
        nothing = await asyncio.wait_for(c.client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=0, character=10))), TIMEOUT)
        seen["hover_on_va"] = nothing

        c.client.text_document_did_change(lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="CBCS nững\n")]))
        changed = await c.next_diagnostics(uri)
        seen["changed"] = [(_span(d), d.message) for d in changed.diagnostics]
        seen["changed_version"] = changed.version

        await asyncio.wait_for(c.client.workspace_execute_command_async(lsp.ExecuteCommandParams(
            command=ADD, arguments=[uri, "nững"])), TIMEOUT)
        after = await c.next_diagnostics(uri)
        seen["after_ignore"] = [d.message for d in after.diagnostics]
        seen["config"] = (root / ".glossary.toml").read_text(encoding="utf-8")

        await c.shutdown()
        seen["returncode"] = c.client._server.returncode if c.client._server else None
        seen["messages"] = c.messages
    finally:
        c.kill()
    return seen


def _span_edit(x: Any) -> tuple[int, int, int, int]:
    r = x.range
    return (r.start.line, r.start.character, r.end.line, r.end.character)


ADD = "glossary.addIgnoreWord"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    # the document's configuration applies: only glossary typos, so the non-word ngưoì is not reported
    (root / ".glossary.toml").write_text('# settings\nchecks = ["glossary"]\n', encoding="utf-8")
    return root


def test_server_session_utf16(workspace: Path) -> None:
    seen = asyncio.run(_session(workspace, None))
    assert seen["server"] == "glossary" and seen["encoding"] == lsp.PositionEncodingKind.Utf16
    # 😀 is two UTF-16 code units: CABD starts at character 3, not 2
    assert seen["opened"] == [((0, 3, 0, 7), "CABD ==> CAND (typo)", "glossary", "CABD"),
                              ((1, 6, 1, 10), "nững ==> những (typo)", "glossary", "nững")]
    assert seen["opened_version"] == 1
    assert seen["actions"] == [
        ("Replace with 'CAND'", True, True, [((0, 3, 0, 7), "CAND")], None),
        ("Add 'CABD' to ignore words", None, True, None, ADD),
    ]
    assert seen["hover"] == "**CBCS** (abbreviation)\n\ncán bộ chiến sĩ — *security*"
    assert seen["hover_range"] == (0, 11, 0, 15)
    assert seen["hover_on_va"] is None
    assert seen["changed"] == [((0, 5, 0, 9), "nững ==> những (typo)")] and seen["changed_version"] == 2
    assert seen["after_ignore"] == []
    assert seen["config"] == '# settings\nchecks = ["glossary"]\nignore-words = ["nững"]\n'
    assert seen["returncode"] == 0 and seen["messages"] == []


def test_server_session_utf32(workspace: Path) -> None:
    seen = asyncio.run(_session(workspace, [lsp.PositionEncodingKind.Utf32]))
    assert seen["encoding"] == lsp.PositionEncodingKind.Utf32
    assert seen["opened"][0][0] == (0, 2, 0, 6)  # code points: the emoji counts one


def test_positions_round_trip_in_every_encoding() -> None:
    text = "a😀b\r\nnững\rx\n"
    for enc, col_b in (("utf-16", 3), ("utf-32", 2), ("utf-8", 5)):
        p = Positions(text, enc)
        assert p.position(2) == lsp.Position(line=0, character=col_b)
        for offset in range(len(text) + 1):
            if text[offset - 1 : offset + 1] == "\r\n":
                continue  # between \r and \n is not a position
            assert p.offset(p.position(offset)) == offset, (enc, offset)
        # a column past the end of a line is its end; inside the emoji is its start
        assert p.offset(lsp.Position(line=1, character=99)) == text.index("\r", 5)
    assert Positions(text, "utf-16").offset(lsp.Position(line=0, character=2)) == 1


async def _bad_config(root: Path) -> list[list[tuple[str, Any]]]:
    c = _Client()
    await c.client.start_io(sys.executable, "-m", "glossary", "lsp", cwd=str(root))
    got = []
    try:
        await asyncio.wait_for(c.client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(root)))), TIMEOUT)
        c.client.initialized(lsp.InitializedParams())
        for name in ("doc.txt", "skip.txt"):
            uri = from_fs_path(str(root / name))
            assert uri is not None
            (root / name).write_text("CABD\n", encoding="utf-8")
            c.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="CABD\n")))
            got.append([(d.message, d.severity) for d in (await c.next_diagnostics(uri)).diagnostics])
        (root / ".glossary.toml").write_text('exclude = ["skip.txt"]\n', encoding="utf-8")
        for name in ("doc.txt", "skip.txt"):
            uri = from_fs_path(str(root / name))
            assert uri is not None
            c.client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri)))
            got.append([(d.message, d.severity) for d in (await c.next_diagnostics(uri)).diagnostics])
        await c.shutdown()
    finally:
        c.kill()
    return got


def test_bad_configuration_is_a_diagnostic_and_a_fixed_one_applies(tmp_path: Path) -> None:
    (tmp_path / ".glossary.toml").write_text("checks = [\n", encoding="utf-8")
    got = asyncio.run(_bad_config(tmp_path))
    for before in got[:2]:
        [(message, severity)] = before
        assert message.startswith("glossary: ") and ".glossary.toml: invalid TOML" in message
        assert severity == lsp.DiagnosticSeverity.Error
    assert got[2] == [("CABD ==> CAND (typo)", lsp.DiagnosticSeverity.Warning)]
    assert got[3] == []  # excluded by the configuration, as glossary check would skip it


def test_add_ignore_word_keeps_the_file_and_its_comments(tmp_path: Path) -> None:
    from glossary.config import load_config
    from glossary.ignore_words import add_ignore_word

    py = tmp_path / "pyproject.toml"
    py.write_text('[project]\nname = "x"  # mine\n\n[tool.glossary]\nignore-words = [\n  "ThS",  # title\n]\n',
                  encoding="utf-8")
    assert add_ignore_word(str(py), "nững") is True
    text = py.read_text(encoding="utf-8")
    assert text.startswith('[project]\nname = "x"  # mine\n') and "# title" in text
    assert load_config(str(py)).ignore_words == ("ThS", "nững")
    assert add_ignore_word(str(py), "ThS") is False

    bare = tmp_path / "sub" / "pyproject.toml"
    bare.parent.mkdir()
    bare.write_text('[project]\nname = "y"\n', encoding="utf-8")
    add_ignore_word(str(bare), "CABD")
    assert load_config(str(bare)).ignore_words == ("CABD",)


def test_add_ignore_word_leaves_a_broken_file_alone(tmp_path: Path) -> None:
    from glossary.config import ConfigError
    from glossary.ignore_words import add_ignore_word

    bad = tmp_path / ".glossary.toml"
    bad.write_text("checks = [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid TOML"):
        add_ignore_word(str(bad), "x")
    assert bad.read_text(encoding="utf-8") == "checks = [\n"
    unknown = tmp_path / "u" / ".glossary.toml"
    unknown.parent.mkdir()
    unknown.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        add_ignore_word(str(unknown), "x")
    assert unknown.read_text(encoding="utf-8") == 'colour = "red"\n'


def test_add_ignore_word_to_codespell_settings(tmp_path: Path) -> None:
    from glossary.config import load_codespell
    from glossary.ignore_words import add_codespell_ignore_word, codespell_file_to_edit

    rc = tmp_path / ".codespellrc"
    rc.write_text("[codespell]\r\nskip = *.js\r\n", encoding="utf-8", newline="")
    (tmp_path / "setup.cfg").write_text("[metadata]\nname = x\n[codespell]\nignore-words-list = a\n", encoding="utf-8")
    assert codespell_file_to_edit(str(tmp_path)) == str(rc)  # read last, so its values win
    assert add_codespell_ignore_word(str(rc), "teh") is True
    assert rc.read_bytes() == b"[codespell]\r\nignore-words-list = teh\r\nskip = *.js\r\n"
    assert load_codespell(str(tmp_path)).ignore_words == ("teh",)

    py = tmp_path / "p" / "pyproject.toml"
    py.parent.mkdir()
    py.write_text('[project]\nname = "x"\n\n[tool.codespell]\nignore-words-list = "adn"  # mine\n', encoding="utf-8")
    assert codespell_file_to_edit(str(py.parent)) == str(py)
    assert add_codespell_ignore_word(str(py), "teh") is True and add_codespell_ignore_word(str(py), "adn") is False
    assert '"adn,teh"' in py.read_text(encoding="utf-8") and "# mine" in py.read_text(encoding="utf-8")
    assert load_codespell(str(py.parent)).ignore_words == ("adn", "teh")
    with pytest.raises(Exception, match="cannot be an ignore word"):
        add_codespell_ignore_word(str(py), "a,b")


async def _ignore_into_codespell(root: Path) -> str:
    c = _Client()
    await c.client.start_io(sys.executable, "-m", "glossary", "lsp", cwd=str(root))
    try:
        await asyncio.wait_for(c.client.initialize_async(lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(root)))), TIMEOUT)
        c.client.initialized(lsp.InitializedParams())
        uri = from_fs_path(str(root / "doc.txt"))
        assert uri is not None
        c.client.text_document_did_open(lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="teh nững\n")))
        first = [d.message for d in (await c.next_diagnostics(uri)).diagnostics]
        await asyncio.wait_for(c.client.workspace_execute_command_async(lsp.ExecuteCommandParams(
            command=ADD, arguments=[uri, "teh"])), TIMEOUT)
        second = [d.message for d in (await c.next_diagnostics(uri)).diagnostics]
        await c.shutdown()
    finally:
        c.kill()
    return f"{first}|{second}"


def test_server_uses_and_edits_codespell_settings(tmp_path: Path) -> None:
    (tmp_path / "dict.txt").write_text("teh->the\n", encoding="utf-8")
    (tmp_path / ".codespellrc").write_text("[codespell]\ndictionary = dict.txt\n", encoding="utf-8")
    (tmp_path / "doc.txt").write_text("teh nững\n", encoding="utf-8")
    got = asyncio.run(_ignore_into_codespell(tmp_path))
    first, second = got.split("|")
    assert "teh ==> the (typo)" in first and "nững" in first  # the dictionary, and non-words
    assert "teh" not in second and "nững" in second
    assert (tmp_path / ".codespellrc").read_text(encoding="utf-8") == \
        "[codespell]\nignore-words-list = teh\ndictionary = dict.txt\n"
    assert not (tmp_path / ".glossary.toml").exists()  # codespell's settings stay the ones in force


def test_a_context_finding_is_a_guess_with_its_suggestions() -> None:
    from glossary import check_text
    from glossary.lsp import _message, _severity

    [f] = check_text("Chọn cac tập tin cần mở.")
    assert _message(f).startswith("cac: likely a slip here; did you mean các, ")
    assert _severity(f) == lsp.DiagnosticSeverity.Information
    [typo] = check_text("lực lượng CABD")
    assert _severity(typo) == lsp.DiagnosticSeverity.Warning
