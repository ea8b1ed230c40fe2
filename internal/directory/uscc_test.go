package directory

import (
	"testing"

	"chuhai/internal/apperr"
)

func TestValidateUSCC(t *testing.T) {
	for _, tc := range []struct {
		code, key string
	}{
		{"914403001922038216", ""}, // real, published codes
		{"9144030071526726XG", ""},
		{"91310000MA1FL4B24G", ""},
		{"91310104MA1FL4B24G", "uscc.check_digit"},
		{" 91310000ma1fl4b24g ", ""}, // spaces and lower case are normalised
		{"", "error.required"},
		{"9131000MA1FL4B24G", "uscc.length"},
		{"91310000MA1FL4B24GX", "uscc.length"},
		{"91310000MA1FL4BI4G", "uscc.character"}, // I is not in the alphabet
		{"中文中文中文", "uscc.length"},
		{"中文中文中文中文中文中文中文中文中文", "uscc.character"},
		{"91310000607221016X", "uscc.check_digit"},
	} {
		err := ValidateUSCC("uscc", tc.code)
		if tc.key == "" {
			if err != nil {
				t.Errorf("%q: unexpected %v", tc.code, err)
			}
			continue
		}
		e, ok := apperr.As(err)
		if !ok || len(e.Fields) != 1 || e.Fields[0].Key != tc.key || e.Fields[0].Name != "uscc" {
			t.Errorf("%q: got %v, want field error %s", tc.code, err, tc.key)
		}
	}
}

func FuzzValidateUSCC(f *testing.F) {
	f.Add("91310000MA1FL4B24G")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		_ = ValidateUSCC("uscc", s) // must never panic
	})
}
