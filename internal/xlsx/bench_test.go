package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchRows is an import-sized sheet: 20,000 rows of 12 text and number cells.
func benchRows() [][]string {
	rows := make([][]string, 20_000)
	for i := range rows {
		rows[i] = []string{fmt.Sprintf("91310000MA1K%06d", i), fmt.Sprintf("上海导入企业%d有限公司", i), fmt.Sprintf("Import Co %d", i), "", "徐汇区",
			"C39 计算机、通信和其他电子设备制造业", "中型", "民营", "越南、泰国", "张三", "021-64000000", "zhang@example.com"}
	}
	return rows
}

// Reading: ours against excelize's GetRows on the same file (written by excelize, shared strings).
func BenchmarkReadRows(b *testing.B) {
	f := excelize.NewFile()
	for i, r := range benchRows() {
		vals := make([]any, len(r))
		for j, c := range r {
			vals[j] = c
		}
		cell, _ := CellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			b.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			wb, err := Open(data, 64<<20)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := wb.Rows("Sheet1"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("excelize", func(b *testing.B) {
		for b.Loop() {
			x, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := x.GetRows("Sheet1"); err != nil {
				b.Fatal(err)
			}
			x.Close()
		}
	})
}

// Writing: our stream writer against excelize's, for the same rows and layout.
func BenchmarkWriteRows(b *testing.B) {
	rows := benchRows()
	b.Run("xlsx", func(b *testing.B) {
		for b.Loop() {
			w, err := NewWriter(io.Discard, "企业", Layout{Widths: []float64{24, 36}, FreezeFirstRow: true})
			if err != nil {
				b.Fatal(err)
			}
			for _, r := range rows {
				if err := w.WriteRow(r); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("excelize", func(b *testing.B) {
		for b.Loop() {
			f := excelize.NewFile()
			sw, err := f.NewStreamWriter("Sheet1")
			if err != nil {
				b.Fatal(err)
			}
			if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
				b.Fatal(err)
			}
			for i, r := range rows {
				vals := make([]any, len(r))
				for j, c := range r {
					vals[j] = c
				}
				cell, _ := CellName(1, i+1)
				if err := sw.SetRow(cell, vals); err != nil {
					b.Fatal(err)
				}
			}
			if err := sw.Flush(); err != nil {
				b.Fatal(err)
			}
			if _, err := f.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
			f.Close()
		}
	})
}
