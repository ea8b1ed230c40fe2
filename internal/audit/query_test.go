package audit

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

// seed writes entries at given Shanghai wall-clock times.
type seedEntry struct {
	at      string // "2006-01-02 15:04" in Asia/Shanghai
	actor   string
	request string
	action  string
	objType string
	objID   string
	detail  map[string]any
}

func seed(t *testing.T, d *db.DB, entries []seedEntry) {
	t.Helper()
	l := newLog(t, SHA256)
	for _, e := range entries {
		at, err := time.ParseInLocation("2006-01-02 15:04", e.at, Shanghai)
		if err != nil {
			t.Fatal(err)
		}
		l.now = func() time.Time { return at }
		ctx := WithMeta(context.Background(), Meta{ActorLogin: e.actor, RequestID: e.request})
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return l.Record(ctx, tx, Entry{Action: e.action, ObjectType: e.objType, ObjectID: e.objID, Detail: e.detail})
		}); err != nil {
			t.Fatal(err)
		}
	}
}

var sample = []seedEntry{
	{"2026-02-28 09:00", "wang", "r1", "network.point.create", "service_point", "1", nil},   // 1
	{"2026-03-01 00:00", "wang", "r2", "network.point.update", "service_point", "1", nil},   // 2: first instant of 1 March
	{"2026-03-01 23:59", "li", "r3", "directory.enterprise.create", "enterprise", "9", nil}, // 3: last minute of 1 March
	{"2026-03-02 00:01", "li", "r3", "networking.event.create", "event", "1", nil},          // 4: 1 March 16:01 UTC
	{"2026-03-02 10:00", "zhao", "r4", "auth.user.create", "user", "5", nil},                // 5
	{"2026-03-05 10:00", "", "r5", "network.alliance.create", "alliance", "2", nil},         // 6: a system action
	{"2026-03-05 11:00", "wang", "r6", "Network.point.delete", "service_point", "1", nil},   // 7: upper case on purpose
}

func ids(rows []Row) string {
	var s []string
	for _, r := range rows {
		s = append(s, fmt.Sprint(r.ID))
	}
	return strings.Join(s, ",")
}

func TestListFiltersNewestFirst(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		seed(t, d, sample)
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			f    Filter
			want string
		}{
			{"everything, newest first", Filter{}, "7,6,5,4,3,2,1"},
			{"actor login", Filter{Actor: "wang"}, "7,2,1"},
			{"actor login is exact", Filter{Actor: "wan"}, ""},
			{"action prefix", Filter{Action: "network."}, "6,2,1"},
			{"action prefix is case-sensitive on both engines", Filter{Action: "Network."}, "7"},
			{"action prefix has no wildcards", Filter{Action: "network%"}, ""},
			{"action prefix underscore is literal", Filter{Action: "network_point"}, ""},
			{"whole action", Filter{Action: "auth.user.create"}, "5"},
			{"object type", Filter{ObjectType: "service_point"}, "7,2,1"},
			{"object type and id", Filter{ObjectType: "service_point", ObjectID: "1"}, "7,2,1"},
			{"object id alone", Filter{ObjectID: "1"}, "7,4,2,1"},
			{"request id", Filter{RequestID: "r3"}, "4,3"},
			{"one Shanghai day, both ends inclusive", Filter{From: "2026-03-01", To: "2026-03-01"}, "3,2"},
			{"from a day on", Filter{From: "2026-03-02"}, "7,6,5,4"},
			{"up to a day", Filter{To: "2026-02-28"}, "1"},
			{"a range", Filter{From: "2026-03-01", To: "2026-03-02"}, "5,4,3,2"},
			{"a day with nothing", Filter{From: "2026-03-03", To: "2026-03-04"}, ""},
			{"combined", Filter{Actor: "li", Action: "directory.", From: "2026-03-01", To: "2026-03-31"}, "3"},
			{"Chinese text matches nothing, safely", Filter{Actor: "王'; DROP TABLE audit_entry; --"}, ""},
		} {
			rows, total, err := List(ctx, d, tc.f, 0, 100)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := ids(rows); got != tc.want || total != len(rows) {
				t.Errorf("%s: ids %q (total %d), want %q", tc.name, got, total, tc.want)
			}
		}
		wantIntact(t, d, len(sample))
	})
}

func TestListPages(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		seed(t, d, sample)
		ctx := context.Background()
		for _, tc := range []struct {
			offset, limit int
			want          string
		}{{0, 3, "7,6,5"}, {3, 3, "4,3,2"}, {6, 3, "1"}, {7, 3, ""}, {100, 3, ""}} {
			rows, total, err := List(ctx, d, Filter{}, tc.offset, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(rows); got != tc.want || total != 7 {
				t.Errorf("offset %d limit %d: %q of %d, want %q of 7", tc.offset, tc.limit, got, total, tc.want)
			}
		}
		rows, total, err := List(ctx, d, Filter{Actor: "wang"}, 1, 1)
		if err != nil || ids(rows) != "2" || total != 3 {
			t.Fatalf("filtered page = %q of %d, %v", ids(rows), total, err)
		}
		if rows[0].At != time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC) {
			t.Fatalf("entry 2 at %v, want 2026-02-28 16:00 UTC (1 March 00:00 in Shanghai)", rows[0].At)
		}
	})
}

func TestInvalidFiltersNameTheirFields(t *testing.T) {
	long := strings.Repeat("长", maxFilterLen+1)
	for _, tc := range []struct {
		name   string
		f      Filter
		fields string
	}{
		{"not a date", Filter{From: "yesterday"}, "from"},
		{"impossible date", Filter{To: "2026-02-30"}, "to"},
		{"wrong layout", Filter{From: "2026/03/01"}, "from"},
		{"date with time", Filter{From: "2026-03-01T00:00:00Z"}, "from"},
		{"year out of range", Filter{From: "0001-01-01"}, "from"},
		{"range backwards", Filter{From: "2026-03-02", To: "2026-03-01"}, "to"},
		{"too long", Filter{Actor: long, Action: long, ObjectType: long, ObjectID: long, RequestID: long},
			"actor,object_type,object_id,request_id,action"},
		{"several at once", Filter{From: "x", To: "y"}, "from,to"},
	} {
		err := tc.f.Validate()
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			t.Errorf("%s: %v, want a validation error", tc.name, err)
			continue
		}
		var names []string
		for _, f := range e.Fields {
			names = append(names, f.Name)
		}
		if got := strings.Join(names, ","); got != tc.fields {
			t.Errorf("%s: fields %q, want %q", tc.name, got, tc.fields)
		}
	}
	if err := (Filter{Actor: strings.Repeat("长", maxFilterLen), From: "2026-03-01", To: "2026-03-01"}).Validate(); err != nil {
		t.Errorf("a filter at the limits: %v", err)
	}
}

func TestGet(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		seed(t, d, sample[:2])
		r, err := Get(context.Background(), d, 2)
		if err != nil || r.Action != "network.point.update" || r.ActorLogin != "wang" {
			t.Fatalf("Get(2) = %+v, %v", r, err)
		}
		if _, err := Get(context.Background(), d, 3); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("Get(3) = %v, want not found", err)
		}
	})
}

func TestCSVExportIsFilteredAndSafeForSpreadsheets(t *testing.T) {
	dbtest.Each(t, []db.Module{Module}, func(t *testing.T, d *db.DB) {
		seed(t, d, []seedEntry{
			{"2026-03-01 09:30", "=HYPERLINK(\"http://evil.example\")", "r1", "network.point.update", "service_point", "+1", map[string]any{"name_zh": "徐汇"}},
			{"2026-03-01 10:00", "@SUM(A1)", "-2+3", "network.point.update", "service_point", "\t=1", nil},
			{"2026-03-02 10:00", "wang", "r3", "auth.user.create", "user", "5", nil},
		})
		header := make([]string, len(CSVColumns))
		for i, c := range CSVColumns {
			header[i] = "col_" + c
		}
		header[0] = "=编号"
		var buf bytes.Buffer
		if err := WriteCSV(context.Background(), d, &buf, Filter{Action: "network."}, header); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFF")) {
			t.Fatal("no UTF-8 byte order mark")
		}
		recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 {
			t.Fatalf("%d records, want the header and 2 entries: %q", len(recs), recs)
		}
		col := map[string]int{}
		for i, c := range CSVColumns {
			col[c] = i
		}
		if recs[0][0] != "'=编号" || recs[0][1] != "col_at" {
			t.Errorf("header = %q", recs[0])
		}
		newest, oldest := recs[1], recs[2]
		for _, tc := range []struct{ got, want string }{
			{newest[col["id"]], "2"},
			{newest[col["actor_login"]], "'@SUM(A1)"},
			{newest[col["request_id"]], "'-2+3"},
			{newest[col["object_id"]], "'\t=1"},
			{newest[col["at"]], "2026-03-01 10:00:00"},
			{oldest[col["actor_login"]], `'=HYPERLINK("http://evil.example")`},
			{oldest[col["object_id"]], "'+1"},
			{oldest[col["detail"]], `{"name_zh":"徐汇"}`},
			{oldest[col["at"]], "2026-03-01 09:30:00"},
			{oldest[col["alg"]], "sha256"},
			{oldest[col["actor_id"]], ""},
		} {
			if tc.got != tc.want {
				t.Errorf("cell %q, want %q", tc.got, tc.want)
			}
		}
		for _, rec := range recs {
			for _, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q would run as a formula", cell)
				}
			}
		}

		buf.Reset()
		err = WriteCSV(context.Background(), d, &buf, Filter{From: "someday"}, header)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || buf.Len() != 0 {
			t.Fatalf("invalid filter: %v, wrote %d bytes", err, buf.Len())
		}
		if err := WriteCSV(context.Background(), d, &buf, Filter{}, header[:3]); err == nil || buf.Len() != 0 {
			t.Fatalf("a short header was accepted: %v", err)
		}
	})
}

func TestNeutralise(t *testing.T) {
	in := []string{"", "=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", "1-2", "徐汇=", " =1"}
	want := []string{"", "'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "plain", "1-2", "徐汇=", " =1"}
	got := neutralise(in)
	for i := range in {
		if got[i] != want[i] {
			t.Errorf("neutralise(%q) = %q, want %q", in[i], got[i], want[i])
		}
	}
}
