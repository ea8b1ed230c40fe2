package directory

import (
	"context"
	"errors"
	"testing"
	"time"

	"chuhai/internal/apperr"
)

func TestReferenceLoads(t *testing.T) {
	ref, err := loadReference()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		voc      *Vocabulary
		in, want string
	}{
		{ref.Categories, "legal", "legal"},
		{ref.Categories, "法律", "legal"},
		{ref.Categories, "财税", "accounting"},
		{ref.Categories, "IT & data compliance", ""},
		{ref.Categories, "信息技术与数据合规", "it"},
		{ref.Categories, "Translation", "translation"},
		{ref.SizeClasses, "中型企业", "medium"},
		{ref.Ownerships, "民企", "private"},
		{ref.Ownerships, "外资", "foreign_invested"},
		{ref.Languages, "越南语", "vi"},
		{ref.EntityKinds, "代表处", "representative_office"},
	} {
		got, _ := tc.voc.Resolve(tc.in)
		if got != tc.want {
			t.Errorf("%s: Resolve(%q) = %q, want %q", tc.voc.Name, tc.in, got, tc.want)
		}
	}
	if len(ref.Categories.Choices) != 12 {
		t.Errorf("categories: %d, want 12", len(ref.Categories.Choices))
	}
}

func TestEnterpriseValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := as(xuhuiStaff)
		base := func() EnterpriseInput {
			return EnterpriseInput{USCC: uscc(1), NameZh: "上海精工机械有限公司", AddressZh: "上海市徐汇区漕溪北路88号"}
		}
		for _, tc := range []struct {
			name  string
			edit  func(*EnterpriseInput)
			field string
			key   string
		}{
			{"bad check digit", func(in *EnterpriseInput) { in.USCC = "91310104MA1FL4B24G" }, "uscc", "uscc.check_digit"},
			{"short code", func(in *EnterpriseInput) { in.USCC = "9131" }, "uscc", "uscc.length"},
			{"no name", func(in *EnterpriseInput) { in.NameZh = " " }, "name_zh", "error.required"},
			{"no district and no address", func(in *EnterpriseInput) { in.AddressZh = "" }, "home_district", "error.required"},
			{"address without district", func(in *EnterpriseInput) { in.AddressZh = "某路1号" }, "home_district", "directory.enterprise.district_from_address"},
			{"address in another district", func(in *EnterpriseInput) { in.HomeDistrict = "310106" }, "address_zh", "directory.enterprise.address_district"},
			{"unknown district", func(in *EnterpriseInput) { in.HomeDistrict = "999999"; in.AddressZh = "" }, "home_district", "directory.district.unknown"},
			{"industry", func(in *EnterpriseInput) { in.Industry = "A39" }, "industry", "directory.industry.unknown"},
			{"size", func(in *EnterpriseInput) { in.SizeClass = "huge" }, "size_class", "error.bad_choice"},
			{"market", func(in *EnterpriseInput) { in.Markets = []string{"越南", "Atlantis"} }, "markets", "directory.country.unknown"},
			{"market is a district", func(in *EnterpriseInput) { in.Markets = []string{"310104"} }, "markets", "directory.country.unknown"},
			{"entity kind", func(in *EnterpriseInput) { in.Entities = []OverseasEntity{{Country: "VN", Kind: "castle"}} }, "entities[0].kind", "error.bad_choice"},
			{"contact unreachable", func(in *EnterpriseInput) { in.Contacts = []Contact{{Name: "王"}} }, "contacts[0].phone", "directory.contact.reach"},
			{"contact email", func(in *EnterpriseInput) { in.Contacts = []Contact{{Name: "王", Email: "not-mail"}} }, "contacts[0].email", "directory.email.format"},
			{"two primaries", func(in *EnterpriseInput) {
				in.Contacts = []Contact{{Name: "王", Phone: "021-1234567", Primary: true}, {Name: "李", Phone: "13800000000", Primary: true}}
			}, "contacts", "directory.contact.one_primary"},
			{"website", func(in *EnterpriseInput) { in.Website = "javascript:alert(1)" }, "website", "directory.url.format"},
		} {
			in := base()
			tc.edit(&in)
			_, err := f.store.CreateEnterprise(ctx, in)
			if err == nil {
				t.Errorf("%s: accepted", tc.name)
				continue
			}
			e, ok := apperr.As(err)
			found := false
			for _, fe := range e.Fields {
				found = found || fe.Name == tc.field && fe.Key == tc.key
			}
			if !ok || !found {
				t.Errorf("%s: got %v, want %s on %s", tc.name, err, tc.key, tc.field)
			}
		}
		if n := f.count(`SELECT COUNT(*) FROM enterprise`); n != 0 {
			t.Fatalf("invalid input wrote %d enterprises", n)
		}
		in := base()
		in.Industry, in.SizeClass, in.Ownership = "39", "中型", "民营"
		in.Markets = []string{"越南", "TH", "vn", "Hong Kong, China"}
		in.Entities = []OverseasEntity{{Country: "越南", Kind: "工厂", Name: "Tinh Gia Plant", Status: "设立中"}}
		in.Contacts = []Contact{{Name: "王经理", Phone: "021-64000000"}, {Name: "李", Email: "li@example.com"}}
		e, err := f.store.CreateEnterprise(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.HomeDistrict != "310104" || e.Industry != "C39" || e.SizeClass != "medium" || e.Ownership != "private" ||
			e.Status != EnterpriseVerified || e.Origin != OriginWindow {
			t.Errorf("normalised profile: %+v", e)
		}
		if len(e.Markets) != 3 || e.Entities[0].Kind != "plant" || e.Entities[0].Status != "establishing" || !e.Contacts[0].Primary {
			t.Errorf("lists: markets %v entities %v contacts %v", e.Markets, e.Entities, e.Contacts)
		}
		if _, err := f.store.CreateEnterprise(ctx, in); err == nil {
			t.Error("a second enterprise with the same USCC was accepted")
		} else {
			wantField(t, err, "uscc", "directory.uscc.taken")
		}
		if f.auditCount("directory.enterprise.create") != 1 {
			t.Error("creation not audited once")
		}
	})
}

func TestDistrictPointRegistersAndSeesOnlyItsDistrict(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		_, err := f.store.CreateEnterprise(as(xuhuiStaff), EnterpriseInput{USCC: uscc(2), NameZh: "静安企业", AddressZh: "上海市静安区南京西路1号"})
		wantField(t, err, "home_district", "directory.enterprise.other_district")
		ja, err := f.store.CreateEnterprise(as(lingang), EnterpriseInput{USCC: uscc(2), NameZh: "静安企业", AddressZh: "上海市静安区南京西路1号"})
		if err != nil {
			t.Fatalf("a sub-platform registers for any district: %v", err)
		}
		xh := f.enterprise(3, "310104")
		if _, err := f.store.EnterpriseByID(as(xuhuiStaff), ja.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("Xuhui staff read a Jing'an enterprise: %v", err)
		}
		if _, err := f.store.EnterpriseByID(as(lingang), ja.ID); err != nil {
			t.Errorf("sub-platform staff: %v", err)
		}
		list, total, err := f.store.ListEnterprises(as(xuhuiStaff), EnterpriseFilter{})
		if err != nil || total != 1 || list[0].ID != xh.ID {
			t.Errorf("Xuhui list: %d %v %v", total, list, err)
		}
		_, _, err = f.store.ListEnterprises(as(xuhuiStaff), EnterpriseFilter{District: "静安"})
		wantField(t, err, "district", "directory.enterprise.other_district")
		if _, _, err := f.store.ListEnterprises(as(enterpriseUser(xh.ID, admin)), EnterpriseFilter{}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("an enterprise listed enterprises: %v", err)
		}
		if _, err := f.store.CreateEnterprise(as(enterpriseUser(xh.ID, admin)), EnterpriseInput{USCC: uscc(9), NameZh: "x", HomeDistrict: "310104"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("an enterprise user created an enterprise at the window: %v", err)
		}
	})
}

func TestEnterpriseAdminEditsOwnProfileOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		a := f.enterprise(1, "310104")
		b := f.enterprise(2, "310104")
		admin := enterpriseUser(a.ID, admin)
		in := a.Input()
		in.NameEn, in.Markets = "Precision Co.", []string{"DE"}
		got, err := f.store.UpdateEnterprise(as(admin), a.ID, a.Version, in)
		if err != nil || got.NameEn != "Precision Co." || got.Version != 2 || got.Markets[0] != "DE" {
			t.Fatalf("own update: %+v %v", got, err)
		}
		if _, err := f.store.UpdateEnterprise(as(admin), a.ID, a.Version, in); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale version: %v", err)
		}
		if _, err := f.store.UpdateEnterprise(as(admin), b.ID, b.Version, b.Input()); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another enterprise: %v", err)
		}
		member := enterpriseUser(a.ID, member)
		if _, err := f.store.UpdateEnterprise(as(member), a.ID, got.Version, in); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a member edited: %v", err)
		}
		if _, err := f.store.EnterpriseByID(as(member), a.ID); err != nil {
			t.Errorf("a member reads their enterprise: %v", err)
		}
		if _, err := f.store.UpdateEnterprise(as(jinganStaff), a.ID, got.Version, in); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another district's staff edited: %v", err)
		}
		in.USCC = uscc(77)
		_, err = f.store.UpdateEnterprise(as(admin), a.ID, got.Version, in)
		wantField(t, err, "uscc", "directory.uscc.immutable")
		in.USCC, in.HomeDistrict = "", "310106"
		_, err = f.store.UpdateEnterprise(as(admin), a.ID, got.Version, in)
		wantField(t, err, "home_district", "directory.enterprise.district_change_needed")
		in.HomeDistrict, in.AddressZh = "", "上海市静安区万航渡路1号"
		_, err = f.store.UpdateEnterprise(as(admin), a.ID, got.Version, in)
		wantField(t, err, "address_zh", "directory.enterprise.address_district")
	})
}

func TestSelfRegistrationWaitsForHomeDistrictPoint(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		in := EnterpriseInput{USCC: uscc(5), NameZh: "上海自主注册科技有限公司", AddressZh: "上海市徐汇区虹桥路1号"}
		var madeFor int64
		e, err := f.store.RegisterEnterprise(ctx, in, func(_ context.Context, id int64) error { madeFor = id; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if e.Status != EnterprisePending || e.Origin != OriginSelf || madeFor != e.ID {
			t.Fatalf("registered: %+v (admin for %d)", e, madeFor)
		}
		if _, err := f.store.DecideRegistration(as(jinganStaff), e.ID, e.Version, true, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("another district verified: %v", err)
		}
		if _, err := f.store.DecideRegistration(as(lingang), e.ID, e.Version, true, ""); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a sub-platform verified: %v", err)
		}
		_, err = f.store.DecideRegistration(as(xuhuiStaff), e.ID, e.Version, false, "")
		wantField(t, err, "note", "error.required")
		rej, err := f.store.DecideRegistration(as(xuhuiStaff), e.ID, e.Version, false, "营业执照地址与填写不符")
		if err != nil || rej.Status != EnterpriseRejected {
			t.Fatalf("reject: %+v %v", rej, err)
		}
		// The enterprise corrects its profile and is back in the queue.
		admin := enterpriseUser(e.ID, admin)
		fixed := rej.Input()
		fixed.NameEn = "Self Registered Tech"
		back, err := f.store.UpdateEnterprise(as(admin), e.ID, rej.Version, fixed)
		if err != nil || back.Status != EnterprisePending {
			t.Fatalf("correction: %+v %v", back, err)
		}
		ok, err := f.store.DecideRegistration(as(xuhuiStaff), e.ID, back.Version, true, "")
		if err != nil || ok.Status != EnterpriseVerified || ok.VerifiedAt == nil {
			t.Fatalf("verify: %+v %v", ok, err)
		}
		if _, err := f.store.DecideRegistration(as(xuhuiStaff), e.ID, ok.Version, true, ""); err == nil {
			t.Error("verified twice")
		}
		for _, a := range []string{"directory.enterprise.register", "directory.enterprise.reject", "directory.enterprise.verify"} {
			if f.auditCount(a) != 1 {
				t.Errorf("%s not audited", a)
			}
		}
	})
}

func TestSelfRegistrationUndoneWhenTheAccountFails(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		in := EnterpriseInput{USCC: uscc(6), NameZh: "上海注册失败有限公司", AddressZh: "上海市徐汇区1号"}
		fail := apperr.Invalid(apperr.F("login", "auth.user.login_taken"))
		_, err := f.store.RegisterEnterprise(context.Background(), in, func(context.Context, int64) error { return fail })
		wantField(t, err, "login", "auth.user.login_taken")
		if n := f.count(`SELECT COUNT(*) FROM enterprise`); n != 0 {
			t.Fatalf("registration left %d enterprises behind", n)
		}
		if _, err := f.store.RegisterEnterprise(context.Background(), in, func(context.Context, int64) error { return nil }); err != nil {
			t.Fatalf("the same code registers after the undo: %v", err)
		}
	})
}

func TestHomeDistrictChangeNeedsCoordinatorApproval(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		e := f.enterprise(7, "310104")
		admin := enterpriseUser(e.ID, admin)
		req := DistrictChangeInput{ToDistrict: "静安区", AddressZh: "上海市静安区江场三路1号", Reason: "注册地址已迁至静安区"}
		if _, err := f.store.RequestDistrictChange(as(jinganStaff), e.ID, req); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("the gaining district asked: %v", err)
		}
		_, err := f.store.RequestDistrictChange(as(admin), e.ID, DistrictChangeInput{ToDistrict: "310104", Reason: "x"})
		wantField(t, err, "to_district", "directory.change.same_district")
		_, err = f.store.RequestDistrictChange(as(admin), e.ID, DistrictChangeInput{ToDistrict: "310106", AddressZh: "上海市黄浦区1号", Reason: "x"})
		wantField(t, err, "address_zh", "directory.enterprise.address_district")
		c, err := f.store.RequestDistrictChange(as(admin), e.ID, req)
		if err != nil || c.Status != ChangePending || c.From != "310104" || c.To != "310106" {
			t.Fatalf("request: %+v %v", c, err)
		}
		if _, err := f.store.RequestDistrictChange(as(xuhuiStaff), e.ID, req); err == nil {
			t.Error("a second pending request was accepted")
		} else {
			wantKind(t, err, apperr.KindConflict)
		}
		for _, p := range []*Caller{xuhuiLead, jinganStaff, sysAdmin, admin} {
			if _, err := f.store.DecideDistrictChange(as(p), c.ID, c.Version, true, ""); !errors.Is(err, apperr.ErrForbidden) {
				t.Errorf("caller %d decided: %v", p.UserID, err)
			}
		}
		list, total, err := f.store.ListDistrictChanges(as(jinganStaff), ChangeFilter{Status: ChangePending})
		if err != nil || total != 1 || list[0].ID != c.ID {
			t.Errorf("the gaining district sees the request: %d %v", total, err)
		}
		done, err := f.store.DecideDistrictChange(as(coordinator), c.ID, c.Version, true, "核对营业执照无误")
		if err != nil || done.Status != ChangeApproved {
			t.Fatalf("approve: %+v %v", done, err)
		}
		moved, err := f.store.EnterpriseByID(context.Background(), e.ID)
		if err != nil || moved.HomeDistrict != "310106" || moved.AddressZh != req.AddressZh {
			t.Fatalf("after approval: %+v %v", moved, err)
		}
		if _, err := f.store.DecideDistrictChange(as(coordinator), c.ID, done.Version, false, "x"); err == nil {
			t.Error("decided twice")
		}
		if f.auditCount("directory.enterprise.district_change.request") != 1 || f.auditCount("directory.enterprise.district_change.apply") != 1 ||
			f.auditCount("directory.district_change.approved") != 1 {
			t.Error("the change is not fully audited")
		}
		// Xuhui no longer sees it; Jing'an does.
		if _, err := f.store.EnterpriseByID(as(xuhuiStaff), e.ID); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("the old district still sees it: %v", err)
		}
		if _, err := f.store.EnterpriseByID(as(jinganStaff), e.ID); err != nil {
			t.Errorf("the new district: %v", err)
		}
		// A rejection needs a note and moves nothing.
		c2, err := f.store.RequestDistrictChange(as(jinganStaff), e.ID, DistrictChangeInput{ToDistrict: "310101", Reason: "误填"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.store.DecideDistrictChange(as(coordinator), c2.ID, c2.Version, false, "")
		wantField(t, err, "note", "error.required")
		if _, err := f.store.DecideDistrictChange(as(coordinator), c2.ID, c2.Version, false, "无依据"); err != nil {
			t.Fatal(err)
		}
		if still, _ := f.store.EnterpriseByID(context.Background(), e.ID); still.HomeDistrict != "310106" {
			t.Errorf("a rejected change moved the enterprise to %s", still.HomeDistrict)
		}
	})
}

func TestEnterpriseListFiltersSortsAndPages(t *testing.T) {
	eachDB(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		for i, d := range []string{"310104", "310104", "310106", "310115", "310104"} {
			in := EnterpriseInput{USCC: uscc(10 + i), NameZh: []string{"甲", "乙", "丙", "丁", "戊"}[i] + "公司", HomeDistrict: d, Industry: []string{"C39", "C36", "I65", "C39", "F51"}[i],
				SizeClass: []string{"large", "small", "small", "medium", "micro"}[i], Markets: [][]string{{"VN"}, {"TH"}, {"VN", "DE"}, nil, {"VN"}}[i]}
			if _, err := f.store.CreateEnterprise(ctx, in); err != nil {
				t.Fatal(err)
			}
			*f.clock = f.clock.Add(time.Second)
		}
		for _, tc := range []struct {
			name  string
			f     EnterpriseFilter
			total int
		}{
			{"all", EnterpriseFilter{}, 5},
			{"district by name", EnterpriseFilter{District: "徐汇"}, 3},
			{"section", EnterpriseFilter{Industry: "C"}, 3},
			{"division", EnterpriseFilter{Industry: "C39"}, 2},
			{"market", EnterpriseFilter{Market: "越南"}, 3},
			{"size", EnterpriseFilter{SizeClass: "small"}, 2},
			{"query", EnterpriseFilter{Query: "乙"}, 1},
			{"query by code", EnterpriseFilter{Query: uscc(12)[10:]}, 1},
			{"wildcards are literal", EnterpriseFilter{Query: "%"}, 0},
			{"combined", EnterpriseFilter{District: "310104", Market: "VN"}, 2},
		} {
			_, total, err := f.store.ListEnterprises(ctx, tc.f)
			if err != nil || total != tc.total {
				t.Errorf("%s: total %d, want %d (%v)", tc.name, total, tc.total, err)
			}
		}
		page, total, err := f.store.ListEnterprises(ctx, EnterpriseFilter{Sort: "name", Limit: 2, Offset: 2})
		if err != nil || total != 5 || len(page) != 2 || page[0].NameZh != "乙公司" || page[1].NameZh != "戊公司" {
			t.Errorf("page 2 by name: %v %d %v", page, total, err)
		}
		newest, _, _ := f.store.ListEnterprises(ctx, EnterpriseFilter{Limit: 1})
		if newest[0].USCC != uscc(14) {
			t.Errorf("default order is newest first, got %s", newest[0].NameZh)
		}
		for _, bad := range []EnterpriseFilter{{Sort: "id; DROP TABLE enterprise"}, {Status: "x"}, {Industry: "ZZ"}, {Market: "Narnia"}} {
			if _, _, err := f.store.ListEnterprises(ctx, bad); err == nil {
				t.Errorf("filter %+v accepted", bad)
			}
		}
	})
}
