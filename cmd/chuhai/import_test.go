package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportAndExportCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "chuhai.db")
	file := filepath.Join(dir, "企业.csv")
	write := func(content string) {
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, e := runCmd(t, "import", "enterprises", file, "--db", dbPath); code != 1 || !strings.Contains(e, "no such file") {
		t.Fatalf("a missing file: %d %s", code, e)
	}
	write("统一社会信用代码,企业名称,注册地址\r\n91310000MA1FL4B24G,上海命令行导入有限公司,上海市徐汇区1号\r\n91310104MA1FL4B24G,坏行,上海市徐汇区2号\r\n")
	if code, _, e := runCmd(t, "import", "enterprises", file, "--db", dbPath); code != 1 || !strings.Contains(e, "migrate up") {
		t.Fatalf("an unmigrated database must be refused: %d %s", code, e)
	}
	if code, _, e := runCmd(t, "migrate", "up", "--db", dbPath); code != 0 {
		t.Fatalf("migrate: %s", e)
	}
	if code, _, _ := runCmd(t, "import", "cats", file, "--db", dbPath); code != 2 {
		t.Fatalf("an unknown kind: %d", code)
	}
	code, out, e := runCmd(t, "import", "enterprises", file, "--db", dbPath)
	if code != 1 || !strings.Contains(out, "row 3 统一社会信用代码 (A3)") || !strings.Contains(out, "check character") || !strings.Contains(e, "nothing imported") {
		t.Fatalf("a file with a bad row: %d\n%s\n%s", code, out, e)
	}
	code, out, _ = runCmd(t, "import", "enterprises", file, "--db", dbPath, "--dry-run")
	if code != 0 || !strings.Contains(out, "dry run") {
		t.Fatalf("dry run: %d\n%s", code, out)
	}
	code, out, _ = runCmd(t, "import", "--valid-only", "enterprises", file, "--db", dbPath)
	if code != 0 || !strings.Contains(out, "1 added") {
		t.Fatalf("valid only: %d\n%s", code, out)
	}
	write("not,a,directory\r\nx,y,z\r\n")
	if code, _, e := runCmd(t, "import", "enterprises", file, "--db", dbPath); code != 1 || !strings.Contains(e, "缺少必需的列") || !strings.Contains(e, "lacks required columns") {
		t.Fatalf("a file without the columns: %d %s", code, e)
	}
	out1 := filepath.Join(dir, "out.csv")
	code, out, e = runCmd(t, "export", "enterprises", "--out", out1, "--format", "csv", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "wrote 1 enterprises") {
		t.Fatalf("export: %d %s %s", code, out, e)
	}
	b, err := os.ReadFile(out1)
	if err != nil || !strings.Contains(string(b), "上海命令行导入有限公司") || !strings.Contains(string(b), "统一社会信用代码") {
		t.Fatalf("exported: %s %v", b, err)
	}
	if code, _, _ := runCmd(t, "export", "enterprises", "--db", dbPath); code != 2 {
		t.Fatalf("export without --out: %d", code)
	}
	if code, _, e := runCmd(t, "export", "enterprises", "--out", filepath.Join(dir, "x.xlsx"), "--district", "Atlantis", "--db", dbPath); code != 1 ||
		!strings.Contains(e, "district") {
		t.Fatalf("export with a bad filter: %d %s", code, e)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.xlsx")); !os.IsNotExist(err) {
		t.Error("a failed export left its file behind")
	}
}
