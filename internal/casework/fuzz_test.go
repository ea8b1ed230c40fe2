package casework

import (
	"path"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// FuzzSniffAttachment: whatever name and bytes arrive, an upload is refused with a field error or
// accepted with a known type, a clean name (no path, no control characters, bounded) and an
// extension that agrees with the content.
func FuzzSniffAttachment(f *testing.F) {
	f.Add("营业执照.pdf", []byte("%PDF-1.7\n"))
	f.Add("scan.PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
	f.Add(`..\..\etc\passwd.txt`, []byte("root:x:0:0"))
	f.Add("a\u202egpj.exe", []byte("MZ\x90\x00"))
	f.Add(strings.Repeat("长", 300)+".txt", []byte("说明"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		mime, clean, err := sniffAttachment(name, data)
		if err != nil {
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || len(e.Fields) == 0 || e.Fields[0].Name != "file" {
				t.Fatalf("refusal is not a field error: %v", err)
			}
			return
		}
		if mime == "" || clean == "" || !utf8.ValidString(clean) || strings.ContainsAny(clean, `/\"`) ||
			utf8.RuneCountInString(clean) > maxFileName {
			t.Fatalf("accepted %q as %q (%s)", name, clean, mime)
		}
		for _, r := range clean {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("control or format character %U kept in %q", r, clean)
			}
		}
		kind, ok := detect(data)
		if !ok || kind.mime != mime {
			t.Fatalf("accepted %s but content says %v %v", mime, kind, ok)
		}
		ext := strings.ToLower(path.Ext(clean))
		found := false
		for _, e := range kind.exts {
			found = found || e == ext
		}
		if !found {
			t.Fatalf("extension %q does not agree with %s", ext, mime)
		}
	})
}

// FuzzValidRef: a reference number accepted anywhere is short, upper case and ends in -YYYY-NNNNNN.
func FuzzValidRef(f *testing.F) {
	for _, s := range []string{"XH-2026-000123", "JA-ODI-2026-000001", "xh-2026-000123", "XH-2026-12", "XH--2026-000001", "XH-2026-000123\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !ValidRef(s) {
			return
		}
		if len(s) > 40 || strings.ToUpper(s) != s || strings.ContainsAny(s, " \n\t/") {
			t.Fatalf("accepted %q", s)
		}
		parts := strings.Split(s, "-")
		if len(parts) < 3 || len(parts[len(parts)-2]) != 4 || len(parts[len(parts)-1]) < 6 {
			t.Fatalf("accepted %q without POINT-YYYY-NNNNNN", s)
		}
	})
}

// FuzzContactDetails: visitors' e-mail addresses and phone numbers are accepted trimmed and sane, or
// refused with a field error; never a panic.
func FuzzContactDetails(f *testing.F) {
	f.Add("li.hua@example.cn", "+86 21 6288 0000")
	f.Add("a@b", "123")
	f.Add("\"x\"@example.com\r\nBcc: y@z", "(021) 6288-0000")
	f.Fuzz(func(t *testing.T, email, phone string) {
		var v apperr.Validator
		e, p := email, phone
		checkEmail(&v, "email", &e)
		checkPhone(&v, "phone", &p)
		refused := map[string]bool{}
		if err := v.Err(); err != nil {
			ae, _ := apperr.As(err)
			for _, fe := range ae.Fields {
				refused[fe.Name] = true
			}
		}
		if !refused["email"] && e != "" && (strings.ContainsAny(e, "\r\n") || !strings.Contains(e, "@") || len(e) > 254) {
			t.Fatalf("accepted e-mail %q", e)
		}
		if !refused["phone"] && p != "" && (strings.ContainsAny(p, "\r\n") || len(p) > 30) {
			t.Fatalf("accepted phone %q", p)
		}
	})
}
