package xlsx

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxCellChars is the most characters a cell holds in Excel; the writer cuts longer text.
const MaxCellChars = 32767

// ErrSheetName reports a sheet name Excel would refuse.
var ErrSheetName = errors.New("xlsx: invalid sheet name")

// Layout is how the written sheet looks when opened.
type Layout struct {
	Widths         []float64 // column widths in characters, from column A; 0 keeps the default
	FreezeFirstRow bool      // the first row stays in view while scrolling
}

// Writer streams a workbook of one sheet of text cells. Rows go straight into the compressed
// output; nothing but the row count is kept.
type Writer struct {
	zw  *zip.Writer
	buf *bufio.Writer
	row int
}

// The fixed parts of the package: content types, relationships, workbook and a minimal stylesheet
// (Excel repairs a workbook without one).
const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`</Types>`
	packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
		`</Relationships>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	workbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView/></bookViews><sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>`
	stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
		`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>` +
		`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
		`</styleSheet>`
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
	frozenView = `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`
	plainView = `<sheetViews><sheetView workbookViewId="0"/></sheetViews>`
)

// checkSheetName applies Excel's rules: 1–31 characters, none of : \ / ? * [ ], and no apostrophe
// at either end.
func checkSheetName(name string) error {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > 31 || strings.ContainsAny(name, `:\/?*[]`) || strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") ||
		cleanText(name) != name {
		return fmt.Errorf("%w: %q", ErrSheetName, name)
	}
	return nil
}

// NewWriter starts a workbook with one sheet named sheet. Call WriteRow for each row, then Close;
// Close does not close w.
func NewWriter(w io.Writer, sheet string, layout Layout) (*Writer, error) {
	if err := checkSheetName(sheet); err != nil {
		return nil, err
	}
	zw := zip.NewWriter(w)
	var name strings.Builder
	if err := xml.EscapeText(&name, []byte(sheet)); err != nil {
		return nil, err
	}
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"xl/workbook.xml", fmt.Sprintf(workbookXML, name.String())},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", stylesXML},
	} {
		f, err := zw.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, err
		}
	}
	f, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	x := &Writer{zw: zw, buf: bufio.NewWriterSize(f, 32<<10)}
	x.buf.WriteString(sheetHead)
	if layout.FreezeFirstRow {
		x.buf.WriteString(frozenView)
	} else {
		x.buf.WriteString(plainView)
	}
	x.buf.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	if cols := columns(layout.Widths); cols != "" {
		x.buf.WriteString(cols)
	}
	x.buf.WriteString(`<sheetData>`)
	return x, nil
}

func columns(widths []float64) string {
	var b strings.Builder
	for i, w := range widths {
		if w <= 0 || i >= MaxColumns {
			continue
		}
		fmt.Fprintf(&b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(min(w, 255), 'f', -1, 64))
	}
	if b.Len() == 0 {
		return ""
	}
	return "<cols>" + b.String() + "</cols>"
}

// WriteRow appends a row of text cells. Empty cells are left out; text is cut to MaxCellChars
// and loses characters XML cannot carry.
func (x *Writer) WriteRow(cells []string) error {
	if x.row == MaxRows {
		return fmt.Errorf("%w: more than %d rows", ErrCellName, MaxRows)
	}
	if len(cells) > MaxColumns {
		return fmt.Errorf("%w: more than %d columns", ErrCellName, MaxColumns)
	}
	x.row++
	row := strconv.Itoa(x.row)
	x.buf.WriteString(`<row r="` + row + `">`)
	for i, c := range cells {
		if c == "" {
			continue
		}
		col, _ := ColumnName(i + 1)
		x.buf.WriteString(`<c r="` + col + row + `" t="inlineStr"><is><t xml:space="preserve">`)
		if err := xml.EscapeText(x.buf, []byte(escapeText(cleanText(c)))); err != nil {
			return err
		}
		x.buf.WriteString(`</t></is></c>`)
	}
	_, err := x.buf.WriteString(`</row>`)
	return err
}

// Close ends the sheet and the zip.
func (x *Writer) Close() error {
	x.buf.WriteString(`</sheetData></worksheet>`)
	if err := x.buf.Flush(); err != nil {
		return err
	}
	return x.zw.Close()
}

// cleanText drops what XML 1.0 cannot carry (control characters other than tab and line breaks,
// U+FFFE/U+FFFF, invalid UTF-8) and cuts the text to MaxCellChars.
func cleanText(s string) string {
	ok := utf8.RuneCountInString(s) <= MaxCellChars
	for _, r := range s {
		if !ok {
			break
		}
		ok = xmlChar(r) && r != utf8.RuneError
	}
	if ok {
		return s
	}
	var b strings.Builder
	n := 0
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				continue
			}
		}
		if !xmlChar(r) {
			continue
		}
		if n++; n > MaxCellChars {
			break
		}
		b.WriteRune(r)
	}
	return b.String()
}

func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// escapeText protects text that looks like OOXML's _xHHHH_ escape, which Excel would decode, by
// escaping its underscore as _x005F_.
func escapeText(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		if len(s) >= i+7 && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			b.WriteString("_x005F_")
		} else {
			b.WriteString("_")
		}
		s = s[i+1:]
	}
	b.WriteString(s)
	return b.String()
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
