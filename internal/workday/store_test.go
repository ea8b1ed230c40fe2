package workday

import (
	"context"
	"errors"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func newStore(t *testing.T, d *db.DB) *Store {
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return NewStore(d, al)
}

func parse(t *testing.T, src string) Year {
	t.Helper()
	y, err := Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	return y
}

func TestLoadedYearsReplaceBuiltinOnes(t *testing.T) {
	dbtest.Each(t, []db.Module{audit.Module, Module}, func(t *testing.T, dbh *db.DB) {
		s := newStore(t, dbh)
		ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "cli:admin"})

		// Before anything is loaded: the built-in 2026, provisional 2027.
		c, err := s.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, p := c.AddWorkdays(d("2026-09-30"), 1); got.String() != "2026-10-08" || p {
			t.Fatalf("built-in 2026: %s, %v", got, p)
		}
		if _, p := c.IsWorkday(d("2027-01-01")); !p {
			t.Fatal("2027 must be provisional before it is loaded")
		}
		if _, src, _ := s.Year(ctx, "cn", 2026); src != FromBuiltin {
			t.Fatalf("source %s", src)
		}
		if y, src, _ := s.Year(ctx, "CN", 2027); src != FromNowhere || y.Year != 2027 || len(y.Days) != 0 {
			t.Fatalf("2027: %+v %s", y, src)
		}

		// Load 2027.
		y2027 := parse(t, "year 2027\n2027-01-01 off 元旦\n2027-01-02 off 元旦\n2027-01-03 off 元旦\n2027-02-06 on 春节调休上班\n")
		if err := s.LoadYear(ctx, y2027); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Calendar(ctx)
		if w, p := c.IsWorkday(d("2027-01-01")); w || p {
			t.Errorf("loaded 2027-01-01: %v, %v", w, p)
		}
		if got, p := c.AddWorkdays(d("2026-12-31"), 1); got.String() != "2027-01-04" || p {
			t.Errorf("after loading 2027: %s, %v", got, p)
		}
		if y, src, _ := s.Year(ctx, "CN", 2027); src != FromDatabase || len(y.Days) != 4 || y.Days[3].Note != "春节调休上班" {
			t.Errorf("Year(2027) = %+v, %s", y, src)
		}

		// A corrected 2026 replaces the built-in one entirely, and a second load replaces the first.
		fake := parse(t, "year 2026\n2026-03-02 off test\n")
		if err := s.LoadYear(ctx, fake); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Calendar(ctx)
		if w, _ := c.IsWorkday(d("2026-10-01")); !w {
			t.Error("the loaded 2026 must replace the built-in one, not merge with it")
		}
		if w, _ := c.IsWorkday(d("2026-03-02")); w {
			t.Error("the loaded 2026 must apply")
		}
		builtin, _ := Builtin()
		if err := s.LoadYear(ctx, builtin[1]); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Calendar(ctx)
		if w, _ := c.IsWorkday(d("2026-03-02")); !w {
			t.Error("reloading must drop the days of the previous load")
		}
		loaded, err := s.Loaded(ctx)
		if err != nil || len(loaded) != 2 || loaded[0].Year != 2026 || loaded[0].Off != 33 || loaded[0].On != 6 ||
			loaded[1].Year != 2027 || loaded[1].Off != 3 || loaded[1].On != 1 || loaded[1].LoadedBy != "cli:admin" || loaded[1].UpdatedAt.IsZero() {
			t.Errorf("Loaded = %+v, %v", loaded, err)
		}

		// Another region loads alongside.
		if err := s.LoadYear(ctx, parse(t, "region SG\nyear 2026\n2026-10-20 off Deepavali\n")); err != nil {
			t.Fatal(err)
		}
		cs, _ := s.Calendars(ctx)
		if w, p := cs.For("SG").IsWorkday(d("2026-10-20")); w || p {
			t.Errorf("Singapore's Deepavali: %v, %v", w, p)
		}
		if w, p := cs.For("SG").IsWorkday(d("2026-10-01")); !w || p {
			t.Errorf("Singapore works on China's national day: %v, %v", w, p)
		}

		// Every load is audited, with what it replaced, and the chain holds.
		rows, err := dbh.Query(ctx, `SELECT action, object_id, actor_login, detail FROM audit_entry ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var entries []string
		for rows.Next() {
			var action, id, actor, detail string
			if err := rows.Scan(&action, &id, &actor, &detail); err != nil {
				t.Fatal(err)
			}
			entries = append(entries, action+" "+id+" "+actor+" "+detail)
		}
		if len(entries) != 4 || !strings.Contains(entries[0], `workday.year.load CN-2027 cli:admin`) ||
			!strings.Contains(entries[0], `"replaced":false`) || !strings.Contains(entries[2], `"previous_off":1`) ||
			!strings.Contains(entries[2], `"replaced":true`) || !strings.Contains(entries[3], "SG-2026") {
			t.Errorf("audit entries:\n%s", strings.Join(entries, "\n"))
		}
		if res, err := audit.Verify(ctx, dbh); err != nil || res.Entries != 4 {
			t.Errorf("audit chain: %d entries, %v", res.Entries, err)
		}
	})
}

func TestLoadYearRefusesBadCalendarsAndNonAdmins(t *testing.T) {
	dbtest.Each(t, []db.Module{audit.Module, Module}, func(t *testing.T, dbh *db.DB) {
		s := newStore(t, dbh)
		ctx := context.Background()
		bad := Year{Region: "CN", Year: 2027, Days: []Day{{Date: d("2027-01-04"), Kind: On}}}
		err := s.LoadYear(ctx, bad)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid || e.Fields[0].Name != "days[0]" {
			t.Errorf("invalid year: %v", err)
		}
		good := parse(t, "year 2027\n2027-01-01 off\n")
		for _, role := range []auth.Role{auth.CityCoordinator, auth.PointStaff, auth.EnterpriseAdmin} {
			pctx := auth.WithPrincipal(ctx, &auth.Principal{UserID: 1, Login: "u", Role: role})
			if err := s.LoadYear(pctx, good); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("%s may not load calendars: %v", role, err)
			}
		}
		var n int
		if err := dbh.QueryRow(ctx, `SELECT COUNT(*) FROM workday_year`).Scan(&n); err != nil || n != 0 {
			t.Errorf("nothing may be written: %d, %v", n, err)
		}
		if err := dbh.QueryRow(ctx, `SELECT COUNT(*) FROM audit_entry`).Scan(&n); err != nil || n != 0 {
			t.Errorf("no audit entry for a refused load: %d", n)
		}
		admin := auth.WithPrincipal(ctx, &auth.Principal{UserID: 1, Login: "root", Role: auth.SystemAdmin})
		if err := s.LoadYear(admin, good); err != nil {
			t.Errorf("a system administrator may load: %v", err)
		}
	})
}
