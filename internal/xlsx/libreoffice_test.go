package xlsx

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// LibreOffice, when installed, opens what we write: converted to CSV, the sheet holds our text.
func TestLibreOfficeOpensWhatWeWrite(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed")
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	if err := os.WriteFile(book, writeBook(t, "企业", Layout{Widths: []float64{24, 36}, FreezeFirstRow: true}, tricky), 0o600); err != nil {
		t.Fatal(err)
	}
	// 44,34,76: comma-separated, double-quoted, UTF-8.
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", dir, book)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "book.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// encoding/csv reads a quoted CRLF as LF.
	want := make([][]string, len(trickyClean))
	for i, r := range trickyClean {
		for _, c := range r {
			want[i] = append(want[i], strings.ReplaceAll(c, "\r\n", "\n"))
		}
	}
	if !sameRows(rows, want) {
		t.Errorf("LibreOffice read\n%q\nwant\n%q", rows, want)
	}
}
