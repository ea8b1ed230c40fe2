package directory

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/network"
	"chuhai/internal/search"
)

var modules = []db.Module{audit.Module, network.Module, search.Module, Module}

// Districts and countries the tests use (a subset of what the network seeds).
var testRegions = []Region{
	{Code: "310000", Kind: RegionMunicipality, NameZh: "上海市", NameEn: "Shanghai"},
	{Code: "310101", Kind: RegionDistrict, Parent: "310000", NameZh: "黄浦区", NameEn: "Huangpu District"},
	{Code: "310104", Kind: RegionDistrict, Parent: "310000", NameZh: "徐汇区", NameEn: "Xuhui District"},
	{Code: "310105", Kind: RegionDistrict, Parent: "310000", NameZh: "长宁区", NameEn: "Changning District"},
	{Code: "310106", Kind: RegionDistrict, Parent: "310000", NameZh: "静安区", NameEn: "Jing'an District"},
	{Code: "310107", Kind: RegionDistrict, Parent: "310000", NameZh: "普陀区", NameEn: "Putuo District"},
	{Code: "310109", Kind: RegionDistrict, Parent: "310000", NameZh: "虹口区", NameEn: "Hongkou District"},
	{Code: "310110", Kind: RegionDistrict, Parent: "310000", NameZh: "杨浦区", NameEn: "Yangpu District"},
	{Code: "310112", Kind: RegionDistrict, Parent: "310000", NameZh: "闵行区", NameEn: "Minhang District"},
	{Code: "310113", Kind: RegionDistrict, Parent: "310000", NameZh: "宝山区", NameEn: "Baoshan District"},
	{Code: "310114", Kind: RegionDistrict, Parent: "310000", NameZh: "嘉定区", NameEn: "Jiading District"},
	{Code: "310115", Kind: RegionDistrict, Parent: "310000", NameZh: "浦东新区", NameEn: "Pudong New Area"},
	{Code: "310116", Kind: RegionDistrict, Parent: "310000", NameZh: "金山区", NameEn: "Jinshan District"},
	{Code: "310117", Kind: RegionDistrict, Parent: "310000", NameZh: "松江区", NameEn: "Songjiang District"},
	{Code: "310118", Kind: RegionDistrict, Parent: "310000", NameZh: "青浦区", NameEn: "Qingpu District"},
	{Code: "310120", Kind: RegionDistrict, Parent: "310000", NameZh: "奉贤区", NameEn: "Fengxian District"},
	{Code: "310151", Kind: RegionDistrict, Parent: "310000", NameZh: "崇明区", NameEn: "Chongming District"},
	{Code: "320500", Kind: RegionCity, NameZh: "苏州市", NameEn: "Suzhou"},
	{Code: "CN", Kind: RegionCountry, NameZh: "中国", NameEn: "China"},
	{Code: "VN", Kind: RegionCountry, NameZh: "越南", NameEn: "Vietnam"},
	{Code: "TH", Kind: RegionCountry, NameZh: "泰国", NameEn: "Thailand"},
	{Code: "SG", Kind: RegionCountry, NameZh: "新加坡", NameEn: "Singapore"},
	{Code: "ID", Kind: RegionCountry, NameZh: "印度尼西亚", NameEn: "Indonesia"},
	{Code: "MY", Kind: RegionCountry, NameZh: "马来西亚", NameEn: "Malaysia"},
	{Code: "AE", Kind: RegionCountry, NameZh: "阿拉伯联合酋长国", NameEn: "United Arab Emirates"},
	{Code: "SA", Kind: RegionCountry, NameZh: "沙特阿拉伯", NameEn: "Saudi Arabia"},
	{Code: "DE", Kind: RegionCountry, NameZh: "德国", NameEn: "Germany"},
	{Code: "HU", Kind: RegionCountry, NameZh: "匈牙利", NameEn: "Hungary"},
	{Code: "US", Kind: RegionCountry, NameZh: "美国", NameEn: "United States"},
	{Code: "MX", Kind: RegionCountry, NameZh: "墨西哥", NameEn: "Mexico"},
	{Code: "BR", Kind: RegionCountry, NameZh: "巴西", NameEn: "Brazil"},
	{Code: "HK", Kind: RegionCountry, NameZh: "中国香港", NameEn: "Hong Kong, China"},
	{Code: "GB", Kind: RegionCountry, NameZh: "英国", NameEn: "United Kingdom"},
	{Code: "JP", Kind: RegionCountry, NameZh: "日本", NameEn: "Japan"},
}

// fakeNetwork stands in for the network package: regions, two points and alliance memberships.
type fakeNetwork struct {
	mu      sync.Mutex
	regions []Region
	points  map[int64]Point
	members map[int64][]Membership
	calls   int // Memberships calls
}

func (f *fakeNetwork) Regions(context.Context) ([]Region, error) { return f.regions, nil }

func (f *fakeNetwork) Point(_ context.Context, id int64) (Point, error) {
	p, ok := f.points[id]
	if !ok {
		return Point{}, apperr.NotFound(fmt.Sprintf("point %d", id))
	}
	return p, nil
}

func (f *fakeNetwork) Memberships(_ context.Context, ids []int64) (map[int64][]Membership, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	out := map[int64][]Membership{}
	for _, id := range ids {
		if m, ok := f.members[id]; ok {
			out[id] = m
		}
	}
	return out, nil
}

func (f *fakeNetwork) AllianceMembers(_ context.Context, code string) ([]int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	known := false
	var out []int64
	for id, ms := range f.members {
		for _, m := range ms {
			if m.Alliance == code {
				known = true
				if m.Status == MembershipActive {
					out = append(out, id)
				}
			}
		}
	}
	if !known && code != "EMPTY" {
		return nil, apperr.NotFound("alliance " + code)
	}
	slices.Sort(out)
	return out, nil
}

func (f *fakeNetwork) join(providerID int64, m Membership) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.members[providerID] = append(f.members[providerID], m)
}

// Service points of the fixture.
const (
	pointXuhui   = 1 // Xuhui district point
	pointJingan  = 2 // Jing'an district point
	pointLingang = 3 // a sub-platform: serves the whole city
)

var xuhuiAlliance = Membership{Alliance: "XH-ALLIANCE", NameZh: "徐汇区企业出海服务联盟", NameEn: "Xuhui Going-Global Alliance",
	Scope: "district", OwnerRegion: "310104", Batch: 1, JoinedOn: "2025-03-01", Status: MembershipActive}

var g60Alliance = Membership{Alliance: "G60", NameZh: "G60科创走廊出海服务联盟", NameEn: "G60 Corridor Going-Global Alliance",
	Scope: "multi_city", OwnerRegion: "310117", Batch: 2, JoinedOn: "2024-06-01", Status: MembershipActive}

// fixture is a directory store on a fresh database of one engine.
type fixture struct {
	t     testing.TB
	db    *db.DB
	store *Store
	net   *fakeNetwork
	clock *time.Time
	seed  uint64
}

func newFixture(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f := &fixture{t: t, db: d, clock: &now, net: &fakeNetwork{regions: testRegions, members: map[int64][]Membership{},
		points: map[int64]Point{
			pointXuhui:   {ID: pointXuhui, Code: "XH", Kind: DistrictPoint, Region: "310104"},
			pointJingan:  {ID: pointJingan, Code: "JA", Kind: DistrictPoint, Region: "310106"},
			pointLingang: {ID: pointLingang, Code: "LG", Kind: "sub_platform", Region: "SH-LINGANG"},
		}}}
	f.store = NewStore(d, al, WithNetwork(f.net), WithCallers(callerOf), WithSearch(search.New(d)), WithClock(func() time.Time { return *f.clock }),
		WithSeed(func() uint64 { f.seed++; return mix(f.seed) }))
	return f
}

func eachDB(t *testing.T, fn func(t *testing.T, f *fixture)) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) { fn(t, newFixture(t, d)) })
}

// Callers.
var (
	coordinator = &Caller{UserID: 100, Staff: true, CityWide: true, Coordinator: true}
	xuhuiStaff  = &Caller{UserID: 101, Staff: true, PointID: pointXuhui}
	xuhuiLead   = &Caller{UserID: 102, Staff: true, PointLead: true, PointID: pointXuhui}
	jinganStaff = &Caller{UserID: 103, Staff: true, PointID: pointJingan}
	lingang     = &Caller{UserID: 104, Staff: true, PointID: pointLingang}
	sysAdmin    = &Caller{UserID: 105, Staff: true, CityWide: true}
)

type callerKey struct{}

func as(c *Caller) context.Context {
	ctx := context.WithValue(context.Background(), callerKey{}, c)
	return audit.WithMeta(ctx, audit.Meta{ActorID: c.UserID, ActorLogin: fmt.Sprintf("user-%d", c.UserID)})
}

func callerOf(ctx context.Context) *Caller { c, _ := ctx.Value(callerKey{}).(*Caller); return c }

const (
	member = false
	admin  = true
)

func enterpriseUser(id int64, isAdmin bool) *Caller {
	return &Caller{UserID: 200 + id, EnterpriseID: id, Admin: isAdmin}
}

func providerUser(id int64, isAdmin bool) *Caller {
	return &Caller{UserID: 300 + id, ProviderID: id, Admin: isAdmin}
}

// uscc returns a valid unified social credit code built from n (the check character computed).
func uscc(n int) string {
	body := fmt.Sprintf("91310000MA%07d", n)
	sum := 0
	for i, r := range body {
		sum += indexOf(r) * usccWeights[i]
	}
	return body + string(usccAlphabet[(31-sum%31)%31])
}

func indexOf(r rune) int {
	for i, c := range usccAlphabet {
		if c == r {
			return i
		}
	}
	panic("bad uscc char")
}

// wantField asserts err is a validation error naming field with key.
func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != apperr.KindInvalid {
		t.Fatalf("got %v, want a validation error %s on %s", err, key, field)
	}
	for _, f := range e.Fields {
		if f.Name == field && f.Key == key {
			return
		}
	}
	t.Fatalf("got %v, want %s on %s", err, key, field)
}

func wantKind(t *testing.T, err error, kind apperr.Kind) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Kind != kind {
		t.Fatalf("got %v, want kind %d", err, kind)
	}
}

func (f *fixture) count(query string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) auditCount(action string) int {
	return f.count(`SELECT COUNT(*) FROM audit_entry WHERE action = $1`, action)
}

// enterprise creates a verified enterprise homed in district.
func (f *fixture) enterprise(n int, district string, markets ...string) Enterprise {
	f.t.Helper()
	e, err := f.store.CreateEnterprise(context.Background(), EnterpriseInput{USCC: uscc(n), NameZh: fmt.Sprintf("上海测试企业%d有限公司", n),
		HomeDistrict: district, Markets: markets})
	if err != nil {
		f.t.Fatalf("enterprise %d: %v", n, err)
	}
	return e
}

// provider creates a verified provider.
func (f *fixture) provider(n int, in ProviderInput) Provider {
	f.t.Helper()
	if in.NameZh == "" {
		in.NameZh = fmt.Sprintf("测试服务机构%d", n)
	}
	if in.USCC == "" && in.ForeignRegNo == "" {
		in.USCC = uscc(500000 + n)
	}
	p, err := f.store.CreateProvider(context.Background(), in)
	if err != nil {
		f.t.Fatalf("provider %d: %v", n, err)
	}
	return p
}
