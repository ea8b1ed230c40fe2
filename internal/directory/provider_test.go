package directory

import (
	"context"
	"errors"
	"testing"
	"time"

	"chuhai/internal/apperr"
)

func lawFirm() ProviderInput {
	return ProviderInput{NameZh: "上海衡平律师事务所", NameEn: "Hengping Law Offices", Categories: []string{"法律", "ip"},
		Countries: []string{"越南", "TH", "SG"}, Languages: []string{"zh", "英语", "vi"},
		Offices: []Office{{Region: "徐汇区", AddressZh: "上海市徐汇区肇嘉浜路1号", Head: true}, {Region: "VN", AddressEn: "District 1, Ho Chi Minh City"}},
		Services: []Service{
			{Category: "legal", NameZh: "越南投资法律尽职调查", NameEn: "Vietnam investment due diligence", PriceMinFen: 5_000_000, PriceMaxFen: 20_000_000,
				DeliveryDays: 30, Countries: []string{"VN"}, Languages: []string{"zh", "vi"}},
			{Category: "知识产权", NameZh: "东南亚商标注册", PriceMinFen: 800_000, PriceMaxFen: 800_000, DeliveryDays: 90},
		},
		Licences: []Licence{{Kind: "律师事务所执业许可证", Number: "23101200000000", Issuer: "上海市司法局", ValidUntil: "2027-12-31"}},
		Contacts: []Contact{{Name: "陈律师", Phone: "+86 21 6400 0000", Email: "chen@example.com"}}}
}

func TestProviderProfileValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := as(xuhuiStaff)
		for _, tc := range []struct {
			name  string
			edit  func(*ProviderInput)
			field string
			key   string
		}{
			{"unknown category", func(in *ProviderInput) { in.Categories = []string{"astrology"} }, "categories", "directory.unknown_code"},
			{"both identities", func(in *ProviderInput) { in.ForeignCountry, in.ForeignRegNo = "DE", "HRB 1234" }, "foreign_reg_no", "directory.provider.one_identity"},
			{"foreign without number", func(in *ProviderInput) { in.USCC, in.ForeignCountry = "", "DE" }, "foreign_reg_no", "error.required"},
			{"foreign country is China", func(in *ProviderInput) { in.USCC, in.ForeignCountry, in.ForeignRegNo = "", "CN", "123" }, "foreign_country", "directory.country.unknown"},
			{"service category not offered", func(in *ProviderInput) { in.Services[0].Category = "hr" }, "services[0].category", "directory.service.category_not_offered"},
			{"price order", func(in *ProviderInput) { in.Services[0].PriceMaxFen = 1 }, "services[0].price_max_fen", "directory.service.price_order"},
			{"negative price", func(in *ProviderInput) { in.Services[0].PriceMinFen = -1 }, "services[0].price_min_fen", "directory.service.price"},
			{"delivery", func(in *ProviderInput) { in.Services[0].DeliveryDays = 0 }, "services[0].delivery_days", "directory.service.delivery"},
			{"service country", func(in *ProviderInput) { in.Services[0].Countries = []string{"XX"} }, "services[0].countries", "directory.country.unknown"},
			{"language", func(in *ProviderInput) { in.Languages = []string{"klingon"} }, "languages", "directory.unknown_code"},
			{"office", func(in *ProviderInput) { in.Offices = []Office{{Region: "Gotham"}} }, "offices[0].region", "directory.region.unknown"},
			{"two head offices", func(in *ProviderInput) { in.Offices[1].Head = true }, "offices", "directory.provider.one_head_office"},
			{"licence date", func(in *ProviderInput) { in.Licences[0].ValidUntil = "2027-13-01" }, "licences[0].valid_until", "directory.date.format"},
		} {
			in := lawFirm()
			in.USCC = uscc(900)
			tc.edit(&in)
			_, err := f.store.CreateProvider(ctx, in)
			if err == nil {
				t.Errorf("%s: accepted", tc.name)
				continue
			}
			e, _ := apperr.As(err)
			found := false
			for _, fe := range e.Fields {
				found = found || fe.Name == tc.field && fe.Key == tc.key
			}
			if !found {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
		}
		if n := f.count(`SELECT COUNT(*) FROM provider`); n != 0 {
			t.Fatalf("invalid input wrote %d providers", n)
		}
		in := lawFirm()
		in.USCC = uscc(900)
		p, err := f.store.CreateProvider(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != ProviderVerified || len(p.Categories) != 2 || p.Categories[0] != "legal" || p.Offices[0].Region != "310104" ||
			p.Services[1].Category != "ip" || p.Services[0].PriceText() != "¥50,000–¥200,000" || p.Services[1].PriceText() != "¥8,000" ||
			p.Licences[0].ValidUntil != "2027-12-31" || p.Languages[1] != "en" {
			t.Errorf("stored profile: %+v", p)
		}
		// A foreign firm identifies by its registration, which must be unique.
		de := lawFirm()
		de.NameZh, de.ForeignCountry, de.ForeignRegNo = "德国示例咨询公司", "德国", "HRB 98765"
		if _, err := f.store.CreateProvider(ctx, de); err != nil {
			t.Fatal(err)
		}
		_, err = f.store.CreateProvider(ctx, de)
		wantField(t, err, "foreign_reg_no", "directory.provider.reg_taken")
	})
}

func TestProviderAdminsEditOwnProfileAndStaffModerate(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		p := f.provider(1, lawFirm())
		other := f.provider(2, ProviderInput{Categories: []string{"translation"}})
		admin := providerUser(p.ID, admin)
		in := p.Input()
		in.DescriptionZh = "专注东南亚投资"
		got, err := f.store.UpdateProvider(as(admin), p.ID, p.Version, in)
		if err != nil || got.DescriptionZh != "专注东南亚投资" || got.Version != 2 {
			t.Fatalf("own update: %v", err)
		}
		if _, err := f.store.UpdateProvider(as(admin), other.ID, other.Version, other.Input()); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("edited another provider: %v", err)
		}
		if _, err := f.store.UpdateProvider(as(providerUser(p.ID, member)), p.ID, got.Version, in); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a member edited: %v", err)
		}
		in.USCC = uscc(12345)
		_, err = f.store.UpdateProvider(as(admin), p.ID, got.Version, in)
		wantField(t, err, "uscc", "directory.uscc.immutable")
		// Status changes.
		if _, err := f.store.SetProviderStatus(as(xuhuiStaff), p.ID, got.Version, ProviderSuspended, "投诉核查中"); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff suspended: %v", err)
		}
		_, err = f.store.SetProviderStatus(as(xuhuiLead), p.ID, got.Version, ProviderSuspended, "")
		wantField(t, err, "reason", "error.required")
		sus, err := f.store.SetProviderStatus(as(xuhuiLead), p.ID, got.Version, ProviderSuspended, "投诉核查中")
		if err != nil || sus.Status != ProviderSuspended {
			t.Fatalf("suspend: %v", err)
		}
		if _, err := f.store.ProviderProfile(ctx, p.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a suspended provider is public: %v", err)
		}
		if _, err := f.store.ProviderProfile(as(admin), p.ID); err != nil {
			t.Errorf("its own admin sees it: %v", err)
		}
		if _, err := f.store.SetProviderStatus(as(xuhuiStaff), p.ID, sus.Version, ProviderVerified, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff reinstated: %v", err)
		}
		if _, err := f.store.SetProviderStatus(as(coordinator), p.ID, sus.Version, ProviderPending, ""); err == nil {
			t.Error("suspended → pending is not a transition")
		}
		back, err := f.store.SetProviderStatus(as(coordinator), p.ID, sus.Version, ProviderVerified, "核查完毕")
		if err != nil || back.Status != ProviderVerified {
			t.Fatalf("reinstate: %v", err)
		}
		if f.auditCount("directory.provider.status") != 2 {
			t.Error("status changes not audited")
		}
		// A provider without identity is recorded pending and cannot be verified.
		bare, err := f.store.CreateProvider(as(xuhuiStaff), ProviderInput{NameZh: "无证机构", Categories: []string{"hr"}})
		if err != nil || bare.Status != ProviderPending {
			t.Fatalf("bare: %+v %v", bare, err)
		}
		_, err = f.store.SetProviderStatus(as(xuhuiStaff), bare.ID, bare.Version, ProviderVerified, "")
		wantField(t, err, "uscc", "directory.provider.identity_needed")
	})
}

func TestProviderSelfRegistration(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		in := lawFirm()
		_, err := f.store.RegisterProvider(context.Background(), in, func(context.Context, int64) error { return nil })
		wantField(t, err, "uscc", "directory.provider.identity_needed")
		in.USCC = uscc(321)
		p, err := f.store.RegisterProvider(context.Background(), in, func(context.Context, int64) error { return nil })
		if err != nil || p.Status != ProviderPending {
			t.Fatalf("register: %+v %v", p, err)
		}
		if _, err := f.store.ProviderProfile(context.Background(), p.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Error("a pending provider is public")
		}
		v, err := f.store.SetProviderStatus(as(xuhuiStaff), p.ID, p.Version, ProviderVerified, "")
		if err != nil || v.Status != ProviderVerified {
			t.Fatalf("staff verify: %v", err)
		}
	})
}

func TestActivityRecordAndIdleList(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		busy := f.provider(1, ProviderInput{Categories: []string{"legal"}})
		idle := f.provider(2, ProviderInput{Categories: []string{"legal"}})
		never := f.provider(3, ProviderInput{Categories: []string{"legal"}})
		f.net.join(idle.ID, xuhuiAlliance)
		f.net.join(never.ID, g60Alliance)
		*f.clock = f.clock.AddDate(1, 6, 0) // 18 months later
		now := *f.clock
		for _, e := range []struct {
			id     int64
			when   time.Time
			rating int
		}{
			{busy.ID, now.AddDate(0, -1, 0), 46},
			{busy.ID, now.AddDate(0, -2, 0), 50},
			{busy.ID, now.AddDate(0, -3, 0), 0},
			{idle.ID, now.AddDate(0, -14, 0), 38},
		} {
			if err := f.store.RecordEngagement(ctx, e.id, Engagement{CompletedAt: e.when, RatingTenths: e.rating}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.store.RecordEngagement(as(xuhuiStaff), busy.ID, Engagement{CompletedAt: now}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff recorded an engagement: %v", err)
		}
		err := f.store.RecordEngagement(ctx, busy.ID, Engagement{CompletedAt: now, RatingTenths: 60})
		wantField(t, err, "rating", "directory.engagement.rating")
		p, _ := f.store.ProviderByID(ctx, busy.ID)
		if p.Activity.Completed != 3 || p.Activity.RatingCount != 2 || p.Activity.Rating != 4.8 || !p.Activity.LastEngagementAt.Equal(now.AddDate(0, -1, 0)) {
			t.Errorf("activity: %+v", p.Activity)
		}
		list, total, err := f.store.IdleProviders(as(xuhuiStaff), IdleFilter{Months: 12})
		if err != nil || total != 2 || list[0].ID != never.ID || list[1].ID != idle.ID {
			t.Fatalf("idle 12 months: %d %v %v", total, ids(list), err)
		}
		if _, total, _ := f.store.IdleProviders(ctx, IdleFilter{Months: 15}); total != 1 {
			t.Errorf("idle 15 months: %d, want only the one never engaged (verified 18 months ago)", total)
		}
		list, total, err = f.store.IdleProviders(ctx, IdleFilter{Months: 12, Alliance: "XH-ALLIANCE"})
		if err != nil || total != 1 || list[0].ID != idle.ID || len(list[0].Alliances) != 1 {
			t.Errorf("idle Xuhui members: %d %v", total, err)
		}
		_, _, err = f.store.IdleProviders(ctx, IdleFilter{Months: 12, Alliance: "NOPE"})
		wantField(t, err, "alliance", "directory.alliance.unknown")
		_, _, err = f.store.IdleProviders(ctx, IdleFilter{Months: 0})
		wantField(t, err, "months", "directory.idle.months")
		if _, _, err := f.store.IdleProviders(as(providerUser(busy.ID, admin)), IdleFilter{Months: 12}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a provider read the idle list: %v", err)
		}
	})
}

func ids(ps []Provider) []int64 {
	out := make([]int64, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func TestProviderListFilters(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		a := f.provider(1, lawFirm())
		b := f.provider(2, ProviderInput{NameZh: "沪通翻译", Categories: []string{"translation"}, Countries: []string{"DE"}, Languages: []string{"de"},
			Offices: []Office{{Region: "310106"}}})
		c := f.provider(3, ProviderInput{NameZh: "暂停的机构", Categories: []string{"legal"}, Countries: []string{"VN"}})
		if _, err := f.store.SetProviderStatus(ctx, c.ID, c.Version, ProviderSuspended, "核查"); err != nil {
			t.Fatal(err)
		}
		f.net.join(b.ID, xuhuiAlliance)
		for _, tc := range []struct {
			name string
			f    ProviderFilter
			want []int64
		}{
			{"public", ProviderFilter{Public: true}, []int64{a.ID, b.ID}},
			{"public ignores status", ProviderFilter{Public: true, Status: ProviderSuspended}, []int64{a.ID, b.ID}},
			{"staff see suspended", ProviderFilter{Status: ProviderSuspended}, []int64{c.ID}},
			{"category by name", ProviderFilter{Public: true, Category: "法律"}, []int64{a.ID}},
			{"country", ProviderFilter{Country: "VN"}, []int64{a.ID, c.ID}},
			{"language", ProviderFilter{Public: true, Language: "德语"}, []int64{b.ID}},
			{"office region", ProviderFilter{Public: true, Region: "静安"}, []int64{b.ID}},
			{"alliance", ProviderFilter{Public: true, Alliance: "XH-ALLIANCE"}, []int64{b.ID}},
			{"alliance without members", ProviderFilter{Public: true, Alliance: "EMPTY"}, []int64{}},
			{"query english", ProviderFilter{Public: true, Query: "hengping"}, []int64{a.ID}},
		} {
			got, total, err := f.store.ListProviders(ctx, tc.f)
			if err != nil || total != len(tc.want) || len(got) != len(tc.want) {
				t.Errorf("%s: %v (total %d) %v, want %v", tc.name, ids(got), total, err, tc.want)
				continue
			}
			for i := range got {
				if got[i].ID != tc.want[i] {
					t.Errorf("%s: %v, want %v", tc.name, ids(got), tc.want)
				}
			}
		}
		if _, _, err := f.store.ListProviders(as(enterpriseUser(1, member)), ProviderFilter{}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a non-staff caller listed every status: %v", err)
		}
	})
}
