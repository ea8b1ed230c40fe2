package directory

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"chuhai/internal/apperr"
	"chuhai/internal/xlsx"
)

// Limits on what an import reads. A spreadsheet is a zip of XML: the file may be small while its
// content is huge (a zip bomb), so decompressed bytes are bounded as well as the upload.
const (
	MaxImportBytes   = 10 << 20 // the uploaded file
	maxUnzippedBytes = 64 << 20 // all parts of an xlsx, decompressed
	maxImportRows    = 20_000
	maxImportColumns = 60
	maxCellRunes     = 2000
	headerSearchRows = 10 // a title may sit above the header row
	maxRowErrors     = 2000
	formatXLSX       = "xlsx"
	formatCSV        = "csv"
	encodingUTF8     = "utf-8"
	encodingGB18030  = "gb18030"
	encodingUTF16    = "utf-16"
)

// table is a sheet read from a file: its rows as text, numbered as the spreadsheet numbers them.
type table struct {
	format   string
	encoding string
	sheet    string
	sheets   []string   // every sheet of a workbook, for messages
	rows     []tableRow // every non-empty row, the header among them
	cellErrs []RowError // formulas and merged cells, found while reading
}

type tableRow struct {
	n     int // 1-based row number
	cells []string
}

func fileError(key string, args ...any) error {
	return apperr.Invalid(apperr.F("file", key, args...))
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls and encrypted .xlsx
)

// readTable reads an xlsx workbook or a CSV file, chosen by content rather than name. pickSheet
// chooses a workbook's sheet from its names and header rows.
func readTable(data []byte, pickSheet func(sheets []string, headers map[string][]string) (string, error)) (*table, error) {
	switch {
	case len(data) == 0:
		return nil, fileError("directory.import.empty")
	case len(data) > MaxImportBytes:
		return nil, fileError("directory.import.too_large", "Max", MaxImportBytes>>20)
	case bytes.HasPrefix(data, oleMagic):
		return nil, fileError("directory.import.xls")
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data, pickSheet)
	}
	return readCSVTable(data)
}

func readXLSX(data []byte, pickSheet func([]string, map[string][]string) (string, error)) (*table, error) {
	f, err := xlsx.Open(data, maxUnzippedBytes)
	switch {
	case errors.Is(err, xlsx.ErrTooLarge):
		return nil, fileError("directory.import.bomb", "Max", maxUnzippedBytes>>20)
	case errors.Is(err, xlsx.ErrEncrypted):
		return nil, fileError("directory.import.encrypted")
	case err != nil:
		return nil, fileError("directory.import.corrupt")
	}
	f.MaxCells = (maxImportRows + headerSearchRows + 1) * maxImportColumns * 2
	t := &table{format: formatXLSX}
	for _, s := range f.Sheets {
		if s.State == xlsx.Visible {
			t.sheets = append(t.sheets, s.Name)
		}
	}
	if len(t.sheets) == 0 {
		return nil, fileError("directory.import.no_sheet")
	}
	heads := map[string][]string{}
	for _, name := range t.sheets {
		rows, err := f.Rows(name)
		if err != nil {
			return nil, sheetError(err)
		}
		for i := 0; i < len(rows) && i < headerSearchRows; i++ {
			heads[name] = append(heads[name], rows[i]...)
		}
	}
	if t.sheet, err = pickSheet(t.sheets, heads); err != nil {
		return nil, err
	}
	rows, err := f.Rows(t.sheet)
	if err != nil {
		return nil, sheetError(err)
	}
	if len(rows) > maxImportRows+headerSearchRows {
		return nil, fileError("directory.import.too_many_rows", "Max", maxImportRows)
	}
	for i, r := range rows {
		if err := t.addRow(i+1, r); err != nil {
			return nil, err
		}
	}
	part, err := f.SheetXML(t.sheet)
	if err != nil {
		return nil, fileError("directory.import.corrupt")
	}
	defer part.Close()
	if t.cellErrs, err = scanCells(part); err != nil {
		return nil, err
	}
	return t, nil
}

// sheetError is the message for a sheet that could not be read: too many cells is too many rows
// (a far-away cell makes every row before it), anything else a damaged file.
func sheetError(err error) error {
	if errors.Is(err, xlsx.ErrTooLarge) {
		return fileError("directory.import.too_many_rows", "Max", maxImportRows)
	}
	return fileError("directory.import.corrupt")
}

func (t *table) addRow(n int, cells []string) error {
	if len(cells) > maxImportColumns {
		// Trailing empty cells are harmless (formatting); content that far right is not a directory sheet.
		for _, c := range cells[maxImportColumns:] {
			if strings.TrimSpace(c) != "" {
				return fileError("directory.import.too_many_columns", "Max", maxImportColumns)
			}
		}
		cells = cells[:maxImportColumns]
	}
	empty := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			empty = false
			break
		}
	}
	if !empty {
		t.rows = append(t.rows, tableRow{n: n, cells: cells})
	}
	return nil
}

// scanCells streams a worksheet's XML and reports every formula cell and every merged range. The
// values an import reads must be what people typed: a formula's cached result may be stale or empty,
// and a merged range puts one value in one cell while the eye sees it in all of them.
func scanCells(part io.Reader) ([]RowError, error) {
	dec := xml.NewDecoder(part)
	var out []RowError
	row, col := 0, 0
	cell := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fileError("directory.import.corrupt")
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			row, col = row+1, 0
			if r := attr(se, "r"); r != "" {
				if n, err := strconv.Atoi(r); err == nil {
					row = n
				}
			}
		case "c":
			col++
			cell = attr(se, "r")
			if cell != "" {
				if c, r, err := xlsx.Coordinates(cell); err == nil {
					col, row = c, r
				}
			} else if name, err := xlsx.CellName(max(col, 1), max(row, 1)); err == nil {
				cell = name
			}
		case "f":
			if len(out) < maxRowErrors {
				out = append(out, RowError{Row: row, Cell: cell, Key: "directory.import.formula"})
			}
		case "mergeCell":
			ref := attr(se, "ref")
			first, _, _ := strings.Cut(ref, ":")
			_, r, err := xlsx.Coordinates(first)
			if err != nil {
				return nil, fileError("directory.import.corrupt")
			}
			if len(out) < maxRowErrors {
				out = append(out, RowError{Row: r, Cell: first, Key: "directory.import.merged", Args: map[string]any{"Range": ref}})
			}
		}
	}
	return out, nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// decodeText returns data as UTF-8. Files saved by Chinese Excel as "CSV" are usually GBK (read
// here as GB 18030, its superset); Excel's "Unicode text" is UTF-16 with a byte-order mark.
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := io.ReadAll(transform.NewReader(bytes.NewReader(data), unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()))
		if err != nil || !utf8.Valid(out) {
			return "", "", fileError("directory.import.encoding")
		}
		return string(out), encodingUTF16, nil
	}
	if utf8.Valid(data) {
		return string(data), encodingUTF8, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) || bytes.ContainsRune(out, 0) {
		return "", "", fileError("directory.import.encoding")
	}
	return string(out), encodingGB18030, nil
}

func readCSVTable(data []byte) (*table, error) {
	text, enc, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	if strings.ContainsRune(text, 0) {
		return nil, fileError("directory.import.format")
	}
	// The separator is the one the first lines use most (a title line may have none).
	head := text
	for i, n := 0, 0; i < len(text); i++ {
		if text[i] == '\n' {
			if n++; n == headerSearchRows {
				head = text[:i]
				break
			}
		}
	}
	r := csv.NewReader(strings.NewReader(text))
	switch commas := strings.Count(head, ","); {
	case strings.Count(head, "\t") > commas:
		r.Comma = '\t'
	case strings.Count(head, ";") > commas:
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	t := &table{format: formatCSV, encoding: enc}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, fileError("directory.import.csv", "Line", line)
		}
		line, _ := r.FieldPos(0)
		if len(t.rows) > maxImportRows+headerSearchRows {
			return nil, fileError("directory.import.too_many_rows", "Max", maxImportRows)
		}
		if err := t.addRow(line, rec); err != nil {
			return nil, err
		}
	}
	// A CSV has no formulas, but a cell written as one becomes one when a person opens the file in
	// Excel; the importer takes no such cell. A value that was neutralised on export ('=…) is text.
	for _, row := range t.rows {
		for i, c := range row.cells {
			if strings.HasPrefix(strings.TrimSpace(c), "=") && len(t.cellErrs) < maxRowErrors {
				name, _ := xlsx.CellName(i+1, row.n)
				t.cellErrs = append(t.cellErrs, RowError{Row: row.n, Cell: name, Key: "directory.import.formula"})
			}
		}
	}
	return t, nil
}

// cellText cleans a cell: trimmed, and with the apostrophe that export puts before a leading = + - @
// taken off again, so an exported file imports unchanged.
func cellText(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@", rune(s[1])) {
		s = s[1:]
	}
	if utf8.RuneCountInString(s) > maxCellRunes {
		return "", fmt.Errorf("cell too long")
	}
	return s, nil
}
