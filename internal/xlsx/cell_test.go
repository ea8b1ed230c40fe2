package xlsx

import (
	"errors"
	"testing"
)

func TestCoordinatesParseA1References(t *testing.T) {
	for _, tc := range []struct {
		name     string
		col, row int
	}{
		{"A1", 1, 1}, {"Z9", 26, 9}, {"AA10", 27, 10}, {"az3", 52, 3}, {"$B$2", 2, 2}, {"B$2", 2, 2},
		{"XFD1048576", MaxColumns, MaxRows}, {"ZZ1", 702, 1}, {"AAA1", 703, 1},
	} {
		col, row, err := Coordinates(tc.name)
		if err != nil || col != tc.col || row != tc.row {
			t.Errorf("Coordinates(%q) = %d, %d, %v; want %d, %d", tc.name, col, row, err, tc.col, tc.row)
		}
	}
}

func TestCoordinatesRejectMalformedAndOutOfRange(t *testing.T) {
	for _, name := range []string{"", "A", "1", "A0", "A01", "XFE1", "ZZZZ1", "A1048577", "A99999999", "A1:B2", "1A", "A-1", "A 1", "$", "$$A1", "A1$", "Ä1", "R1C1x"} {
		if col, row, err := Coordinates(name); !errors.Is(err, ErrCellName) {
			t.Errorf("Coordinates(%q) = %d, %d, %v; want ErrCellName", name, col, row, err)
		}
	}
}

func TestCellNameWritesA1References(t *testing.T) {
	for _, tc := range []struct {
		col, row int
		want     string
	}{{1, 1, "A1"}, {26, 2, "Z2"}, {27, 3, "AA3"}, {702, 4, "ZZ4"}, {703, 5, "AAA5"}, {MaxColumns, MaxRows, "XFD1048576"}} {
		if got, err := CellName(tc.col, tc.row); err != nil || got != tc.want {
			t.Errorf("CellName(%d, %d) = %q, %v; want %q", tc.col, tc.row, got, err, tc.want)
		}
	}
	for _, bad := range [][2]int{{0, 1}, {1, 0}, {MaxColumns + 1, 1}, {1, MaxRows + 1}, {-1, 5}} {
		if _, err := CellName(bad[0], bad[1]); !errors.Is(err, ErrCellName) {
			t.Errorf("CellName(%d, %d) = %v; want ErrCellName", bad[0], bad[1], err)
		}
	}
}

func TestEveryColumnNameParsesBack(t *testing.T) {
	for col := 1; col <= MaxColumns; col++ {
		name, err := CellName(col, 7)
		if err != nil {
			t.Fatal(err)
		}
		if c, r, err := Coordinates(name); err != nil || c != col || r != 7 {
			t.Fatalf("%s → %d, %d, %v; want %d, 7", name, c, r, err, col)
		}
	}
}

func FuzzCoordinates(f *testing.F) {
	for _, s := range []string{"A1", "$XFD$1048576", "a0", "ZZZ9", "", "A1:B2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		col, row, err := Coordinates(s)
		if err != nil {
			return
		}
		name, err := CellName(col, row)
		if err != nil {
			t.Fatalf("%q parsed to %d, %d, which CellName refuses: %v", s, col, row, err)
		}
		if c, r, err := Coordinates(name); err != nil || c != col || r != row {
			t.Fatalf("%q → %q → %d, %d, %v", s, name, c, r, err)
		}
	})
}
