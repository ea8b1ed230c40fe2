package network_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/country"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
	"chuhai/internal/directory"
	"chuhai/internal/network"
)

var modules = []db.Module{audit.Module, network.Module, directory.Module, network.MembersModule}

func newStore(t *testing.T, d *db.DB) *network.Store {
	t.Helper()
	al, err := audit.New(audit.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	return network.NewStore(d, al)
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// fieldKey returns the key of the first error on field, or "".
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

func TestReferenceDataIsPresentAfterMigrate(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(t, d)
		districts, err := s.ListRegions(ctx, network.RegionFilter{Kind: network.RegionDistrict})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"310101": "黄浦区", "310104": "徐汇区", "310105": "长宁区", "310106": "静安区", "310107": "普陀区",
			"310109": "虹口区", "310110": "杨浦区", "310112": "闵行区", "310113": "宝山区", "310114": "嘉定区", "310115": "浦东新区",
			"310116": "金山区", "310117": "松江区", "310118": "青浦区", "310120": "奉贤区", "310151": "崇明区"}
		if len(districts) != len(want) {
			t.Fatalf("%d districts, want 16", len(districts))
		}
		for _, r := range districts {
			if want[r.Code] != r.NameZh || r.Parent != network.ShanghaiCode || r.NameEn == "" {
				t.Errorf("district %+v", r)
			}
		}
		g60, err := s.ListRegions(ctx, network.RegionFilter{Group: network.GroupG60})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, r := range g60 {
			codes = append(codes, r.Code)
		}
		if got := strings.Join(codes, " "); got != "310117 320500 330100 330400 330500 330700 340100 340200 341800" {
			t.Errorf("G60 cities = %s", got)
		}
		countries, err := s.ListRegions(ctx, network.RegionFilter{Kind: network.RegionCountry})
		if err != nil {
			t.Fatal(err)
		}
		if len(countries) != 249 {
			t.Errorf("%d countries and regions, want the 249 of ISO 3166-1", len(countries))
		}
		for code, zh := range map[string]string{"HK": "中国香港", "SG": "新加坡", "VN": "越南", "SA": "沙特阿拉伯", "TW": "中国台湾"} {
			r, err := s.RegionByCode(ctx, strings.ToLower(code))
			if err != nil || r.NameZh != zh || r.Kind != network.RegionCountry {
				t.Errorf("%s: %+v %v", code, r, err)
			}
		}
		topics, err := s.Topics(ctx)
		if err != nil || len(topics) != 12 || topics[0].Code != "odi" {
			t.Errorf("topics %v %v", topics, err)
		}
		if _, err := s.ListRegions(ctx, network.RegionFilter{Kind: "planet"}); fieldKey(err, "kind") != "error.bad_choice" {
			t.Errorf("unknown kind: %v", err)
		}
		if _, err := s.ListRegions(ctx, network.RegionFilter{Group: "g61"}); fieldKey(err, "group") != "error.bad_choice" {
			t.Errorf("unknown group: %v", err)
		}
		if _, err := s.RegionByCode(ctx, "310199"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown region: %v", err)
		}

		// Seeding again (every migrate does) changes nothing.
		before := count(t, d, `SELECT COUNT(*) FROM region WHERE updated_at = created_at`)
		if err := network.Seed(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := d.Migrate(ctx, modules...); err != nil {
			t.Fatal(err)
		}
		if after := count(t, d, `SELECT COUNT(*) FROM region WHERE updated_at = created_at`); after != before {
			t.Errorf("re-seeding touched %d rows", before-after)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM region`); n != 279 {
			t.Errorf("%d regions after re-seeding, want 279", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM region_group_member`); n != 9 {
			t.Errorf("%d G60 members after re-seeding", n)
		}
	})
}

// TestCountryRegionsAreTheSharedList: the network's country regions are internal/country's list,
// names and all, and seeding brings a database holding older names (as databases seeded before the
// list was shared do) up to it.
func TestCountryRegionsAreTheSharedList(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, `UPDATE region SET name_zh = $1, name_en = $2 WHERE code = $3`, "文莱", "Brunei Darussalam", "BN"); err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(ctx, `UPDATE region SET name_zh = $1 WHERE code = $2`, "蒙古", "MN"); err != nil {
			t.Fatal(err)
		}
		if err := network.Seed(ctx, d); err != nil {
			t.Fatal(err)
		}
		regions, err := newStore(t, d).ListRegions(ctx, network.RegionFilter{Kind: network.RegionCountry})
		if err != nil {
			t.Fatal(err)
		}
		shared := country.All()
		if len(regions) != len(shared) {
			t.Fatalf("%d country regions, want the %d of internal/country", len(regions), len(shared))
		}
		for i, r := range regions {
			c := shared[i]
			if r.Code != c.Code || r.NameZh != c.NameZh || r.NameEn != c.NameEn || r.Parent != "" {
				t.Errorf("region %+v, want %+v", r, c)
			}
		}
	})
}

func xuhui() network.PointInput {
	return network.PointInput{Code: "xh", Kind: network.DistrictPoint, NameZh: "上海市企业走出去综合服务平台（徐汇）服务点",
		NameEn: "Xuhui service point", RegionCode: "310104", AddressZh: "上海市徐汇区漕溪北路 336 号", AddressEn: "336 North Caoxi Road",
		Phone: "021-6487 0000", Email: "xh@example.gov.cn", Capabilities: []string{"legal", "ODI", "tax", "legal"}}
}

func TestCreatePointNormalisesAndAudits(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := audit.WithMeta(context.Background(), audit.Meta{ActorLogin: "coordinator", RequestID: "r1"})
		s := newStore(t, d)
		p, err := s.CreatePoint(ctx, xuhui())
		if err != nil {
			t.Fatal(err)
		}
		if p.Code != "XH" || p.TimeZone != "Asia/Shanghai" || !p.Active || p.Version != 1 || strings.Join(p.Capabilities, " ") != "odi legal tax" {
			t.Errorf("created %+v", p)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_entry WHERE action = 'network.point.create' AND object_id = 'XH' AND actor_login = 'coordinator'`); n != 1 {
			t.Errorf("%d audit entries", n)
		}
		got, err := s.PointByCode(ctx, "xh")
		if err != nil || got.ID != p.ID || len(got.Capabilities) != 3 {
			t.Errorf("by code: %+v %v", got, err)
		}
		if got, err := s.PointByID(ctx, p.ID); err != nil || got.Code != "XH" {
			t.Errorf("by id: %+v %v", got, err)
		}
		for _, code := range []string{"NOPE", "", "../x", "x'--"} {
			if _, err := s.PointByCode(ctx, code); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("PointByCode(%q): %v", code, err)
			}
		}
		if _, err := s.PointByID(ctx, 999999); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("PointByID: %v", err)
		}
	})
}

func TestPointValidation(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(t, d)
		if _, err := s.CreatePoint(ctx, xuhui()); err != nil {
			t.Fatal(err)
		}
		long := strings.Repeat("长", 101)
		for _, tc := range []struct {
			name, field, key string
			edit             func(*network.PointInput)
		}{
			{"duplicate code", "code", "network.code.taken", func(p *network.PointInput) { p.RegionCode = "310105"; p.Code = "XH" }},
			{"bad code", "code", "network.code.format", func(p *network.PointInput) { p.Code = "X" }},
			{"code with space", "code", "network.code.format", func(p *network.PointInput) { p.Code = "X H" }},
			{"missing code", "code", "error.required", func(p *network.PointInput) { p.Code = "" }},
			{"missing kind", "kind", "error.required", func(p *network.PointInput) { p.Kind = "" }},
			{"unknown kind", "kind", "error.bad_choice", func(p *network.PointInput) { p.Kind = "kiosk" }},
			{"missing name", "name_zh", "error.required", func(p *network.PointInput) { p.NameZh = " " }},
			{"long name", "name_zh", "error.too_long", func(p *network.PointInput) { p.NameZh = long }},
			{"long address", "address_en", "error.too_long", func(p *network.PointInput) { p.AddressEn = strings.Repeat("a", 301) }},
			{"unknown region", "region_code", "network.region.unknown", func(p *network.PointInput) { p.RegionCode = "310199" }},
			{"malformed region", "region_code", "network.region.unknown", func(p *network.PointInput) { p.RegionCode = "'; DROP" }},
			{"district point abroad", "region_code", "network.region.wrong_for_district_point", func(p *network.PointInput) { p.RegionCode = "SG" }},
			{"second district point", "region_code", "network.region.district_taken", func(p *network.PointInput) { p.Code = "XH2" }},
			{"overseas point in a district", "region_code", "network.region.wrong_for_overseas_point", func(p *network.PointInput) {
				p.Code, p.Kind, p.TimeZone = "SG", network.OverseasPoint, "Asia/Singapore"
			}},
			{"overseas point in China", "region_code", "network.region.wrong_for_overseas_point", func(p *network.PointInput) {
				p.Code, p.Kind, p.RegionCode, p.TimeZone = "CNX", network.OverseasPoint, "CN", "Asia/Shanghai"
			}},
			{"city platform in a district", "region_code", "network.region.wrong_for_city_platform", func(p *network.PointInput) { p.Code, p.Kind = "SH", network.CityPlatform }},
			{"unknown capability", "capabilities", "network.capability.unknown", func(p *network.PointInput) { p.Code = "CN1"; p.Capabilities = []string{"odi", "magic"} }},
			{"bad time zone", "time_zone", "network.time_zone.invalid", func(p *network.PointInput) {
				p.Code, p.Kind, p.RegionCode, p.TimeZone = "SG", network.OverseasPoint, "SG", "Asia/Atlantis"
			}},
			{"relative time zone", "time_zone", "network.time_zone.invalid", func(p *network.PointInput) {
				p.Code, p.Kind, p.RegionCode, p.TimeZone = "SG", network.OverseasPoint, "SG", "../../etc/passwd"
			}},
			{"overseas point without zone", "time_zone", "error.required", func(p *network.PointInput) {
				p.Code, p.Kind, p.RegionCode, p.TimeZone = "SG", network.OverseasPoint, "SG", ""
			}},
			{"domestic point abroad in time", "time_zone", "network.time_zone.domestic", func(p *network.PointInput) {
				p.Code, p.RegionCode, p.TimeZone = "CN1", "310105", "Asia/Tokyo"
			}},
			{"countries on a district point", "countries", "network.countries.only_overseas", func(p *network.PointInput) {
				p.Code, p.RegionCode, p.Countries = "CN1", "310105", []string{"SG"}
			}},
			{"unknown country", "countries", "network.countries.unknown", func(p *network.PointInput) {
				p.Code, p.Kind, p.RegionCode, p.TimeZone, p.Countries = "SG", network.OverseasPoint, "SG", "Asia/Singapore", []string{"MY", "XX"}
			}},
			{"district as a country", "countries", "network.countries.unknown", func(p *network.PointInput) {
				p.Code, p.Kind, p.RegionCode, p.TimeZone, p.Countries = "SG", network.OverseasPoint, "SG", "Asia/Singapore", []string{"310104"}
			}},
			{"bad phone", "phone", "network.phone.format", func(p *network.PointInput) { p.Code = "CN1"; p.Phone = "call us" }},
			{"bad email", "email", "network.email.format", func(p *network.PointInput) { p.Code = "CN1"; p.Email = "x@" }},
			{"bad date", "opened_on", "network.date.format", func(p *network.PointInput) { p.Code = "CN1"; p.OpenedOn = "2025-02-30" }},
		} {
			in := xuhui()
			tc.edit(&in)
			_, err := s.CreatePoint(ctx, in)
			if got := fieldKey(err, tc.field); got != tc.key {
				t.Errorf("%s: %s error = %q, want %q (err %v)", tc.name, tc.field, got, tc.key, err)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM service_point`); n != 1 {
			t.Errorf("%d points after refused creates", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_entry`); n != 1 {
			t.Errorf("%d audit entries after refused creates", n)
		}
		// An overseas point in its own time zone, covering countries.
		p, err := s.CreatePoint(ctx, network.PointInput{Code: "SG", Kind: network.OverseasPoint, NameZh: "新加坡海外服务点", NameEn: "Singapore",
			RegionCode: "sg", TimeZone: "Asia/Singapore", Countries: []string{"sg", "MY", "ID", "my"}, Capabilities: []string{"market_entry"}})
		if err != nil || p.TimeZone != "Asia/Singapore" || strings.Join(p.Countries, " ") != "ID MY SG" {
			t.Errorf("overseas point %+v %v", p, err)
		}
	})
}

func TestUpdatePointIsOptimisticallyLocked(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(t, d)
		p, err := s.CreatePoint(ctx, xuhui())
		if err != nil {
			t.Fatal(err)
		}
		in := xuhui()
		in.NameEn = "Xuhui District Service Point"
		in.Capabilities = []string{"odi"}
		up, err := s.UpdatePoint(ctx, "XH", p.Version, in)
		if err != nil {
			t.Fatal(err)
		}
		if up.Version != 2 || up.NameEn != in.NameEn || strings.Join(up.Capabilities, " ") != "odi" {
			t.Errorf("updated %+v", up)
		}
		// A second writer who loaded version 1 loses, and nothing changes.
		in.NameEn = "stale"
		_, err = s.UpdatePoint(ctx, "XH", p.Version, in)
		if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindConflict {
			t.Fatalf("stale update: %v", err)
		}
		if got, _ := s.PointByCode(ctx, "XH"); got.NameEn == "stale" || got.Version != 2 {
			t.Errorf("stale update changed the point: %+v", got)
		}
		if _, err := s.UpdatePoint(ctx, "XH", 0, in); fieldKey(err, "version") != "network.version.required" {
			t.Errorf("no version: %v", err)
		}
		in.Code = "XX"
		if _, err := s.UpdatePoint(ctx, "XH", 2, in); fieldKey(err, "code") != "network.code.immutable" {
			t.Errorf("code change: %v", err)
		}
		if _, err := s.UpdatePoint(ctx, "NOPE", 1, in); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown point: %v", err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_entry WHERE action = 'network.point.update'`); n != 1 {
			t.Errorf("%d update audit entries, want 1", n)
		}
		var detail string
		if err := d.QueryRow(ctx, `SELECT detail FROM audit_entry WHERE action = 'network.point.update'`).Scan(&detail); err != nil || !strings.Contains(detail, "capabilities") || !strings.Contains(detail, "name_en") {
			t.Errorf("audit detail %s %v", detail, err)
		}

		// Deactivating frees the district for a new district point; the old code stays taken.
		if _, err := s.DeactivatePoint(ctx, "XH", 1); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale deactivate: %v", err)
		}
		off, err := s.DeactivatePoint(ctx, "XH", 2)
		if err != nil || off.Active || off.Version != 3 {
			t.Fatalf("deactivate: %+v %v", off, err)
		}
		in = xuhui()
		in.Code = "XH2"
		if _, err := s.CreatePoint(ctx, in); err != nil {
			t.Errorf("new district point after deactivation: %v", err)
		}
		in.Code = "XH"
		if _, err := s.CreatePoint(ctx, in); fieldKey(err, "code") != "network.code.taken" {
			t.Errorf("reusing a retired code: %v", err)
		}
		// Reactivating the old one would give Xuhui two.
		re := xuhui()
		on := true
		re.Active = &on
		if _, err := s.UpdatePoint(ctx, "XH", 3, re); fieldKey(err, "region_code") != "network.region.district_taken" {
			t.Errorf("reactivation: %v", err)
		}
	})
}

func TestListPointsFiltersAndPages(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(t, d)
		mk := func(code, kind, region string, caps ...string) {
			t.Helper()
			in := network.PointInput{Code: code, Kind: kind, NameZh: code + " 服务点", NameEn: code + " point_100%", RegionCode: region, Capabilities: caps}
			if kind == network.OverseasPoint {
				in.TimeZone = "Asia/Hong_Kong"
			}
			if _, err := s.CreatePoint(ctx, in); err != nil {
				t.Fatal(err)
			}
		}
		mk("SH", network.CityPlatform, "310000", "odi", "legal")
		mk("PD", network.SubPlatform, "310115", "odi")
		mk("LG", network.SubPlatform, "SH-LINGANG", "odi", "finance")
		mk("XH", network.DistrictPoint, "310104", "legal")
		mk("JA", network.DistrictPoint, "310106", "tax")
		mk("JA-ODI", network.SpecialisedPoint, "310106", "odi")
		mk("HK", network.OverseasPoint, "HK", "legal")
		list := func(f network.PointFilter) (string, int) {
			t.Helper()
			ps, total, err := s.ListPoints(ctx, f)
			if err != nil {
				t.Fatalf("%+v: %v", f, err)
			}
			var codes []string
			for _, p := range ps {
				codes = append(codes, p.Code)
			}
			return strings.Join(codes, " "), total
		}
		for _, tc := range []struct {
			f     network.PointFilter
			want  string
			total int
		}{
			{network.PointFilter{}, "SH PD LG XH JA JA-ODI HK", 7},
			{network.PointFilter{Kind: network.SubPlatform}, "PD LG", 2},
			{network.PointFilter{Region: "310106"}, "JA JA-ODI", 2},
			{network.PointFilter{Region: "310000"}, "SH PD LG XH JA JA-ODI", 6}, // Shanghai itself and its districts and areas
			{network.PointFilter{Capability: "ODI"}, "SH PD LG JA-ODI", 4},
			{network.PointFilter{Capability: "odi", Region: "310106"}, "JA-ODI", 1},
			{network.PointFilter{Q: "ja"}, "JA JA-ODI", 2},
			{network.PointFilter{Q: "100%"}, "SH PD LG XH JA JA-ODI HK", 7},
			{network.PointFilter{Q: "_"}, "SH PD LG XH JA JA-ODI HK", 7},
			{network.PointFilter{Q: "0_%"}, "", 0}, // wildcards are literal
			{network.PointFilter{Limit: 2, Offset: 2}, "LG XH", 7},
			{network.PointFilter{Limit: 5, Offset: 100}, "", 7},
		} {
			got, total := list(tc.f)
			if got != tc.want || total != tc.total {
				t.Errorf("%+v: %q (%d), want %q (%d)", tc.f, got, total, tc.want, tc.total)
			}
		}
		if _, err := s.DeactivatePoint(ctx, "XH", 1); err != nil {
			t.Fatal(err)
		}
		if got, total := list(network.PointFilter{Kind: network.DistrictPoint}); got != "JA" || total != 1 {
			t.Errorf("inactive point listed: %s", got)
		}
		if got, _ := list(network.PointFilter{Kind: network.DistrictPoint, IncludeInactive: true}); got != "XH JA" {
			t.Errorf("with inactive: %s", got)
		}
		for _, tc := range []struct {
			f     network.PointFilter
			field string
		}{
			{network.PointFilter{Kind: "kiosk"}, "kind"},
			{network.PointFilter{Region: "999999"}, "region"},
			{network.PointFilter{Capability: "magic"}, "capability"},
			{network.PointFilter{Q: strings.Repeat("x", 101)}, "q"},
		} {
			if _, _, err := s.ListPoints(ctx, tc.f); fieldKey(err, tc.field) == "" {
				t.Errorf("%+v: %v", tc.f, err)
			}
		}
		sum, err := s.Summarize(ctx)
		if err != nil || sum.Points[network.SubPlatform] != 2 || sum.Points[network.DistrictPoint] != 1 || sum.Points[network.OverseasPoint] != 1 {
			t.Errorf("summary %+v %v", sum, err)
		}
	})
}

func TestAlliancesAndMembers(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := newStore(t, d)
		al, _ := audit.New(audit.SHA256)
		dir := directory.NewStore(d, al)
		g60 := network.AllianceInput{Code: "g60", NameZh: "长三角G60科创走廊企业出海服务联盟", NameEn: "G60 alliance", Scope: network.ScopeMultiCity,
			OwnerRegion: "310117", Regions: []string{"310117", "320500", "330100", "330400", "330500", "330700", "340100", "340200", "341800"},
			FoundedOn: "2025-06-01"}
		a, err := s.CreateAlliance(ctx, g60)
		if err != nil {
			t.Fatal(err)
		}
		if a.Code != "G60" || len(a.Regions) != 9 || a.FoundedOn != "2025-06-01" || a.MemberCount != 0 || a.Version != 1 {
			t.Errorf("created %+v", a)
		}
		for _, tc := range []struct {
			name, field, key string
			edit             func(*network.AllianceInput)
		}{
			{"duplicate", "code", "network.code.taken", func(a *network.AllianceInput) {}},
			{"scope", "scope", "error.bad_choice", func(a *network.AllianceInput) { a.Code, a.Scope = "X1", "galaxy" }},
			{"owner", "owner_region", "network.region.unknown", func(a *network.AllianceInput) { a.Code, a.OwnerRegion = "X1", "999999" }},
			{"city owner", "owner_region", "network.alliance.owner_for_city", func(a *network.AllianceInput) {
				a.Code, a.Scope, a.Regions = "X1", network.ScopeCity, nil
			}},
			{"district owner", "owner_region", "network.alliance.owner_for_district", func(a *network.AllianceInput) {
				a.Code, a.Scope, a.OwnerRegion, a.Regions = "X1", network.ScopeDistrict, "310000", nil
			}},
			{"regions on a district alliance", "regions", "network.alliance.regions_only_multi", func(a *network.AllianceInput) {
				a.Code, a.Scope = "X1", network.ScopeDistrict
			}},
			{"one city", "regions", "network.alliance.regions_min", func(a *network.AllianceInput) { a.Code, a.Regions = "X1", []string{"310117"} }},
			{"country as city", "regions", "network.alliance.region_unknown", func(a *network.AllianceInput) { a.Code, a.Regions = "X1", []string{"310117", "FR"} }},
			{"owner outside", "regions", "network.alliance.regions_include_owner", func(a *network.AllianceInput) { a.Code, a.Regions = "X1", []string{"320500", "330100"} }},
			{"long description", "description_en", "error.too_long", func(a *network.AllianceInput) { a.Code, a.DescriptionEn = "X1", strings.Repeat("x", 4001) }},
		} {
			in := g60
			tc.edit(&in)
			if _, err := s.CreateAlliance(ctx, in); fieldKey(err, tc.field) != tc.key {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
		xh, err := s.CreateAlliance(ctx, network.AllianceInput{Code: "XH-SA", NameZh: "徐汇区出海服务联盟", NameEn: "Xuhui alliance", Scope: network.ScopeDistrict, OwnerRegion: "310104"})
		if err != nil {
			t.Fatal(err)
		}
		up := g60
		up.DescriptionZh = "九城联动"
		if _, err := s.UpdateAlliance(ctx, "G60", 1, up); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateAlliance(ctx, "G60", 1, up); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale: %v", err)
		}

		var ids []int64
		for i := range 3 {
			p, err := dir.CreateProvider(ctx, directory.ProviderInput{NameZh: fmt.Sprintf("示例律师事务所%d", i), NameEn: fmt.Sprintf("Sample Law %d", i)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		for i, id := range ids {
			status := network.MemberActive
			if i == 2 {
				status = network.MemberWithdrawn
			}
			if _, err := s.AddMember(ctx, "xh-sa", network.MemberInput{ProviderID: id, JoinedOn: "2025-08-15", Status: status}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.AddMember(ctx, "XH-SA", network.MemberInput{ProviderID: ids[0], JoinedOn: "2025-08-15"}); fieldKey(err, "provider_id") != "network.member.duplicate" {
			t.Errorf("duplicate member: %v", err)
		}
		if _, err := s.AddMember(ctx, "XH-SA", network.MemberInput{ProviderID: 987654, JoinedOn: "2025-08-15"}); fieldKey(err, "provider_id") != "network.member.unknown_provider" {
			t.Errorf("unknown provider: %v", err)
		}
		if _, err := s.AddMember(ctx, "XH-SA", network.MemberInput{ProviderID: ids[0], Batch: 100, Status: "gold"}); fieldKey(err, "batch") == "" || fieldKey(err, "status") == "" || fieldKey(err, "joined_on") == "" {
			t.Errorf("bad member input: %v", err)
		}
		if _, err := s.AddMember(ctx, "NOPE", network.MemberInput{ProviderID: ids[0], JoinedOn: "2025-08-15"}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("unknown alliance: %v", err)
		}
		ms, total, err := s.ListMembers(ctx, "XH-SA", network.MemberFilter{})
		if err != nil || total != 3 || len(ms) != 3 || ms[0].JoinedOn != "2025-08-15" || ms[0].Batch != 1 {
			t.Errorf("members %+v %d %v", ms, total, err)
		}
		if _, total, _ := s.ListMembers(ctx, "XH-SA", network.MemberFilter{Status: network.MemberActive}); total != 2 {
			t.Errorf("active members %d", total)
		}
		got, err := s.AllianceByCode(ctx, "xh-sa")
		if err != nil || got.MemberCount != 2 || got.ID != xh.ID {
			t.Errorf("member count %+v %v", got, err)
		}
		list, total, err := s.ListAlliances(ctx, network.AllianceFilter{})
		if err != nil || total != 2 || list[0].Code != "XH-SA" || list[1].Code != "G60" || list[1].DescriptionZh != "九城联动" {
			t.Errorf("alliances %+v %d %v", list, total, err)
		}
		if _, _, err := s.ListAlliances(ctx, network.AllianceFilter{Scope: "x"}); fieldKey(err, "scope") == "" {
			t.Errorf("bad scope filter: %v", err)
		}
		sum, _ := s.Summarize(ctx)
		if sum.Alliances != 2 || sum.AllianceMembers != 2 {
			t.Errorf("summary %+v", sum)
		}
		for action, want := range map[string]int{"network.alliance.create": 2, "network.alliance.update": 1, "network.alliance.member.add": 3} {
			if n := count(t, d, `SELECT COUNT(*) FROM audit_entry WHERE action = $1`, action); n != want {
				t.Errorf("%s: %d audit entries, want %d", action, n, want)
			}
		}
	})
}
