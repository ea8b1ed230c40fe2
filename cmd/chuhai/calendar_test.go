package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCmd(t *testing.T, args ...string) (code int, out, errOut string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestCalendarCommands(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "chuhai.db")
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if code, _, e := runCmd(t, "calendar", "list", "--db", dbPath); code != 1 || !strings.Contains(e, "migrate up") {
		t.Fatalf("an unmigrated database must be refused: %d %s", code, e)
	}
	if code, _, e := runCmd(t, "migrate", "up", "--db", dbPath); code != 0 {
		t.Fatalf("migrate: %s", e)
	}

	code, out, _ := runCmd(t, "calendar", "show", "2026", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "source: built-in") || !strings.Contains(out, "2026-10-10 on 国庆节调休上班") ||
		!strings.Contains(out, "工作日 248 天") {
		t.Fatalf("show 2026: %d\n%s", code, out)
	}
	if code, _, e := runCmd(t, "calendar", "show", "2027", "--db", dbPath); code != 1 || !strings.Contains(e, "provisional") || !strings.Contains(e, "暂定") {
		t.Fatalf("show 2027 before loading: %d %s", code, e)
	}

	bad := file("bad.txt", "year 2027\n2027-01-01 off 元旦\n2027-01-04 on 调休\n2027-02-30 off\n")
	code, _, e := runCmd(t, "calendar", "load", bad, "--db", dbPath)
	if code != 1 || !strings.Contains(e, "line 3: 2027-01-04 是星期一") || !strings.Contains(e, "is a Monday") ||
		!strings.Contains(e, "line 4:") || !strings.Contains(e, "was not loaded") {
		t.Fatalf("bad file: %d\n%s", code, e)
	}

	good := file("2027.txt", "# 2027\nyear 2027\n2027-01-01 off 元旦\n2027-02-06 on 春节调休上班\n")
	code, out, e = runCmd(t, "calendar", "load", "--db", dbPath, good)
	if code != 0 || !strings.Contains(out, "已载入 CN 2027 年日历：放假 1 天，调休上班 1 天") || !strings.Contains(out, "previously unpublished") {
		t.Fatalf("load: %d %s %s", code, out, e)
	}
	code, out, _ = runCmd(t, "calendar", "show", "2027", "--region", "cn", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "source: database") || !strings.Contains(out, "region CN\nyear 2027\n2027-01-01 off 元旦\n2027-02-06 on 春节调休上班\n") {
		t.Fatalf("show 2027: %d\n%s", code, out)
	}
	// What show prints loads back unchanged.
	again := file("again.txt", out)
	if code, out, e := runCmd(t, "calendar", "load", again, "--db", dbPath); code != 0 || !strings.Contains(out, "replacing the one loaded before") {
		t.Fatalf("reload: %d %s %s", code, out, e)
	}
	code, out, _ = runCmd(t, "calendar", "list", "--db", dbPath)
	if code != 0 || !strings.Contains(out, "CN 2027  off 1  on 1  loaded by cli") {
		t.Fatalf("list: %d %s", code, out)
	}
	if code, out, _ := runCmd(t, "audit", "verify", "--db", dbPath); code != 0 || !strings.Contains(out, "2 entries") {
		t.Fatalf("audit: %d %s", code, out)
	}

	for _, args := range [][]string{
		{"calendar"}, {"calendar", "load"}, {"calendar", "show"}, {"calendar", "show", "20x6"}, {"calendar", "show", "1999"},
		{"calendar", "frobnicate"}, {"calendar", "list", "extra"},
	} {
		if code, _, e := runCmd(t, append(args, "--db", dbPath)...); code != 2 || !strings.Contains(e, "calendar") {
			t.Errorf("%v: exit %d, %s", args, code, e)
		}
	}
	if code, _, e := runCmd(t, "calendar", "load", filepath.Join(dir, "missing.txt"), "--db", dbPath); code != 1 || !strings.Contains(e, "missing.txt") {
		t.Errorf("missing file: %d %s", code, e)
	}
}
