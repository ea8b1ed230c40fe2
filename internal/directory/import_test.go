package directory

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"chuhai/internal/apperr"
)

var enterpriseHeader = []string{"统一社会信用代码", "企业名称", "英文名称", "注册地址", "所属区", "行业", "企业规模", "所有制", "目标市场", "联系人", "联系电话", "电子邮箱"}

func enterpriseRow(n int, district string) []string {
	return []string{uscc(n), fmt.Sprintf("上海导入企业%d有限公司", n), fmt.Sprintf("Import Co %d", n), "", district, "C39 计算机、通信和其他电子设备制造业",
		"中型", "民营", "越南、泰国", "张三", "021-64000000", "zhang@example.com"}
}

// xlsxFile builds a workbook with one sheet of rows; edit may add merged cells, formulas, sheets.
func xlsxFile(t testing.TB, sheet string, rows [][]string, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(f)
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func csvFile(rows [][]string) []byte {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ",") + "\r\n")
	}
	return []byte(b.String())
}

func errorKeys(rep ImportReport) []string {
	var out []string
	for _, e := range rep.Errors {
		out = append(out, fmt.Sprintf("%d/%s/%s", e.Row, e.Column, e.Key))
	}
	return out
}

func hasError(rep ImportReport, row int, column, key string) bool {
	for _, e := range rep.Errors {
		if e.Row == row && e.Column == column && e.Key == key {
			return true
		}
	}
	return false
}

func TestImportXLSXWithTwoBadRowsThenFixed(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := as(xuhuiStaff)
		rows := [][]string{enterpriseHeader}
		for i := 1; i <= 5; i++ {
			rows = append(rows, enterpriseRow(i, "徐汇区"))
		}
		rows[2][0] = "91310104MA1FL4B24G" // row 3: wrong check digit
		rows[4][8] = "越南、亚特兰蒂斯"           // row 5: unknown market
		file := xlsxFile(t, "企业", rows, nil)
		rep, err := f.store.Import(ctx, KindEnterprises, file, ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 5 || rep.Valid != 3 || rep.Invalid != 2 || rep.Committed || rep.Sheet != "企业" || rep.Format != "xlsx" {
			t.Fatalf("dry run: %+v", rep)
		}
		if !hasError(rep, 3, "统一社会信用代码", "uscc.check_digit") || !hasError(rep, 5, "目标市场", "directory.country.unknown") || len(rep.Errors) != 2 {
			t.Fatalf("errors: %v", errorKeys(rep))
		}
		if rep.Errors[0].Cell != "A3" || rep.Errors[1].Cell != "I5" {
			t.Errorf("cells: %s %s", rep.Errors[0].Cell, rep.Errors[1].Cell)
		}
		// Importing without choosing "valid rows only" writes nothing.
		rep, err = f.store.Import(ctx, KindEnterprises, file, ImportOptions{})
		if err != nil || rep.Committed || f.count(`SELECT COUNT(*) FROM enterprise`) != 0 {
			t.Fatalf("all-or-nothing wrote: %+v %v", rep, err)
		}
		// Fixed, it imports.
		rows[2][0], rows[4][8] = uscc(2), "越南"
		rep, err = f.store.Import(ctx, KindEnterprises, xlsxFile(t, "企业", rows, nil), ImportOptions{})
		if err != nil || !rep.Committed || rep.Created != 5 || len(rep.Errors) != 0 {
			t.Fatalf("fixed import: %+v %v", rep, err)
		}
		e, err := f.store.EnterpriseByUSCC(context.Background(), uscc(1))
		if err != nil || e.HomeDistrict != "310104" || e.Industry != "C39" || e.SizeClass != "medium" || e.Ownership != "private" ||
			len(e.Markets) != 2 || e.Origin != OriginImport || e.Contacts[0].Email != "zhang@example.com" {
			t.Fatalf("imported: %+v %v", e, err)
		}
		// One entry for the batch of five rows, naming each record, and one for the import.
		if f.auditCount("directory.enterprise.import") != 1 || f.auditCount("directory.import") != 1 ||
			f.count(`SELECT COUNT(*) FROM audit_entry WHERE action = 'directory.enterprise.import' AND detail LIKE $1`, "%"+uscc(5)+"%") != 1 {
			t.Error("import not audited")
		}
	})
}

func TestImportValidRowsOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		rows := [][]string{enterpriseHeader, enterpriseRow(1, "徐汇"), enterpriseRow(2, "徐汇"), enterpriseRow(3, "静安区")}
		rows[2][1] = ""
		rep, err := f.store.Import(as(xuhuiStaff), KindEnterprises, csvFile(rows), ImportOptions{ValidOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		// Row 3 has no name; row 4 belongs to Jing'an, which Xuhui's point does not register.
		if !rep.Committed || rep.Created != 1 || rep.Invalid != 2 || !hasError(rep, 3, "企业名称", "error.required") ||
			!hasError(rep, 4, "所属区", "directory.enterprise.other_district") {
			t.Fatalf("valid only: %+v %v", rep, errorKeys(rep))
		}
		if n := f.count(`SELECT COUNT(*) FROM enterprise`); n != 1 {
			t.Fatalf("%d enterprises", n)
		}
	})
}

func TestImportIsIdempotentOnUSCC(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := as(xuhuiStaff)
		rows := [][]string{enterpriseHeader, enterpriseRow(1, "徐汇区"), enterpriseRow(2, "徐汇区")}
		if _, err := f.store.Import(ctx, KindEnterprises, csvFile(rows), ImportOptions{}); err != nil {
			t.Fatal(err)
		}
		before, _ := f.store.EnterpriseByUSCC(context.Background(), uscc(1))
		rows[1][2], rows[1][8] = "Renamed Co", "" // an empty cell keeps the current value
		rows[1][0] = strings.ToLower(rows[1][0])
		rep, err := f.store.Import(ctx, KindEnterprises, csvFile(rows), ImportOptions{})
		if err != nil || rep.Created != 0 || rep.Updated != 2 {
			t.Fatalf("re-import: %+v %v", rep, err)
		}
		after, _ := f.store.EnterpriseByUSCC(context.Background(), uscc(1))
		if f.count(`SELECT COUNT(*) FROM enterprise`) != 2 || after.ID != before.ID || after.NameEn != "Renamed Co" ||
			len(after.Markets) != 2 || after.Version != before.Version+1 {
			t.Fatalf("after re-import: %+v", after)
		}
		// The home district never moves by import.
		rows[1][4] = "静安区"
		rep, _ = f.store.Import(ctx, KindEnterprises, csvFile(rows), ImportOptions{})
		if rep.Committed || !hasError(rep, 2, "所属区", "directory.enterprise.district_change_needed") {
			t.Fatalf("district by import: %v", errorKeys(rep))
		}
		// Another district's point cannot update Xuhui's enterprises by import.
		rows[1][4] = ""
		rep, _ = f.store.Import(as(jinganStaff), KindEnterprises, csvFile(rows), ImportOptions{})
		if rep.Committed || !hasError(rep, 2, "统一社会信用代码", "directory.import.not_yours") {
			t.Fatalf("other district: %v", errorKeys(rep))
		}
	})
}

func TestImportRejectsBadFiles(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := as(coordinator)
		good := [][]string{enterpriseHeader, enterpriseRow(1, "徐汇区"), enterpriseRow(2, "徐汇区")}
		wantFile := func(name string, data []byte, key string) {
			t.Helper()
			_, err := f.store.Import(ctx, KindEnterprises, data, ImportOptions{})
			e, ok := apperr.As(err)
			if !ok || len(e.Fields) != 1 || e.Fields[0].Name != "file" || e.Fields[0].Key != key {
				t.Errorf("%s: got %v, want file error %s", name, err, key)
			}
		}
		wantRows := func(name string, data []byte, want ...string) {
			t.Helper()
			rep, err := f.store.Import(ctx, KindEnterprises, data, ImportOptions{})
			if err != nil {
				t.Errorf("%s: %v", name, err)
				return
			}
			if rep.Committed {
				t.Errorf("%s: committed", name)
			}
			for _, w := range want {
				found := false
				for _, k := range errorKeys(rep) {
					found = found || k == w
				}
				if !found {
					t.Errorf("%s: errors %v lack %s", name, errorKeys(rep), w)
				}
			}
		}
		dup := append([][]string{}, good...)
		dup = append(dup, enterpriseRow(1, "徐汇区"))
		wantRows("duplicate rows", csvFile(dup), "4/统一社会信用代码/directory.import.duplicate_row")
		wantRows("merged cells", xlsxFile(t, "企业", good, func(x *excelize.File) {
			if err := x.MergeCell("企业", "B2", "C2"); err != nil {
				t.Fatal(err)
			}
		}), "2/企业名称/directory.import.merged")
		wantRows("formula", xlsxFile(t, "企业", good, func(x *excelize.File) {
			if err := x.SetCellFormula("企业", "C3", `CONCATENATE("A","B")`); err != nil {
				t.Fatal(err)
			}
		}), "3/英文名称/directory.import.formula")
		wantRows("formula in csv", csvFile([][]string{enterpriseHeader, append(enterpriseRow(1, "徐汇区")[:2], `=HYPERLINK("http://x")`)}),
			"2/英文名称/directory.import.formula")
		wantFile("wrong sheet", xlsxFile(t, "服务机构", [][]string{{"机构名称", "服务类别"}, {"某律所", "法律"}}, func(x *excelize.File) {
			if _, err := x.NewSheet("说明"); err != nil {
				t.Fatal(err)
			}
		}), "directory.import.wrong_sheet")
		wantFile("missing column", csvFile([][]string{{"企业名称", "所属区"}, {"某公司", "徐汇"}}), "directory.import.missing_columns")
		wantFile("50 MB", bytes.Repeat([]byte("统一社会信用代码,企业名称\r\n"), 50<<20/34), "directory.import.too_large")
		wantFile("empty", nil, "directory.import.empty")
		wantFile("old xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), "directory.import.xls")
		wantFile("corrupt zip", append([]byte("PK\x03\x04"), make([]byte, 100)...), "directory.import.corrupt")
		wantFile("zip bomb", zipBomb(t), "directory.import.bomb")
		wantFile("binary", []byte{0x81, 0x20, 0xff, 0x30, 0x81, 0x20}, "directory.import.encoding")
		wantFile("header only", csvFile(good[:1]), "directory.import.no_rows")
		if n := f.count(`SELECT COUNT(*) FROM enterprise`); n != 0 {
			t.Fatalf("bad files wrote %d enterprises", n)
		}
	})
}

// zipBomb is a workbook whose one worksheet inflates from about 100 KB to 100 MB.
func zipBomb(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"} {
		w, _ := zw.Create(name)
		_, _ = w.Write([]byte("<x/>"))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for range 100 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if b.Len() > 1<<20 {
		t.Fatalf("bomb is %d bytes", b.Len())
	}
	return b.Bytes()
}

func TestImportGBKCSV(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		text := string(csvFile([][]string{enterpriseHeader, enterpriseRow(1, "徐汇区")}))
		gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := f.store.Import(as(xuhuiStaff), KindEnterprises, []byte(gbk), ImportOptions{})
		if err != nil || !rep.Committed || rep.Encoding != "gb18030" {
			t.Fatalf("GBK: %+v %v", rep, err)
		}
		e, err := f.store.EnterpriseByUSCC(context.Background(), uscc(1))
		if err != nil || e.NameZh != "上海导入企业1有限公司" || e.Contacts[0].Name != "张三" {
			t.Fatalf("decoded: %+v %v", e, err)
		}
		// A UTF-8 file with a byte-order mark, tab-separated, with a title row above the header.
		tsv := "\xEF\xBB\xBF徐汇区企业名录\r\n" + strings.ReplaceAll(string(csvFile([][]string{enterpriseHeader, enterpriseRow(2, "徐汇")})), ",", "\t")
		rep, err = f.store.Import(as(xuhuiStaff), KindEnterprises, []byte(tsv), ImportOptions{})
		if err != nil || !rep.Committed || rep.Encoding != "utf-8" {
			t.Fatalf("TSV: %+v %v", rep, err)
		}
	})
}

func TestImportProviders(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		head := []string{"机构名称", "英文名称", "统一社会信用代码", "境外注册国家", "境外注册号", "服务类别", "服务国家", "工作语言", "办公地点", "联系人", "联系电话"}
		rows := [][]string{head,
			{"衡平律所", "Hengping", uscc(801), "", "", "法律、知识产权", "越南、泰国", "中文、英语", "徐汇区", "陈", "021-1"},
			{"德国咨询", "DE Consult", "", "德国", "HRB 1", "咨询", "Germany, Hungary", "de", "静安", "", ""},
			{"无身份", "", "", "", "", "法律", "", "", "", "", ""},
			{"无类别", "", uscc(802), "", "", "", "", "", "", "", ""},
		}
		rep, err := f.store.Import(as(xuhuiStaff), KindProviders, xlsxFile(t, "服务机构", rows, nil), ImportOptions{ValidOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Created != 2 || !hasError(rep, 4, "统一社会信用代码", "directory.provider.identity_needed") ||
			!hasError(rep, 5, "服务类别", "error.required") {
			t.Fatalf("providers: %+v %v", rep, errorKeys(rep))
		}
		de, _, err := f.store.ListProviders(context.Background(), ProviderFilter{Query: "HRB 1"})
		if err != nil || len(de) != 1 || de[0].ForeignCountry != "DE" || len(de[0].Countries) != 2 || de[0].Status != ProviderVerified {
			t.Fatalf("foreign provider: %+v %v", de, err)
		}
		// Re-importing the same firms updates them.
		rows[2][1] = "DE Consult GmbH"
		rep, err = f.store.Import(as(xuhuiStaff), KindProviders, xlsxFile(t, "服务机构", rows[:3], nil), ImportOptions{})
		if err != nil || rep.Updated != 2 || rep.Created != 0 {
			t.Fatalf("re-import: %+v %v", rep, err)
		}
		if n := f.count(`SELECT COUNT(*) FROM provider`); n != 2 {
			t.Fatalf("%d providers after re-import", n)
		}
		if _, err := f.store.Import(as(enterpriseUser(1, admin)), KindProviders, csvFile(rows), ImportOptions{}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("an enterprise imported: %v", err)
		}
	})
}

func TestExportNeutralisesFormulasAndRoundTrips(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		in := EnterpriseInput{USCC: uscc(1), NameZh: "=HYPERLINK(\"http://evil\")", NameEn: "+cmd|' /C calc'!A0", HomeDistrict: "310104",
			Markets: []string{"VN"}, Contacts: []Contact{{Name: "@SUM(1+1)", Phone: "+86 21 6400 0000"}}, Website: "https://example.com"}
		if _, err := f.store.CreateEnterprise(ctx, in); err != nil {
			t.Fatal(err)
		}
		var csvOut bytes.Buffer
		n, err := f.store.ExportEnterprises(ctx, EnterpriseFilter{}, FormatCSV, &csvOut)
		if err != nil || n != 1 {
			t.Fatal(n, err)
		}
		text := csvOut.String()
		for _, want := range []string{`"'=HYPERLINK(""http://evil"")"`, "'+cmd|' /C calc'!A0", "'@SUM(1+1)", "'+86 21 6400 0000", "越南", "徐汇区"} {
			if !strings.Contains(text, want) {
				t.Errorf("CSV lacks %q:\n%s", want, text)
			}
		}
		var xl bytes.Buffer
		if _, err := f.store.ExportEnterprises(ctx, EnterpriseFilter{}, FormatXLSX, &xl); err != nil {
			t.Fatal(err)
		}
		wb, err := excelize.OpenReader(bytes.NewReader(xl.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		v, _ := wb.GetCellValue("企业", "B2")
		formula, _ := wb.GetCellFormula("企业", "B2")
		if v != `'=HYPERLINK("http://evil")` || formula != "" {
			t.Errorf("xlsx B2 = %q (formula %q)", v, formula)
		}
		wb.Close()
		// The export imports back unchanged: same record, nothing new.
		for _, data := range [][]byte{csvOut.Bytes(), xl.Bytes()} {
			rep, err := f.store.Import(as(coordinator), KindEnterprises, data, ImportOptions{})
			if err != nil || !rep.Committed || rep.Updated != 1 || len(rep.Ignored) != 4 {
				t.Fatalf("round trip: %+v %v %v", rep, err, errorKeys(rep))
			}
		}
		e, _ := f.store.EnterpriseByUSCC(ctx, uscc(1))
		if e.NameZh != in.NameZh || e.NameEn != in.NameEn || e.Contacts[0].Name != "@SUM(1+1)" || e.Contacts[0].Phone != "+86 21 6400 0000" {
			t.Errorf("after round trip: %+v", e)
		}
		var tpl bytes.Buffer
		if err := WriteTemplate(KindProviders, FormatXLSX, &tpl); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Import(as(coordinator), KindProviders, tpl.Bytes(), ImportOptions{}); err == nil {
			t.Error("an empty template imported")
		}
	})
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+86": "'+86", "-2": "'-2", "@x": "'@x", "\tx": "'\tx", "a=b": "a=b", "": "", "徐汇": "徐汇"} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzReadTable: no file, however broken, makes reading or locating its header panic.
func FuzzReadTable(f *testing.F) {
	f.Add([]byte("统一社会信用代码,企业名称\r\n91310000MA1FL4B24G,某公司\r\n"))
	f.Add([]byte("\xEF\xBB\xBF\"a,b\r\n"))
	f.Add([]byte("\xFF\xFEa\x00,\x00"))
	f.Add(append([]byte("PK\x03\x04"), make([]byte, 40)...))
	f.Add([]byte("\x81\x20\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, sp := range []*sheetSpec{&enterpriseSheet, &providerSheet} {
			tb, err := readTable(data, sp.pickSheet)
			if err != nil {
				continue
			}
			if h, err := sp.findHeader(tb); err == nil {
				rep := &ImportReport{}
				sp.cellErrors(tb, h, rep, map[int]bool{})
				_ = sp.rowsOf(tb, h, rep, map[int]bool{})
			}
		}
	})
}
