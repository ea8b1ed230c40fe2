// Package xlsx reads and writes the small part of Office Open XML spreadsheets (.xlsx) that the
// directory's import and export need: a workbook's sheets and their cell text, and a streamed
// one-sheet workbook of text cells. It uses only the standard library; a general spreadsheet
// library costs megabytes of binary for features nobody here calls.
package xlsx

import (
	"errors"
	"fmt"
)

// Excel's bounds: columns A…XFD, rows 1…1048576.
const (
	MaxColumns = 16384
	MaxRows    = 1048576
)

// ErrCellName reports a malformed or out-of-range cell reference.
var ErrCellName = errors.New("xlsx: invalid cell reference")

// ColumnName returns the letters of a 1-based column number (1 → A, 27 → AA).
func ColumnName(col int) (string, error) {
	if col < 1 || col > MaxColumns {
		return "", fmt.Errorf("%w: column %d", ErrCellName, col)
	}
	var b [3]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:]), nil
}

// CellName returns the A1 reference of a 1-based column and row.
func CellName(col, row int) (string, error) {
	c, err := ColumnName(col)
	if err != nil {
		return "", err
	}
	if row < 1 || row > MaxRows {
		return "", fmt.Errorf("%w: row %d", ErrCellName, row)
	}
	return fmt.Sprintf("%s%d", c, row), nil
}

// Coordinates parses an A1 reference (letters in either case, optional $ anchors) into a 1-based
// column and row.
func Coordinates(name string) (col, row int, err error) {
	bad := func() (int, int, error) { return 0, 0, fmt.Errorf("%w: %q", ErrCellName, name) }
	i := 0
	if i < len(name) && name[i] == '$' {
		i++
	}
	start := i
	for ; i < len(name); i++ {
		c := name[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		if i-start == 3 {
			return bad()
		}
		col = col*26 + int(c-'a'+1)
	}
	if i == start {
		return bad()
	}
	if i < len(name) && name[i] == '$' {
		i++
	}
	digits := i
	for ; i < len(name); i++ {
		c := name[i]
		if c < '0' || c > '9' || i-digits == 7 {
			return bad()
		}
		row = row*10 + int(c-'0')
	}
	if i == digits || name[digits] == '0' || col > MaxColumns || row > MaxRows {
		return bad()
	}
	return col, row, nil
}
