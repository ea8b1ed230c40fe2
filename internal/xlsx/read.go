package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// Errors a reader returns; each is wrapped with detail, so test them with errors.Is.
var (
	// ErrEncrypted: the file is an OLE compound document — a legacy .xls, or an .xlsx that Excel
	// encrypted with a password (it wraps those in the same container).
	ErrEncrypted = errors.New("xlsx: encrypted or legacy (.xls) file")
	// ErrTooLarge: the workbook decompresses, or its sheet expands, beyond the limit given.
	ErrTooLarge = errors.New("xlsx: workbook content over the size limit")
	// ErrCorrupt: not a zip, or a zip that is not a readable workbook.
	ErrCorrupt = errors.New("xlsx: not a readable workbook")
	// ErrNoSheet: the workbook has no sheet of the name asked for.
	ErrNoSheet = errors.New("xlsx: no such sheet")
)

// maxParts bounds the zip entries a workbook may have; each costs memory before any is read.
const maxParts = 1000

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Visibility of a sheet, as the workbook records it.
const (
	Visible    = "visible"
	Hidden     = "hidden"
	VeryHidden = "veryHidden" // hidden so that only a macro can show it
)

// Sheet is one sheet of a workbook, in workbook order.
type Sheet struct {
	Name  string
	State string // Visible, Hidden or VeryHidden
	part  string // zip entry of the worksheet
}

// Workbook is an opened workbook. Its parts are read on demand from the bytes given to Open.
type Workbook struct {
	Sheets []Sheet
	// MaxCells bounds the cells one call to Rows returns, counting the empty ones that fill gaps
	// (and an empty row as one): a few bytes of XML can address cell XFD1048576.
	MaxCells int

	files   map[string]*zip.File
	limit   int64
	sstPart string
	shared  []string
	sstRead bool
	sstErr  error
}

// Open reads the structure of an xlsx file. limit bounds the total decompressed size of the zip's
// entries (a zip bomb is small until opened).
func Open(data []byte, limit int64) (*Workbook, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, ErrEncrypted
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	// Go's zip reader fails an entry that inflates past the size its header declares, so bounding
	// the declared sizes bounds the real ones.
	if len(zr.File) > maxParts {
		return nil, fmt.Errorf("%w: over %d parts", ErrTooLarge, maxParts)
	}
	var total uint64
	wb := &Workbook{files: map[string]*zip.File{}, limit: limit, MaxCells: 4 << 20}
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(limit) || total > uint64(limit) {
			return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
		}
		wb.files[partName(f.Name)] = f
	}
	book := "xl/workbook.xml"
	rels, err := wb.rels("")
	if err != nil {
		return nil, err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			book = r.target("")
		}
	}
	var doc struct {
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
			// Strict OOXML names the relationship namespace differently.
			StrictRID string `xml:"http://purl.oclc.org/ooxml/officeDocument/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := wb.decode(book, &doc); err != nil {
		return nil, err
	}
	if rels, err = wb.rels(book); err != nil {
		return nil, err
	}
	byID := map[string]string{}
	dir := path.Dir(book)
	for _, r := range rels {
		byID[r.ID] = r.target(dir)
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			wb.sstPart = r.target(dir)
		}
	}
	for _, s := range doc.Sheets {
		id := s.RID
		if id == "" {
			id = s.StrictRID
		}
		part, ok := byID[id]
		if !ok || wb.files[part] == nil {
			// A chart sheet or a dangling reference has no cells to read.
			continue
		}
		state := s.State
		if state != Hidden && state != VeryHidden {
			state = Visible
		}
		wb.Sheets = append(wb.Sheets, Sheet{Name: s.Name, State: state, part: part})
	}
	return wb, nil
}

// partName is a zip entry name as relationships refer to it; producers vary in case and slashes.
func partName(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

type relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

// target resolves a relationship's target against the directory of the part that owns it.
func (r relationship) target(dir string) string {
	if strings.HasPrefix(r.Target, "/") {
		return partName(r.Target)
	}
	return partName(path.Join(dir, r.Target))
}

// rels reads the relationships of a part ("" for the package's own).
func (wb *Workbook) rels(part string) ([]relationship, error) {
	name := "_rels/.rels"
	if part != "" {
		name = path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
	}
	if wb.files[partName(name)] == nil {
		return nil, nil
	}
	var doc struct {
		Rels []relationship `xml:"Relationship"`
	}
	err := wb.decode(name, &doc)
	return doc.Rels, err
}

func (wb *Workbook) decode(name string, v any) error {
	rc, err := wb.open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	return nil
}

type limitedPart struct {
	io.Reader
	io.Closer
}

func (wb *Workbook) open(name string) (io.ReadCloser, error) {
	f := wb.files[partName(name)]
	if f == nil {
		return nil, fmt.Errorf("%w: no part %s", ErrCorrupt, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCorrupt, name, err)
	}
	return limitedPart{io.LimitReader(rc, wb.limit), rc}, nil
}

func (wb *Workbook) sheet(name string) (Sheet, error) {
	for _, s := range wb.Sheets {
		if s.Name == name {
			return s, nil
		}
	}
	return Sheet{}, fmt.Errorf("%w: %q", ErrNoSheet, name)
}

// SheetXML opens the raw XML of a sheet, for callers that look for more than values (formulas,
// merged ranges).
func (wb *Workbook) SheetXML(sheet string) (io.ReadCloser, error) {
	s, err := wb.sheet(sheet)
	if err != nil {
		return nil, err
	}
	return wb.open(s.part)
}

// sharedStrings reads the workbook's string table once.
func (wb *Workbook) sharedStrings() ([]string, error) {
	if !wb.sstRead {
		wb.sstRead = true
		wb.shared, wb.sstErr = wb.readSharedStrings()
	}
	return wb.shared, wb.sstErr
}

func (wb *Workbook) readSharedStrings() ([]string, error) {
	var shared []string
	name := wb.sstPart
	if name == "" {
		name = "xl/sharedstrings.xml"
	}
	if wb.files[name] == nil {
		return nil, nil
	}
	rc, err := wb.open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return shared, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: shared strings: %v", ErrCorrupt, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := stringItem(dec)
			if err != nil {
				return nil, fmt.Errorf("%w: shared strings: %v", ErrCorrupt, err)
			}
			shared = append(shared, s)
		}
	}
}

// stringItem reads the text of a string item (<si> or <is>) up to its end: a plain <t>, or the
// <t> of each rich-text run <r>. Phonetic guides (<rPh>) are not part of the text.
func stringItem(dec *xml.Decoder) (string, error) {
	var b strings.Builder
	depth, inText, skip := 0, false, 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case skip > 0:
				skip++
			case t.Name.Local == "rPh" || t.Name.Local == "phoneticPr":
				skip = 1
			case t.Name.Local == "t":
				inText = true
			}
		case xml.EndElement:
			if depth == 0 {
				return unescapeText(b.String()), nil
			}
			depth--
			if skip > 0 {
				skip--
			}
			inText = false
		case xml.CharData:
			if inText && skip == 0 {
				b.Write(t)
			}
		}
	}
}

// Rows returns the text of every row of a sheet, from row 1 to the last row with a value. Cells
// are placed by their references (or by position where a producer leaves them out); missing cells
// and rows are empty, and each row ends at its last non-empty cell. Numbers read as Excel shows
// them in the General format, booleans as TRUE/FALSE, formulas as their cached result.
func (wb *Workbook) Rows(sheet string) ([][]string, error) {
	s, err := wb.sheet(sheet)
	if err != nil {
		return nil, err
	}
	shared, err := wb.sharedStrings()
	if err != nil {
		return nil, err
	}
	rc, err := wb.open(s.part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	r := &sheetReader{dec: xml.NewDecoder(rc), shared: shared, maxCells: wb.MaxCells}
	if err := r.read(); err != nil {
		return nil, err
	}
	return r.rows, nil
}

type sheetReader struct {
	dec      *xml.Decoder
	shared   []string
	maxCells int
	cells    int // materialised so far
	rows     [][]string
	row      int // 1-based row being read
	col      int // 1-based column of the last cell read in it
}

func (r *sheetReader) read() error {
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: sheet: %v", ErrCorrupt, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			n := r.row + 1
			if v := attr(se, "r"); v != "" {
				if n, err = strconv.Atoi(v); err != nil || n < 1 || n > MaxRows {
					return fmt.Errorf("%w: row %q", ErrCorrupt, v)
				}
			}
			r.row, r.col = n, 0
		case "c":
			if err := r.cell(se); err != nil {
				return err
			}
		}
	}
}

func (r *sheetReader) cell(se xml.StartElement) error {
	col, row := r.col+1, max(r.row, 1)
	if ref := attr(se, "r"); ref != "" {
		c, rw, err := Coordinates(ref)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		col, row = c, rw
	}
	if col > MaxColumns {
		return fmt.Errorf("%w: cell beyond column XFD", ErrCorrupt)
	}
	r.row, r.col = row, col
	typ := attr(se, "t")
	var value string
	var inline *string
	// Read the cell's children: <v> (value), <is> (inline string); <f> and others are skipped.
	for {
		tok, err := r.dec.Token()
		if err != nil {
			return fmt.Errorf("%w: cell: %v", ErrCorrupt, err)
		}
		if _, ok := tok.(xml.EndElement); ok {
			break
		}
		child, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch child.Name.Local {
		case "v":
			var v string
			if err := r.dec.DecodeElement(&v, &child); err != nil {
				return fmt.Errorf("%w: cell value: %v", ErrCorrupt, err)
			}
			value = v
		case "is":
			s, err := stringItem(r.dec)
			if err != nil {
				return fmt.Errorf("%w: inline string: %v", ErrCorrupt, err)
			}
			inline = &s
		default:
			if err := r.dec.Skip(); err != nil {
				return fmt.Errorf("%w: cell: %v", ErrCorrupt, err)
			}
		}
	}
	text, err := r.text(typ, value, inline)
	if err != nil || text == "" {
		return err
	}
	return r.put(row, col, text)
}

func (r *sheetReader) text(typ, v string, inline *string) (string, error) {
	switch typ {
	case "s":
		if v == "" {
			return "", nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(r.shared) {
			return "", fmt.Errorf("%w: shared string %q", ErrCorrupt, v)
		}
		return r.shared[i], nil
	case "inlineStr":
		if inline != nil {
			return *inline, nil
		}
		return v, nil
	case "b":
		switch strings.TrimSpace(v) {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return v, nil
	case "str", "e", "d":
		return v, nil
	}
	return generalNumber(v), nil
}

// generalNumber shows a stored number as Excel's General format does: no exponent for ordinary
// magnitudes, and no more than 15 significant digits (binary noise like 0.30000000000000004 is
// dropped). A phone number saved as a number reads back as its digits.
func generalNumber(v string) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return v
	}
	plain := strconv.FormatFloat(f, 'f', -1, 64)
	if len(strings.TrimLeft(strings.ReplaceAll(strings.TrimPrefix(plain, "-"), ".", ""), "0")) > 15 {
		return strconv.FormatFloat(f, 'G', 15, 64)
	}
	return plain
}

func (r *sheetReader) put(row, col int, text string) error {
	for len(r.rows) < row {
		if r.cells++; r.cells > r.maxCells {
			return fmt.Errorf("%w: over %d cells", ErrTooLarge, r.maxCells)
		}
		r.rows = append(r.rows, nil)
	}
	cells := r.rows[row-1]
	if grow := col - len(cells); grow > 0 {
		if r.cells += grow; r.cells > r.maxCells {
			return fmt.Errorf("%w: over %d cells", ErrTooLarge, r.maxCells)
		}
		cells = append(cells, make([]string, grow)...)
	}
	cells[col-1] = text
	r.rows[row-1] = cells
	return nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// unescapeText decodes OOXML's escapes for characters XML cannot carry: _xHHHH_ is the UTF-16
// unit HHHH, and _x005F_ escapes the underscore that would otherwise start one.
func unescapeText(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			break
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || s[i+6] != '_' {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
	b.WriteString(s)
	return b.String()
}
