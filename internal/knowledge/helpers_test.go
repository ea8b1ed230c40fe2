package knowledge

import (
	"context"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/network"
	"chuhai/internal/search"
)

// modules are the schemas the knowledge tests need: regions and topics come from the network.
var modules = []db.Module{audit.Module, network.Module, search.Module, Module}

// fixture is a store on a fresh database, with its clock at noon on 1 March 2026 in Shanghai.
type fixture struct {
	*Store
	d   *db.DB
	ix  *search.Index
	day time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	ix := search.New(d)
	s := NewStore(d, al, ix, network.NewStore(d, al))
	f := &fixture{Store: s, d: d, ix: ix, day: time.Date(2026, 3, 1, 12, 0, 0, 0, shanghai)}
	s.now = func() time.Time { return f.day }
	return f
}

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

// as returns a context acting as a user of role.
func as(role auth.Role) context.Context {
	ctx := auth.WithPrincipal(context.Background(), &auth.Principal{UserID: 1, Login: string(role), Name: "测试" + string(role), Role: role})
	return audit.WithMeta(ctx, audit.Meta{ActorID: 1, ActorLogin: string(role), RequestID: "test"})
}

var (
	editor    = as(auth.PointLead)
	publisher = as(auth.CityCoordinator)
	staff     = as(auth.PointStaff)
)

// fieldKey returns the message key err gives field, or "".
func fieldKey(err error, field string) string {
	e, ok := apperr.As(err)
	if !ok {
		return ""
	}
	for _, f := range e.Fields {
		if f.Name == field {
			return f.Key
		}
	}
	return ""
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// completeGuide is a guide with every section in both languages and a source.
func completeGuide(title string) GuideInput {
	in := GuideInput{TitleZh: title + "投资指南", TitleEn: title + " investment guide", ReviewedOn: "2026-02-01",
		Sections: map[string]SectionBody{}, Sources: []Source{{Title: "商务部对外投资合作国别指南", URL: "https://example.gov.cn/guide"}}}
	for _, k := range Sections {
		in.Sections[k] = SectionBody{Zh: k + " 的示例内容。\n\n第二段。", En: "Sample text of " + k + ".\n\nSecond paragraph."}
	}
	return in
}

func searchRefs(t *testing.T, ix *search.Index, q string, drafts bool) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), search.Request{Q: q, Drafts: drafts, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.Kind+":"+h.Ref)
	}
	return out
}

func auditCount(t *testing.T, d *db.DB, action string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), `SELECT count(*) FROM audit_entry WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
