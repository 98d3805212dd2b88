"""/compare/: every method in every table, in kb order, each cell showing what the data holds."""

from __future__ import annotations

import re

import pytest

from macros.kb.model import KnowledgeBase, Method
from macros.render.compare import compare_page
from test_render_support import clean, fixture_kb, real_kb, render, to_html

TABLES = ("os-and-ports", "prerequisites", "benefits", "limitations", "capabilities")
COLUMNS = ("inbound_from_client", "public_ip", "agent", "instance_egress", "iam_controlled",
           "connection_audit", "session_logging", "ssh_keys", "bulk_transfer", "max_session",
           "interfaces", "extra_cost", "server_to_maintain", "rescue_access")
HEADER_EN = ["Method", "Inbound rule needed", "Public IP needed", "Agent on the instance",
             "Instance egress needed", "IAM-controlled access", "Connection audit",
             "Session logging", "SSH keys to manage", "Bulk transfer", "Maximum session length",
             "Interfaces", "Extra cost", "Server to maintain", "Rescue access (broken network)"]
# Written out here, not imported, so a wrong label in data/ui.yaml fails the test.
OS_EN = {"linux": "Linux", "windows": "Windows", "macos": "macOS"}
UI_EN = {"terminal": "terminal", "desktop": "remote desktop", "browser": "browser"}
LABELS_EN = {
    "inbound_from_client": {True: "Required", False: "Not needed"},
    "agent": {"none": "None", "ssm-agent": "SSM Agent",
              "eic-package": "EC2 Instance Connect package"},
    "instance_egress": {True: "Required", False: "Not needed"},
    "iam_controlled": {True: "Yes", False: "No"},
    "connection_audit": {True: "Logged", False: "Not logged"},
    "session_logging": {"none": "None", "commands": "Session commands",
                        "recording": "Session recording"},
    "ssh_keys": {"required": "Required", "optional": "Optional", "none": "Not needed"},
    "bulk_transfer": {True: "Suited", False: "Not suited"},
    "extra_cost": {True: "Yes", False: "None"},
    "server_to_maintain": {True: "Yes", False: "None"},
    "rescue_access": {True: "Yes", False: "No"},
}


def _cap(column: str) -> str:
    return "reach" if column == "public_ip" else column


def expected_lines(method: Method, column: str) -> list[str]:
    """What an English cell must show for a capability, computed independently of the renderer."""
    value = method.cap(_cap(column))
    if column == "public_ip":
        lines = ["Not needed" if "none" in value else
                 "Public IP or private network" if "private" in value else "Required"]
    elif column == "max_session":
        if value is None:
            lines = ["No limit"]
        elif value % 3600 == 0:
            hours = value // 3600
            lines = [f"{hours} hour{'s' if hours > 1 else ''} ({value:,} s)"]
        else:
            minutes = value // 60
            lines = [f"{minutes} minute{'s' if minutes > 1 else ''} ({value:,} s)"]
    elif column == "interfaces":
        lines = [f"{OS_EN[os_]}: " + ", ".join(UI_EN[u] for u in uis) for os_, uis in value.items()]
    else:
        lines = [LABELS_EN[column][value]]
    if method.capabilities[_cap(column)].unconfirmed:
        lines[-1] += " (unconfirmed)"
    return lines


def kbs() -> list:
    return [pytest.param(fixture_kb, id="fixture"), pytest.param(real_kb, id="real")]


@pytest.fixture(params=kbs())
def kb(request) -> KnowledgeBase:
    return request.param()


def _tables(kb: KnowledgeBase, lang: str):
    page = render(compare_page(kb, lang))
    assert len(page.tables) == len(TABLES) + 1, "the at-a-glance matrix, then the five tables"
    return page, dict(zip(TABLES, page.tables[1:]))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_method_in_every_table_in_order(kb: KnowledgeBase, lang: str) -> None:
    """Each table has one row per method, kb order, with the row anchor and the method link."""
    page, tables = _tables(kb, lang)
    for table_id, table in tables.items():
        assert table_id in page.ids
        rows = table[1:]
        assert len(rows) == len(kb.methods)
        for method, row in zip(kb.methods, rows):
            first = row[0]
            assert f"{table_id}-{method.id}" in first.ids
            assert first.links == [f"methods/{method.id}.md"]
            assert clean(first.text) == clean(method.name.get(lang))


def test_capability_cells_show_the_data(kb: KnowledgeBase) -> None:
    """Every capability cell holds the label of the value in the data (English)."""
    _, tables = _tables(kb, "en")
    table = tables["capabilities"]
    assert [clean(c.text) for c in table[0]] == HEADER_EN
    for method, row in zip(kb.methods, table[1:]):
        for column, cell in zip(COLUMNS, row[1:]):
            assert [clean(line) for line in cell.lines] == expected_lines(method, column), \
                (method.id, column)


def test_os_and_fact_cells_show_the_data(kb: KnowledgeBase) -> None:
    """OS lists, port/protocol, tools and the fact lists match the data item by item."""
    _, tables = _tables(kb, "en")
    for method, row in zip(kb.methods, tables["os-and-ports"][1:]):
        instance, client, protocol, tools = row[1:]
        unconfirmed = {n: " (unconfirmed)" if method.capabilities[n].unconfirmed else ""
                       for n in ("instance_os", "client_os")}
        assert clean(instance.text) == ", ".join(OS_EN[o] for o in method.cap("instance_os")) \
            + unconfirmed["instance_os"]
        assert clean(client.text) == ", ".join(OS_EN[o] for o in method.cap("client_os")) \
            + unconfirmed["client_os"]
        assert clean(protocol.text) == clean(method.protocol.en)
        assert [clean(x) for x in tools.lines] == ["• " + clean(x.en) for x in method.tools]
    for kind in ("prerequisites", "benefits", "limitations"):
        for method, row in zip(kb.methods, tables[kind][1:]):
            facts = getattr(method, kind)
            expected = ["• " + clean(f.text.en) + (" (unconfirmed)" if f.unconfirmed else "")
                        for f in facts] or ["None listed"]
            assert [clean(x) for x in row[1].lines] == expected, (kind, method.id)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_notes_are_numbered_and_reachable(kb: KnowledgeBase, lang: str) -> None:
    """Every capability note and table footnote has a marker in its row linking to its text."""
    page, tables = _tables(kb, lang)
    notes = {i: clean(item.text) for item in page.list_items for i in item.ids if "-note-" in i}
    for table_id, table in tables.items():
        markers = [link[1:] for row in table[1:] for cell in row for link in cell.marker_links]
        assert markers == [f"{table_id}-note-{n}" for n in range(1, len(markers) + 1)]
        for method, row in zip(kb.methods, table[1:]):
            texts = [notes[link[1:]] for cell in row for link in cell.marker_links]
            expected = [clean(f.text.get(lang)) for f in method.footnotes if f.table == table_id]
            if table_id == "capabilities":
                expected += [clean(method.capabilities[_cap(c)].note.get(lang)) for c in COLUMNS
                             if method.capabilities[_cap(c)].note is not None]
            elif table_id == "os-and-ports":
                expected += [clean(method.capabilities[c].note.get(lang))
                             for c in ("instance_os", "client_os")
                             if method.capabilities[c].note is not None]
            assert len(texts) == len(expected), (table_id, method.id)
            for text in expected:
                assert any(text in note for note in texts), (table_id, method.id, text)


def test_unconfirmed_markers_are_explained(kb: KnowledgeBase) -> None:
    """A table with an unconfirmed value links its marker to an explanation under that table."""
    page, tables = _tables(kb, "en")
    for table_id, table in tables.items():
        cells = [cell for row in table[1:] for cell in row]
        marked = [cell for cell in cells if "(unconfirmed)" in cell.text]
        if marked:
            assert f"{table_id}-unconfirmed" in page.ids
            assert all(f"#{table_id}-unconfirmed" in cell.links for cell in marked)
        else:
            assert f"{table_id}-unconfirmed" not in page.ids


def test_only_the_sortable_tables_are_marked(kb: KnowledgeBase) -> None:
    """os-and-ports and capabilities sit in div.kb-sortable (every table is div.kb-wide); the list
    tables are not sortable."""
    html = to_html(compare_page(kb, "en"))
    parts = html.split('<div class="kb-wide kb-sortable">')
    assert len(parts) == 3
    assert parts[1].split("<tbody>")[1].lstrip().startswith('<tr>\n<td><span id="os-and-ports-')
    assert parts[2].split("<tbody>")[1].lstrip().startswith('<tr>\n<td><span id="capabilities-')


def test_fixture_spot_values_in_japanese() -> None:
    """Japanese labels for values the fixture holds (written out here, not computed)."""
    _, tables = _tables(fixture_kb(), "ja")
    rows = {row[0].ids[0].removeprefix("capabilities-"): row for row in tables["capabilities"][1:]}
    assert clean(rows["ec2-instance-connect-endpoint"][10].text) == "1 時間（3,600 秒）"
    assert clean(rows["session-manager"][10].text) == "制限なし"
    assert clean(rows["session-manager"][1].text) == "不要"
    assert clean(rows["bastion-host"][1].text) == "必要"
    assert clean(rows["session-manager"][12].text) == "なし（未確認）"
    assert clean(rows["session-manager"][3].text) == "SSM Agent"


def test_real_spot_values() -> None:
    """A few values of the real knowledge base, as the brief's capability table decides them."""
    _, tables = _tables(real_kb(), "en")
    rows = {row[0].ids[0].removeprefix("capabilities-"): row for row in tables["capabilities"][1:]}
    col = {name: i + 1 for i, name in enumerate(COLUMNS)}
    eice = rows["ec2-instance-connect-endpoint"]
    assert clean(eice[col["max_session"]].text) == "1 hour (3,600 s)"
    assert clean(rows["session-manager"][col["max_session"]].text) == "No limit"
    assert clean(rows["ssh-client"][col["public_ip"]].text) == "Public IP or private network"
    assert clean(rows["session-manager"][col["public_ip"]].text) == "Not needed"
    assert clean(rows["bastion-host"][col["server_to_maintain"]].text) == "Yes"
    assert clean(rows["fleet-manager"][col["session_logging"]].text) == "Session recording"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_glance_matrix_cells_have_text_and_notes(kb: KnowledgeBase, lang: str) -> None:
    """At-a-glance: one row per method in kb order; every symbol has a visually hidden text
    equivalent; every note marker points at a note that exists under the capabilities table."""
    text = compare_page(kb, lang)
    page = render(text)
    matrix = page.tables[0]
    assert "at-a-glance" in page.ids
    rows = matrix[1:]
    assert [clean(r[0].text) for r in rows] == [clean(m.name.get(lang)) for m in kb.methods]
    symbols = re.findall(r'<span class="kb-state kb-state--(\w+)" aria-hidden="true">[^<]+</span>'
                         r'(<span class="kb-sr-only">[^<]+</span>)?', text)
    assert symbols, "the matrix shows no symbols"
    legend, cells = symbols[:4], symbols[4:]
    assert all(not sr for _, sr in legend), "the legend's symbols carry their words beside them"
    missing = [state for state, sr in cells if not sr]
    assert not missing, f"symbols without a text equivalent: {missing}"
    for row in rows:
        for cell in row[1:]:
            for link in cell.marker_links:
                assert link.removeprefix("#") in page.ids, f"note marker {link} has no target"
