package odi

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chuhai/internal/i18n"
)

// TestEveryMessageKeyIsInBothLanguages reads the package's source for message keys and checks that
// each is in the zh-CN and en catalogues, so no error or alert reaches a person as a bare key.
func TestEveryMessageKeyIsInBothLanguages(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	key := regexp.MustCompile(`"((?:odi|error)\.[a-z_.]+)"`)
	keys := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "Action:") || strings.Contains(line, "action :=") || strings.Contains(line, "action =") ||
				strings.Contains(line, "Code:") || strings.Contains(line, "Kind =") || strings.Contains(line, `return "odi.`) {
				continue // audit action names, notification topics and job kinds, not messages
			}
			for _, m := range key.FindAllStringSubmatch(line, -1) {
				if !strings.HasSuffix(m[1], ".") && !strings.HasSuffix(m[1], "_") {
					keys[m[1]] = true
				}
			}
		}
	}
	for _, kind := range []string{AlertNear, AlertOverdue, AlertAcceptance, AlertNoticeExpiring, AlertNoticeExpired, AlertCompletionDue, AlertCompletionOverdue} {
		keys["odi.alert."+kind] = true
		keys["odi.alert.subject."+kind] = true
	}
	for _, t := range Topics {
		keys[t.NameKey] = true
	}
	if len(keys) < 40 {
		t.Fatalf("found only %d keys; is the pattern right?", len(keys))
	}
	for k := range keys {
		for _, lang := range []string{i18n.Chinese, i18n.English} {
			if !cat.Has(lang, k) {
				t.Errorf("%s lacks %s", lang, k)
			}
		}
	}
	m := alertMessage("ODI-JA-ODI-2026-000001", "越南工厂", RegimeMOFCOM, AlertNear, "2026-03-11")
	for _, lang := range []string{i18n.Chinese, i18n.English} {
		if s := cat.T(lang, m.Key, m.Data); strings.Contains(s, "no value") || !strings.Contains(s, "2026-03-11") {
			t.Errorf("%s alert renders as %q", lang, s)
		}
	}
}
