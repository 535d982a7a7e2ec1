"""The read stage: real files written in tmp_path, read back as raw cells or refused in Chinese."""
from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl.chart import BarChart, Reference

from juesuan.model import a1
from juesuan.read.errors import UnreadableWorkbook
from juesuan.read.sniff import sniff
from juesuan.read.workbook import read_workbook

# --- writers --------------------------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    b'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    b'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
    b'"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.worksheet+xml"/></Types>')
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
    b'"xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
    b'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
    b'"worksheets/sheet1.xml"/></Relationships>')


def _sheet_xml(cells: bytes, ns_prefix: bytes = b"") -> bytes:
    p = ns_prefix + b":" if ns_prefix else b""
    xmlns = b"xmlns" + (b":" + ns_prefix if ns_prefix else b"")
    return (b'<?xml version="1.0" encoding="UTF-8"?><' + p + b"worksheet " + xmlns
            + b'="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><' + p
            + b"sheetData>" + cells + b"</" + p + b"sheetData></" + p + b"worksheet>")


def write_xlsx(path: Path, cells: bytes = b"", *, sheet: bytes | None = None,
               extra: dict[str, bytes] | None = None, skip: tuple[str, ...] = ()) -> Path:
    """A one-sheet xlsx written by hand, so that any XML can be put in it."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else _sheet_xml(cells),
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            if name not in skip:
                z.writestr(name, data)
    return path


def write_openpyxl(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "收入支出决算总表"
    ws["A1"] = "收入支出决算总表"
    ws.merge_cells("A1:F1")
    ws["C5"] = 1130.35
    ws["D5"] = 7
    ws["B3"] = "单位：万元"
    ws.merge_cells("B7:C8")
    ws["E9"] = "=C5*2"  # openpyxl writes no cached value
    hidden = wb.create_sheet("填表说明")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "说明"
    very = wb.create_sheet("隐藏")
    very.sheet_state = "veryHidden"
    very["A1"] = 1
    wb.save(path)
    return path


def write_xls(path: Path) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("收入决算表")
    ws.write_merge(0, 0, 0, 5, "收入决算表")
    ws.write(4, 2, 286.95)
    ws.write(5, 3, "基本支出")
    ws.row(1).set_cell_error(1, "#REF!")
    ws.write(6, 0, xlwt.Formula("1/0"))
    wb.add_sheet("Sheet2").write(0, 0, 1)
    wb.save(path)
    return path


def refused(path: Path, **limits) -> str:
    with pytest.raises(UnreadableWorkbook) as info:
        read_workbook(str(path), **limits)
    return str(info.value)


def refused_in_child(path: Path) -> str:
    """Refusal message from a separate process: a regression here would abort the process."""
    code = ("import sys\nfrom juesuan.read.workbook import read_workbook\n"
            "from juesuan.read.errors import UnreadableWorkbook\n"
            "try:\n    read_workbook(sys.argv[1])\nexcept UnreadableWorkbook as e:\n"
            "    print(e)\nelse:\n    print('READ')\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
           "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


# --- cells ----------------------------------------------------------------------------------

def test_xlsx_cells_are_absolute_from_a1(tmp_path):
    wb = read_workbook(str(write_openpyxl(tmp_path / "a.xlsx")))
    assert wb.fmt == "xlsx"
    sheet = wb.sheets[0]
    assert sheet.name == "收入支出决算总表"
    assert sheet.rows[0][0] == "收入支出决算总表"
    assert sheet.rows[4][2] == 1130.35
    assert sheet.rows[4][3] == 7
    assert sheet.rows[2][1] == "单位：万元"
    assert sheet.rows[1] == [None] * len(sheet.rows[1])  # blanks are None, never ''
    assert len({len(row) for row in sheet.rows}) == 1


def test_merged_ranges_are_inclusive_zero_based(tmp_path):
    sheet = read_workbook(str(write_openpyxl(tmp_path / "a.xlsx"))).sheets[0]
    assert sorted(sheet.merged) == [(0, 0, 0, 5), (6, 1, 7, 2)]


def test_hidden_and_very_hidden_sheets_are_not_visible(tmp_path):
    wb = read_workbook(str(write_openpyxl(tmp_path / "a.xlsx")))
    assert [(s.name, s.visible) for s in wb.sheets] == [
        ("收入支出决算总表", True), ("填表说明", False), ("隐藏", False)]


def test_formula_without_cached_value_is_marked_and_inside_the_grid(tmp_path):
    sheet = read_workbook(str(write_openpyxl(tmp_path / "a.xlsx"))).sheets[0]
    assert sheet.uncached_formulas == frozenset({(8, 4)})
    assert sheet.rows[8][4] is None  # calamine leaves it out of its range; the grid is padded
    assert sheet.errors == {}


def test_cached_error_values_are_reported_not_blank(tmp_path):
    path = write_xlsx(tmp_path / "e.xlsx", (
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2"><c r="B2" t="e"><v>#DIV/0!</v></c></row>'
        b'<row r="3"><c r="C3" t="e"><f>VLOOKUP(1,X1:X2,2,0)</f><v>#N/A</v></c>'
        b'<c r="D3"><f>A1*2</f><v>2</v></c><c r="E3" t="str"><f>""</f><v></v></c></row>'))
    sheet = read_workbook(str(path)).sheets[0]
    assert sheet.errors == {(1, 1): "#DIV/0!", (2, 2): "#N/A"}
    assert sheet.rows[1][1] is None and sheet.rows[2][3] == 2.0
    assert sheet.uncached_formulas == frozenset()  # a cached empty string is a value


def test_cells_without_reference_or_with_prefix_are_placed_like_calamine(tmp_path):
    cells = (b'<x:row r="2"><x:c><x:v>1</x:v></x:c><x:c t="e"><x:v>#REF!</x:v></x:c></x:row>'
             b'<x:row><x:c r="C4"><x:f>A2</x:f></x:c><x:c><x:v>5</x:v></x:c></x:row>')
    path = write_xlsx(tmp_path / "p.xlsx", sheet=_sheet_xml(cells, b"x"))
    sheet = read_workbook(str(path)).sheets[0]
    assert sheet.rows[1][0] == 1.0
    # A cell's own r moves the column only: the next r-less cell stays on the counted row.
    assert sheet.rows[2][3] == 5.0
    assert sheet.errors == {(1, 1): "#REF!"}
    assert sheet.uncached_formulas == frozenset({(3, 2)})


def test_empty_elements_take_their_place_like_calamine(tmp_path):
    path = write_xlsx(tmp_path / "em.xlsx", b'<row r="3"/><row><c/><c t="e"><v>#N/A</v></c>'
                                            b'<c><v>5</v></c><c r="F4"/><c><v>6</v></c></row>')
    sheet = read_workbook(str(path)).sheets[0]
    assert sheet.errors == {(3, 1): "#N/A"}
    assert sheet.rows[3][2] == 5.0 and sheet.rows[3][6] == 6.0


_ROWS = st.lists(st.tuples(
    st.one_of(st.none(), st.integers(1, 12)),  # the row's r
    st.booleans(),  # written as <row/>
    st.lists(st.tuples(st.one_of(st.none(), st.tuples(st.integers(0, 11), st.integers(0, 11))),
                       st.booleans()),  # a cell: its r, and whether it is an empty <c/>
             max_size=5)),
    min_size=1, max_size=5)


def _markup(rows, value: str, cell_type: str) -> bytes:
    out = []
    for row_r, empty_row, cells in rows:
        r_attr = f' r="{row_r}"' if row_r else ""
        if empty_row:
            out.append(f"<row{r_attr}/>")
            continue
        out.append(f"<row{r_attr}>")
        for ref, empty in cells:
            c_attr = f' r="{a1(*ref)}"' if ref else ""
            out.append(f"<c{c_attr}/>" if empty else f"<c{c_attr}{cell_type}><v>{value}</v></c>")
        out.append("</row>")
    return "".join(out).encode()


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_ROWS)
def test_error_cells_are_where_calamine_puts_cells(tmp_path, rows):
    """Whatever r-less, repeated or empty rows and cells a writer emits, the side channel puts
    an error cell exactly where calamine puts a value cell written the same way."""
    values = read_workbook(str(write_xlsx(tmp_path / "v.xlsx", _markup(rows, "1", "")))).sheets[0]
    errors = read_workbook(str(write_xlsx(tmp_path / "e.xlsx", _markup(rows, "#N/A", ' t="e"'))))
    placed = {(r, c) for r, row in enumerate(values.rows) for c, v in enumerate(row) if v is not None}
    assert set(errors.sheets[0].errors) == placed


@pytest.mark.parametrize("row, col", [(1499, "AB"), (10000, "DA")])  # fast path, walk
def test_error_cells_near_and_far(tmp_path, row, col):
    n = row + 1
    path = write_xlsx(tmp_path / "w.xlsx", (
        f'<row r="1"><c r="A1"><v>1</v></c></row><row r="{n}">'
        f'<c r="{col}{n}" t="e"><v>#VALUE!</v></c><c r="Z{n}"><v>3</v></c></row>').encode())
    sheet = read_workbook(str(path)).sheets[0]
    column = (ord(col[0]) - 64) * 26 + ord(col[1]) - 65
    assert sheet.rows[row][25] == 3.0
    assert sheet.errors == {(row, column): "#VALUE!"}
    assert len(sheet.rows) == row + 1 and len(sheet.rows[0]) == column + 1


def test_chart_sheets_are_skipped(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A2"] = 1, 2
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=1, min_row=1, max_row=2))
    wb.create_chartsheet("图表").add_chart(chart)
    wb.create_sheet("后")["B2"] = "x"
    wb.save(tmp_path / "c.xlsx")
    sheets = read_workbook(str(tmp_path / "c.xlsx")).sheets
    assert [(s.name, s.rows[-1][-1]) for s in sheets] == [("Sheet", 2.0), ("后", "x")]


def test_xls_cells_merges_and_error_cells(tmp_path):
    wb = read_workbook(str(write_xls(tmp_path / "b.xls")))
    assert wb.fmt == "xls"
    sheet = wb.sheets[0]
    assert sheet.rows[4][2] == 286.95 and sheet.rows[5][3] == "基本支出"
    assert sheet.merged == [(0, 0, 0, 5)]
    assert sheet.errors == {(1, 1): "#REF!"}
    assert sheet.rows[1][1] is None
    assert [s.name for s in wb.sheets] == ["收入决算表", "Sheet2"]


def test_xls_formula_with_cached_error(tmp_path):
    data = bytearray(write_xls(tmp_path / "b.xls").read_bytes())
    # The FORMULA record of A7 (id 6, any length, row 6, col 0): cache the error #DIV/0!.
    body = re.search(rb"\x06\x00..\x06\x00\x00\x00", data, re.S).start() + 4
    data[body + 6:body + 14] = bytes([2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF])
    (tmp_path / "f.xls").write_bytes(bytes(data))
    sheet = read_workbook(str(tmp_path / "f.xls")).sheets[0]
    assert sheet.errors == {(1, 1): "#REF!", (6, 0): "#DIV/0!"}


def test_xls_named_xlsx_is_read_by_content(tmp_path):
    wb = read_workbook(str(write_xls(tmp_path / "renamed.xlsx")))
    assert wb.fmt == "xls" and wb.sheets[0].rows[4][2] == 286.95


def test_non_utf8_file_name_is_read(tmp_path):
    name = os.fsdecode(b"\xff\xfe\xb2\xbf\xc3\xc5.xlsx")  # GBK bytes: not valid UTF-8
    path = tmp_path / name
    path.write_bytes(write_openpyxl(tmp_path / "a.xlsx").read_bytes())
    assert read_workbook(str(path)).sheets[0].rows[4][2] == 1130.35
    assert sniff(str(path)) == "xlsx"


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.tuples(st.integers(0, 60), st.integers(0, 30)),
                       st.one_of(st.integers(-10**11, 10**11).map(lambda cents: cents / 100),
                                 st.text("收支0123456789.", min_size=1)),
                       min_size=1, max_size=20))
def test_any_cell_lands_where_it_was_written(tmp_path, cells):
    wb = openpyxl.Workbook()
    for (r, c), value in cells.items():
        wb.active.cell(r + 1, c + 1, value)
    wb.save(tmp_path / "h.xlsx")
    rows = read_workbook(str(tmp_path / "h.xlsx")).sheets[0].rows
    for (r, c), value in cells.items():
        assert rows[r][c] == value
    assert sum(v is not None for row in rows for v in row) == len(cells)


# --- refusals -------------------------------------------------------------------------------

def test_empty_file(tmp_path):
    (tmp_path / "e.xlsx").write_bytes(b"")
    assert "0 字节" in refused(tmp_path / "e.xlsx")


def test_truncated_xlsx(tmp_path):
    data = write_openpyxl(tmp_path / "a.xlsx").read_bytes()
    (tmp_path / "t.xlsx").write_bytes(data[: len(data) // 2])
    assert "损坏或不完整（无法解压）" in refused(tmp_path / "t.xlsx")


def test_truncated_xls(tmp_path):
    data = write_xls(tmp_path / "b.xls").read_bytes()
    (tmp_path / "t.xls").write_bytes(data[:1000])
    assert "损坏或不完整" in refused(tmp_path / "t.xls")


def test_member_with_lying_size_is_corrupt(tmp_path):
    path, member = write_openpyxl(tmp_path / "a.xlsx"), "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        local, directory = z.getinfo(member).header_offset, z.start_dir
    data = bytearray(path.read_bytes())
    central = data.index(member.encode(), directory) - 46  # fixed part of a directory entry
    for size_field in (local + 22, central + 24):  # uncompressed size in both headers
        struct.pack_into("<I", data, size_field, 10)
    (tmp_path / "l.xlsx").write_bytes(bytes(data))
    assert "损坏或不完整" in refused(tmp_path / "l.xlsx")


def test_csv_named_xlsx(tmp_path):
    (tmp_path / "c.xlsx").write_text("科目编码,科目名称,合计\n201,一般公共服务,1130.35\n", "gbk")
    assert "CSV" in refused(tmp_path / "c.xlsx")


def test_html_named_xls(tmp_path):
    (tmp_path / "h.xls").write_text(
        '<html xmlns:x="urn:schemas-microsoft-com:office:excel"><body><table><tr><td>收入</td>'
        "</tr></table></body></html>", "utf-8")
    message = refused(tmp_path / "h.xls")
    assert "HTML" in message and ".xls" in message


def test_password_protected_xlsx(tmp_path):
    plain = write_openpyxl(tmp_path / "a.xlsx")
    out = io.BytesIO()
    with open(plain, "rb") as f:
        OOXMLFile(f).encrypt("1234", out)
    (tmp_path / "p.xlsx").write_bytes(out.getvalue())
    assert sniff(str(tmp_path / "p.xlsx")) == "encrypted"
    assert "密码" in refused(tmp_path / "p.xlsx")


def test_shared_strings_bomb_claim(tmp_path):
    sst = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
           b'2006/main" count="2000000000" uniqueCount="2000000000"><si><t>x</t></si></sst>')
    path = write_xlsx(tmp_path / "s.xlsx", b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
                      extra={"xl/sharedStrings.xml": sst})
    assert "共享字符串" in refused_in_child(path)


@pytest.mark.parametrize("member", ["../evil.xml", "/etc/evil.xml", "xl/../../evil.xml",
                                    "C:/evil.xml", "xl\\..\\evil.xml"])
def test_zip_slip_member_names(tmp_path, member):
    path = write_xlsx(tmp_path / "z.xlsx", extra={member: b"<x/>"})
    assert "非法路径" in refused(path)


def test_duplicate_member_names(tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", b'<row r="1"><c r="A1"><v>1</v></c></row>')
    with pytest.warns(UserWarning), zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/worksheets/sheet1.xml", _sheet_xml(b""))
    assert "重复" in refused(path)


def test_sheet_missing_from_package(tmp_path):
    path = write_xlsx(tmp_path / "m.xlsx", skip=("xl/worksheets/sheet1.xml",))
    assert "缺失" in refused(path)


def test_too_much_unzipped_data(tmp_path):
    path = write_xlsx(tmp_path / "big.xlsx", extra={"xl/media/pad.bin": b"0" * 3_000_000})
    assert "解压后过大" in refused(path, max_unzipped_bytes=2_000_000)


def test_zip_bomb_member(tmp_path):
    path = write_xlsx(tmp_path / "bomb.xlsx", extra={"xl/media/pad.bin": b"0" * 3_000_000})
    assert "压缩比异常" in refused(path, ratio_min_bytes=1_000_000)


def test_far_away_cell_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "far.xlsx", b'<row r="1"><c r="A1"><v>1</v></c></row>'
                      b'<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>')
    message = refused_in_child(path)
    assert "数据区域过大" in message and "XFD1048576" in message


@pytest.mark.parametrize("cell", [
    b'<c r="A2" t="n" r="XFD1048576"><v>2</v></c>',  # calamine keeps the last r
    b'<c r="A2" t=">" r="XFD1048576"><v>2</v></c>',  # a quoted > does not end the tag
    b"<c r='XFD1048576'><v>2</v></c>",
    b'<c><v>0</v></c>' * 3 + b'<c r="XFD2"><v>2</v></c>',
])
def test_far_cell_hidden_in_odd_markup(tmp_path, cell):
    path = write_xlsx(tmp_path / "odd.xlsx", b'<row r="1"><c r="A1"><v>1</v></c></row>'
                                             b'<row r="1048576">' + cell + b"</row>")
    assert "数据区域过大" in refused_in_child(path)


def test_sheet_cell_limit_is_exact_for_small_limits(tmp_path):
    path = write_openpyxl(tmp_path / "a.xlsx")
    # The farthest cells with content are E9 (a formula) and D5: A1:E9 holds 45 cells.
    assert read_workbook(str(path), max_sheet_cells=45).sheets[0].rows[4][2] == 1130.35
    assert "数据区域过大" in refused(path, max_sheet_cells=44)


def test_far_away_cell_xls(tmp_path):
    wb = xlwt.Workbook()
    ws = wb.add_sheet("S")
    ws.write(0, 0, 1)
    ws.write(65535, 255, 2)
    wb.save(tmp_path / "far.xls")
    assert "数据区域过大" in refused(tmp_path / "far.xls")


def test_hostile_xls_column(tmp_path):
    wb = xlwt.Workbook()
    wb.add_sheet("S").write(4, 2, 0.123456789)  # not an RK number: stored as NUMBER
    wb.save(tmp_path / "n.xls")
    data = bytearray((tmp_path / "n.xls").read_bytes())
    at = data.find(struct.pack("<HHHH", 0x0203, 14, 4, 2))
    struct.pack_into("<HH", data, at + 4, 60000, 60000)  # BIFF8 columns end at 255
    (tmp_path / "col.xls").write_bytes(bytes(data))
    assert "数据区域过大" in refused_in_child(tmp_path / "col.xls")


def test_hostile_xls_dimensions_record(tmp_path):
    data = bytearray(write_xls(tmp_path / "b.xls").read_bytes())
    at = data.find(struct.pack("<HH", 0x0200, 14))
    struct.pack_into("<IIHH", data, at + 4, 0, 4_000_000_000, 0, 65535)
    (tmp_path / "dim.xls").write_bytes(bytes(data))
    assert "尺寸记录无效" in refused_in_child(tmp_path / "dim.xls")


def test_invalid_cell_reference(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", b'<row r="1"><c r="a1"><v>1</v></c></row>')
    assert "单元格坐标" in refused_in_child(path)


def test_entities_are_never_expanded(tmp_path):
    workbook = (b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' + _WORKBOOK[21:].replace(
                    b'name="S"', b'name="&b;"'))
    path = write_xlsx(tmp_path / "x.xlsx", extra={"xl/workbook.xml": workbook})
    assert "EntitiesForbidden" in refused(path)


@pytest.mark.parametrize("content, kind", [
    (b"", "empty"),
    (b"%PDF-1.7\n...", "pdf"),
    ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns='
     '"urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'.encode(), "xml"),
    (b"MIME-Version: 1.0\r\nContent-Type: multipart/related", "html"),
    ("科目\t金额\n".encode("utf-16"), "csv"),
    (bytes(range(256)) * 4, "unknown"),
])
def test_sniff_by_content(tmp_path, content, kind):
    (tmp_path / "f.xls").write_bytes(content)
    assert sniff(str(tmp_path / "f.xls")) == kind


def test_sniff_workbooks_and_damage(tmp_path):
    assert sniff(str(write_openpyxl(tmp_path / "a.bin"))) == "xlsx"
    assert sniff(str(write_xls(tmp_path / "b.bin"))) == "xls"
    (tmp_path / "t.xlsx").write_bytes((tmp_path / "a.bin").read_bytes()[:300])
    assert sniff(str(tmp_path / "t.xlsx")) == "corrupt"


def test_sniff_zip_kinds(tmp_path):
    with zipfile.ZipFile(tmp_path / "o.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with zipfile.ZipFile(tmp_path / "d.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<x/>")
        z.writestr("word/document.xml", "<x/>")
    assert sniff(str(tmp_path / "o.xlsx")) == "ods"
    assert ".ods" in refused(tmp_path / "o.xlsx")
    assert sniff(str(tmp_path / "d.xlsx")) == "zip"
    assert "ZIP" in refused(tmp_path / "d.xlsx")


def test_missing_file_is_refused_not_raised(tmp_path):
    assert "读取文件" in refused(tmp_path / "nope.xlsx")
