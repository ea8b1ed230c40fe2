package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

const testLimit = 16 << 20

// zipOf builds a zip from name → content.
func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

// handMade is a workbook as other producers write it: the workbook in a custom place, sheets under
// names that do not follow sheetN.xml, in an order that differs from the zip's.
func handMade(t testing.TB) []byte {
	return zipOf(t, map[string]string{
		"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
			<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/main.xml"/></Relationships>`,
		"book/main.xml": `<workbook ` + ns + `><sheets>
			<sheet name="数据" sheetId="1" r:id="rIdB"/>
			<sheet name="隐藏" sheetId="2" state="hidden" r:id="rIdA"/>
			<sheet name="宏" sheetId="3" state="veryHidden" r:id="rIdA"/>
			<sheet name="图表" sheetId="4" r:id="rIdChart"/></sheets></workbook>`,
		"book/_rels/main.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
			<Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="ws/other.xml"/>
			<Relationship Id="rIdB" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="ws/Data.xml"/>
			<Relationship Id="rIdChart" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="charts/c.xml"/>
			<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="text.xml"/></Relationships>`,
		"book/text.xml": `<sst ` + ns + `>
			<si><t>企业名称</t></si>
			<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本 </t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si>
			<si><t>a_x000D_b_x005F_x0041_</t></si></sst>`,
		"book/ws/DATA.xml": `<worksheet ` + ns + `><sheetData>
			<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
			<row r="3"><c t="inlineStr"><is><t>行内</t></is></c><c><v>13800138000</v></c><c t="b"><v>1</v></c><c r="E3"><v>0.30000000000000004</v></c>
				<c r="F3" t="str"><f>A1</f><v>公式</v></c><c r="G3" t="s"><v>2</v></c><c r="H3" s="1"/></row>
			<row><c><v>1E-3</v></c><c t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>
			<row r="9" spans="1:3"/></sheetData>
			<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`,
		"book/ws/other.xml": `<worksheet ` + ns + `><sheetData><row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>`,
	})
}

func TestReadListsSheetsThroughRelationships(t *testing.T) {
	wb, err := Open(handMade(t), testLimit)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range wb.Sheets {
		got = append(got, s.Name+"/"+s.State)
	}
	if want := []string{"数据/visible", "隐藏/hidden", "宏/veryHidden"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets = %v, want %v (the chart sheet has no cells)", got, want)
	}
}

func TestReadRowsTextAsExcelShowsIt(t *testing.T) {
	wb, err := Open(handMade(t), testLimit)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.Rows("数据")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"企业名称", "", "富文本 "},
		nil,
		{"行内", "13800138000", "TRUE", "", "0.3", "公式", "a\rb_x0041_"},
		{"0.001", "ab"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows =\n%q\nwant\n%q", rows, want)
	}
	other, err := wb.Rows("宏")
	if err != nil || !reflect.DeepEqual(other, [][]string{{"x"}}) {
		t.Errorf("hidden sheet rows = %q, %v", other, err)
	}
	rc, err := wb.SheetXML("数据")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Contains(raw, []byte(`<mergeCell ref="A1:B1"/>`)) {
		t.Errorf("SheetXML lacks the merged range: %s", raw)
	}
}

func TestGeneralNumberFormat(t *testing.T) {
	for in, want := range map[string]string{
		"1": "1", "1.5": "1.5", "-0.25": "-0.25", "1E-3": "0.001", "1.3800138E10": "13800138000",
		"0.30000000000000004": "0.3", "123456789012345678": "1.23456789012346E+17", "abc": "abc", "": "",
	} {
		if got := generalNumber(in); got != want {
			t.Errorf("generalNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// bomb is a zip whose one entry inflates to size bytes of zeros.
func bomb(t testing.TB, size int) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(make([]byte, size)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestOpenRefusesWhatItCannotRead(t *testing.T) {
	sheetOnly := func(sheet string) []byte {
		return zipOf(t, map[string]string{
			"xl/workbook.xml":            `<workbook ` + ns + `><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
			"xl/worksheets/sheet1.xml":   `<worksheet ` + ns + `><sheetData>` + sheet + `</sheetData></worksheet>`,
		})
	}
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"legacy or encrypted", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), ErrEncrypted},
		{"zip bomb", bomb(t, testLimit+1), ErrTooLarge},
		{"not a zip", []byte("統一社会信用代码,企业名称\n"), ErrCorrupt},
		{"truncated zip", handMade(t)[:200], ErrCorrupt},
		{"zip without workbook", zipOf(t, map[string]string{"a.txt": "hi"}), ErrCorrupt},
		{"broken workbook xml", zipOf(t, map[string]string{"xl/workbook.xml": "<workbook><sheets>"}), ErrCorrupt},
		{"bad cell reference", sheetOnly(`<row><c r="XFE1"><v>1</v></c></row>`), ErrCorrupt},
		{"bad row number", sheetOnly(`<row r="0"><c><v>1</v></c></row>`), ErrCorrupt},
		{"shared string out of range", sheetOnly(`<row><c t="s"><v>3</v></c></row>`), ErrCorrupt},
		{"broken sheet xml", sheetOnly(`<row><c><v>1</c></row>`), ErrCorrupt},
		{"cells past the cap", sheetOnly(`<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`), ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := Open(tc.data, testLimit)
			if err == nil {
				wb.MaxCells = 1 << 20
				_, err = wb.Rows("S")
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
		})
	}
	wb, err := Open(handMade(t), testLimit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wb.Rows("nope"); !errors.Is(err, ErrNoSheet) {
		t.Errorf("unknown sheet: %v", err)
	}
}

func writeBook(t testing.TB, sheet string, layout Layout, rows [][]string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := NewWriter(&b, sheet, layout)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tricky is text a writer must get right: markup, escapes, control characters, line breaks.
var tricky = [][]string{
	{"统一社会信用代码", "名称", "", "备注"},
	{"91310000MA1K000001", `<a href="x">&amp;</a> "q" 'a'`, "", "line\nbreak\r\nand\ttab"},
	{"bell\x07null\x00esc\x1b", "_x000D_ literal", "_x005F_", "\uFFFE\xff bad utf-8"},
	{"'=HYPERLINK(\"http://evil\")", "  spaces  ", "😀 emoji"},
}

var trickyClean = [][]string{
	tricky[0],
	tricky[1],
	{"bellnullesc", "_x000D_ literal", "_x005F_", " bad utf-8"},
	tricky[3],
}

func TestWriteThenReadRoundTrips(t *testing.T) {
	long := strings.Repeat("长", MaxCellChars+10)
	data := writeBook(t, "企业 <&>", Layout{Widths: []float64{24, 0, 36}, FreezeFirstRow: true}, append(tricky, []string{long}))
	wb, err := Open(data, testLimit)
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 1 || wb.Sheets[0].Name != "企业 <&>" || wb.Sheets[0].State != Visible {
		t.Fatalf("sheets = %+v", wb.Sheets)
	}
	rows, err := wb.Rows("企业 <&>")
	if err != nil {
		t.Fatal(err)
	}
	want := append(trickyClean, []string{long[:MaxCellChars*len("长")]})
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows =\n%q\nwant\n%q", rows[:len(rows)-1], want[:len(want)-1])
	}
}

func TestWriterRefusesSheetNamesExcelRefuses(t *testing.T) {
	for _, name := range []string{"", "a/b", "a:b", "q?", "[x]", "'quoted'", strings.Repeat("表", 32), "tab\x01"} {
		if _, err := NewWriter(io.Discard, name, Layout{}); !errors.Is(err, ErrSheetName) {
			t.Errorf("NewWriter(%q) = %v, want ErrSheetName", name, err)
		}
	}
}

// Excelize, the library this package replaced, is the reference: it reads what we write with the
// layout we asked for, and we read what it writes as it reads it itself.
func TestExcelizeReadsWhatWeWrite(t *testing.T) {
	data := writeBook(t, "服务机构", Layout{Widths: []float64{24, 14, 36}, FreezeFirstRow: true}, tricky)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"服务机构"}) {
		t.Fatalf("sheets = %v", got)
	}
	rows, err := f.GetRows("服务机构")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, trickyClean) {
		t.Errorf("excelize rows =\n%q\nwant\n%q", rows, trickyClean)
	}
	for col, want := range map[string]float64{"A": 24, "B": 14, "C": 36} {
		if w, err := f.GetColWidth("服务机构", col); err != nil || w != want {
			t.Errorf("width of %s = %v, %v; want %v", col, w, err, want)
		}
	}
	panes, err := f.GetPanes("服务机构")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, %v; want the first row frozen", panes, err)
	}
	if formula, _ := f.GetCellFormula("服务机构", "A4"); formula != "" {
		t.Errorf("A4 became a formula: %q", formula)
	}
}

func TestWeReadWhatExcelizeWrites(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "企业"); err != nil {
		t.Fatal(err)
	}
	set := func(sheet, cell string, v any) {
		if err := f.SetCellValue(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range trickyClean {
		for j, c := range r {
			name, _ := CellName(j+1, i+1)
			set("企业", name, c)
		}
	}
	set("企业", "B7", 13800138000)
	set("企业", "C7", 0.1+0.2)
	set("企业", "D7", true)
	set("企业", "AA9", -12.5)
	if err := f.SetCellRichText("企业", "A8", []excelize.RichTextRun{{Text: "富", Font: &excelize.Font{Bold: true}}, {Text: "文本"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellFormula("企业", "E7", "B7*2"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("说明"); err != nil {
		t.Fatal(err)
	}
	set("说明", "B2", "hidden note")
	if err := f.SetSheetVisible("说明", false); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	wb, err := Open(b.Bytes(), testLimit)
	if err != nil {
		t.Fatal(err)
	}
	if len(wb.Sheets) != 2 || wb.Sheets[0].Name != "企业" || wb.Sheets[0].State != Visible || wb.Sheets[1].Name != "说明" || wb.Sheets[1].State != Hidden {
		t.Fatalf("sheets = %+v", wb.Sheets)
	}
	for _, s := range wb.Sheets {
		ours, err := wb.Rows(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := f.GetRows(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !sameRows(ours, theirs) {
			t.Errorf("%s: ours =\n%q\nexcelize =\n%q", s.Name, ours, theirs)
		}
	}
}

// sameRows compares rows, taking a missing row or cell as empty.
func sameRows(a, b [][]string) bool {
	for i := 0; i < max(len(a), len(b)); i++ {
		var ra, rb []string
		if i < len(a) {
			ra = a[i]
		}
		if i < len(b) {
			rb = b[i]
		}
		for j := 0; j < max(len(ra), len(rb)); j++ {
			var ca, cb string
			if j < len(ra) {
				ca = ra[j]
			}
			if j < len(rb) {
				cb = rb[j]
			}
			if ca != cb {
				return false
			}
		}
	}
	return true
}

func FuzzOpen(f *testing.F) {
	f.Add(handMade(f))
	f.Add(writeBook(f, "S", Layout{Widths: []float64{10}, FreezeFirstRow: true}, tricky))
	f.Add(bomb(f, 5000))
	f.Add([]byte("PK\x03\x04"))
	const limit = 4096
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := Open(data, limit)
		if err != nil {
			return
		}
		wb.MaxCells = 10_000
		for _, s := range wb.Sheets {
			rows, err := wb.Rows(s.Name)
			if err != nil {
				continue
			}
			cells := 0
			for _, r := range rows {
				cells += max(len(r), 1)
				for _, c := range r {
					if len(c) > limit {
						t.Fatalf("a cell of %d bytes from parts limited to %d", len(c), limit)
					}
				}
			}
			if cells > wb.MaxCells {
				t.Fatalf("%d cells over the cap of %d", cells, wb.MaxCells)
			}
		}
	})
}

func TestBrokenSharedStringsFailEveryRead(t *testing.T) {
	data := zipOf(t, map[string]string{
		"xl/workbook.xml": `<workbook ` + ns + `><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml":     `<sst ` + ns + `><si><t>ok</t></si><si><t>broken</si></sst>`,
		"xl/worksheets/sheet1.xml": `<worksheet ` + ns + `><sheetData><row><c t="s"><v>0</v></c></row></sheetData></worksheet>`,
	})
	wb, err := Open(data, testLimit)
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{"A", "B"} {
		if rows, err := wb.Rows(sheet); !errors.Is(err, ErrCorrupt) {
			t.Errorf("Rows(%s) = %q, %v; want ErrCorrupt", sheet, rows, err)
		}
	}
}
