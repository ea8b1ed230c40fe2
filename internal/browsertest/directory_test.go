package browsertest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"chuhai/internal/demo"
	"chuhai/internal/directory"
)

// importRows are five enterprises for Xuhui's window to import; bad puts two errors in them: a
// credit code with the wrong check character (row 3) and a market that is no country (row 5).
func importRows(bad bool) [][]string {
	rows := [][]string{{"统一社会信用代码", "企业名称", "注册地址", "行业", "企业规模", "目标市场", "联系人", "联系电话"}}
	codes := []string{"91310000MA1FL4B24G", "91310000MA1FL4B25K", "91310000MA1FL4B26N", "91310000MA1FL4B27R", "91310000MA1FL4B28W"}
	for i, code := range codes {
		rows = append(rows, []string{code, fmt.Sprintf("上海浏览器导入%d号科技有限公司", i+1), fmt.Sprintf("上海市徐汇区虹漕路%d号", 10+i),
			"C39", "小型", "越南、泰国", "周经理", "021-6400 1234"})
	}
	if bad {
		rows[2][0] = "91310104MA1FL4B24G"
		rows[4][5] = "越南、亚特兰蒂斯"
	}
	return rows
}

func writeWorkbook(t *testing.T, rows [][]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "企业"); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("企业", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "徐汇区企业名录.xlsx")
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestStaffImportsAWorkbookWithTwoBadRows: a Xuhui point staff member uploads a workbook whose rows
// 3 and 5 are wrong, sees both errors by row and column in the preview, corrects the file, and
// imports it; the five enterprises are then in the district's list.
func TestStaffImportsAWorkbookWithTwoBadRows(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	b.visit(s.URL + "/signin")
	b.signIn("xh.staff", "Xuhui-Window-2026", "")
	b.visit(s.URL + "/console/import")

	upload := func(path, button string) {
		t.Helper()
		if err := b.step(
			chromedp.Click(chromedp.CSS(`input[name="kind"][value="enterprises"]`)),
			chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{path}),
		); err != nil {
			b.fatalf("choose the file: %v", err)
		}
		b.navigate(chromedp.Click(chromedp.CSS(`button[name="action"][value="` + button + `"]`)))
	}
	upload(writeWorkbook(t, importRows(true)), "preview")
	b.checkPage("import preview")
	errs, err := eval[[][]string](b, `Array.from(document.querySelectorAll('#import-errors tbody tr')).map(tr => Array.from(tr.children).map(c => c.textContent.trim()))`)
	if err != nil {
		b.fatalf("read the errors: %v", err)
	}
	if len(errs) != 2 || errs[0][0] != "3" || !strings.Contains(errs[0][1], "统一社会信用代码") || !strings.Contains(errs[0][2], "校验位") ||
		errs[1][0] != "5" || !strings.Contains(errs[1][1], "目标市场") || !strings.Contains(errs[1][2], "亚特兰蒂斯") {
		b.fatalf("the preview lists %q, want rows 3 (credit code) and 5 (market)", errs)
	}
	if status := b.text(`#report [role="status"]`); !strings.Contains(status, "有效 3 行") || !strings.Contains(status, "尚未写入") {
		b.errorf("preview summary: %q", status)
	}
	if _, n, _ := s.App.Directory.ListEnterprises(b.ctx, directory.EnterpriseFilter{Query: "浏览器导入", Limit: 1}); n != 0 {
		b.fatalf("the preview wrote %d enterprises", n)
	}

	// Corrected, the same file imports in full.
	upload(writeWorkbook(t, importRows(false)), "import")
	b.checkPage("import done")
	if h := b.text("#report-title"); h != "导入完成" {
		b.fatalf("after the import: %q", h)
	}
	if status := b.text(`#report [role="status"]`); !strings.Contains(status, "已新增 5 家") {
		b.errorf("import summary: %q", status)
	}
	b.visit(s.URL + "/console/enterprises?q=" + "浏览器导入")
	rows, err := eval[int](b, `document.querySelectorAll('tbody tr th[scope=row] a').length`)
	if err != nil || rows != 5 {
		b.errorf("the district's list shows %d imported enterprises (err %v), want 5", rows, err)
	}
}

// TestEnterpriseFindsAProviderByMatching: an enterprise's admin asks for legal help in Vietnam, sees
// ranked providers each with its reasons, and opens the first one's profile and service menu.
func TestEnterpriseFindsAProviderByMatching(t *testing.T) {
	b := newBrowser(t)
	s := newSite(t, demo.Load)
	b.visit(s.URL + "/signin")
	b.signIn("ent.admin", "Robot-Arm-Caoxi-26", "")
	if links := b.consoleLinks(); !contains(links, "/match") {
		b.fatalf("the console offers no matching: %v", links)
	}
	b.visit(s.URL + "/match")
	if err := b.step(
		chromedp.Click(chromedp.CSS(`input[name="categories"][value="legal"]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#f-countries option[value="VN"]').selected = true`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#f-languages option[value="vi"]').selected = true`),
		chromedp.SendKeys(chromedp.ID("f-budget"), "200000"),
	); err != nil {
		b.fatalf("fill the need: %v", err)
	}
	b.navigate(chromedp.Click(chromedp.CSS(`form[action="/match"] button[type="submit"]`)))
	b.checkPage("matching results")
	type result struct {
		Name    string   `json:"name"`
		Href    string   `json:"href"`
		Reasons []string `json:"reasons"`
	}
	results, err := eval[[]result](b, `Array.from(document.querySelectorAll('ol.matches li.match')).map(li => ({
		name: li.querySelector('h3 a').textContent.trim(), href: li.querySelector('h3 a').getAttribute('href'),
		reasons: Array.from(li.querySelectorAll('.reason-list li')).map(r => r.textContent.trim())}))`)
	if err != nil {
		b.fatalf("read the results: %v", err)
	}
	if len(results) < 3 {
		b.fatalf("%d providers recommended, want several", len(results))
	}
	for i, r := range results {
		joined := strings.Join(r.Reasons, " · ")
		if !strings.Contains(joined, "覆盖越南") || !strings.Contains(joined, "法律") {
			b.errorf("result %d (%s) gives the reasons %q, want coverage of Vietnam and legal", i+1, r.Name, joined)
		}
	}
	first := strings.Join(results[0].Reasons, " · ")
	if !strings.Contains(first, "成员") && !strings.Contains(first, "已完成") {
		b.errorf("the first result's reasons say nothing of an alliance or a record: %q", first)
	}
	b.navigate(chromedp.Click(chromedp.CSS(`ol.matches li.match h3 a`)))
	b.checkPage("the recommended provider's profile")
	if h1 := b.text("h1"); h1 != results[0].Name {
		b.errorf("opened %q, want %q", h1, results[0].Name)
	}
	if menu := b.text("main table"); !strings.Contains(menu, "¥") {
		b.errorf("the profile shows no priced service menu: %q", menu)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
