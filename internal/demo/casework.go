package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"chuhai/internal/app"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/casework"
	"chuhai/internal/directory"
	"chuhai/internal/idempotency"
	"chuhai/internal/money"
)

// LoadCasework adds sample one-stop-window requests on top of Load's network, directory and
// accounts: a few dozen requests across the points in every state, some transferred, one shared
// with a collaborating point, one flagged as a duplicate, visitors' questions, and the design's
// journey (a Xuhui robotics firm's ODI request served by Jing'an's ODI point, referred to two
// providers, engaged, invoiced, completed and rated). Each request carries an idempotency key, so a
// second run finds what the first created and adds nothing; steps are applied only from the state
// they start from, so an interrupted run is completed by the next.
func LoadCasework(ctx context.Context, a *app.App) error {
	ctx = audit.WithMeta(ctx, audit.Meta{ActorLogin: Actor, RequestID: "demo"})
	l := &caseLoader{a: a, ctx: ctx, now: time.Now()}
	for _, login := range []string{"coordinator", "xh.staff", "xh.lead", "odi.staff", "odi.lead", "sg.staff", "ent.admin", "law.admin"} {
		if err := l.user(login); err != nil {
			return err
		}
	}
	if err := l.journey(); err != nil {
		return fmt.Errorf("demo casework journey: %w", err)
	}
	if err := l.spread(); err != nil {
		return fmt.Errorf("demo casework: %w", err)
	}
	return nil
}

type caseLoader struct {
	a     *app.App
	ctx   context.Context
	now   time.Time
	users map[string]*auth.Principal
}

func (l *caseLoader) user(login string) error {
	u, err := l.a.Auth.UserByLogin(l.ctx, login)
	if err != nil {
		return fmt.Errorf("demo casework needs account %s: %w", login, err)
	}
	if l.users == nil {
		l.users = map[string]*auth.Principal{}
	}
	l.users[login] = &auth.Principal{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, PointID: u.PointID,
		EnterpriseID: u.EnterpriseID, ProviderID: u.ProviderID}
	return nil
}

// as acts as a demo account.
func (l *caseLoader) as(login string) context.Context {
	p := l.users[login]
	return audit.WithMeta(auth.WithPrincipal(l.ctx, p), audit.Meta{ActorID: p.UserID, ActorLogin: p.Login, RequestID: "demo"})
}

// store is casework as of daysAgo days before now, so that requests have a history and some
// deadlines have passed.
func (l *caseLoader) store(daysAgo float64) *casework.Store {
	at := l.now.Add(-time.Duration(daysAgo * float64(24*time.Hour)))
	return l.a.Casework.WithClock(func() time.Time { return at })
}

// create submits a request once: the key makes a second run return the first run's request.
func (l *caseLoader) create(key, login string, daysAgo float64, in casework.NewRequest) (casework.Request, error) {
	ctx := l.ctx
	if login != "" {
		ctx = l.as(login)
	}
	ctx = idempotency.WithKey(ctx, "demo|"+key)
	return l.store(daysAgo).CreateRequest(ctx, in)
}

// step applies a transition when the request is still in the state it starts from.
func (l *caseLoader) step(r *casework.Request, login string, daysAgo float64, from string, t casework.Transition) error {
	if r.State != from || t.Action == casework.ActionTransfer && r.Point.Code == t.Point {
		return nil
	}
	t.Version = r.Version
	next, err := l.store(daysAgo).Transition(l.as(login), r.Ref, t)
	if err != nil {
		return fmt.Errorf("%s %s: %w", r.Ref, t.Action, err)
	}
	*r = next
	return nil
}

// journey is the design's story, as the demo's enterprise and provider accounts see it.
func (l *caseLoader) journey() error {
	r, err := l.create("journey", "ent.admin", 20, casework.NewRequest{Topic: "odi", Countries: []string{"VN"}, Title: "越南北宁机器人组装厂 ODI 备案",
		Description: "公司拟在越南北宁省投资 800 万美元设立机器人组装厂，需要办理发改委、商务部门备案和银行外汇登记，希望了解材料清单和办理时限。"})
	if err != nil {
		return err
	}
	odi, lead := l.users["odi.staff"], "odi.lead"
	for _, s := range []struct {
		login   string
		daysAgo float64
		from    string
		t       casework.Transition
	}{
		{"odi.staff", 19.8, casework.StateSubmitted, casework.Transition{Action: casework.ActionTriage}},
		{lead, 19.7, casework.StateTriaged, casework.Transition{Action: casework.ActionAssign, AssigneeID: odi.UserID}},
		{"odi.staff", 19.6, casework.StateAssigned, casework.Transition{Action: casework.ActionStart}},
	} {
		if err := l.step(&r, s.login, s.daysAgo, s.from, s.t); err != nil {
			return err
		}
	}
	refs, err := l.a.Casework.Referrals(l.as("odi.staff"), r.Ref)
	if err != nil {
		return err
	}
	if len(refs) == 0 && r.State == casework.StateInProgress {
		law := l.users["law.admin"].ProviderID
		other, err := l.otherProvider(law)
		if err != nil {
			return err
		}
		if refs, err = l.store(19.5).Refer(l.as("odi.staff"), r.Ref, casework.NewReferral{ProviderIDs: []int64{law, other},
			MatchRanks: []int{1, 2}, Note: "两家均熟悉越南 ODI 备案和外汇登记"}); err != nil {
			return err
		}
		f, err := l.store(19).RespondReferral(l.as("law.admin"), refs[0].ID, refs[0].Version, true, "")
		if err != nil {
			return err
		}
		start := l.now.AddDate(0, 0, -18).In(shanghaiZone).Format("2006-01-02")
		e, err := l.store(18).CreateEngagement(l.as("odi.staff"), casework.NewEngagement{ReferralID: f.ID,
			Scope: "ODI 备案全流程代理：发改委、商务部门备案材料准备与递交，外汇登记辅导", AmountFen: money.Fen(12_000_000),
			StartOn: start, EndOn: l.now.AddDate(0, 1, 0).In(shanghaiZone).Format("2006-01-02")})
		if err != nil {
			return err
		}
		if e, err = l.store(5).AddInvoice(l.as("law.admin"), e.ID, casework.NewInvoice{Number: "HH-2026-0318",
			AmountFen: money.Fen(12_000_000), IssuedOn: l.now.AddDate(0, 0, -5).In(shanghaiZone).Format("2006-01-02")}); err != nil {
			return err
		}
		if e, err = l.store(4).Complete(l.as("law.admin"), e.ID, e.Version, l.now.AddDate(0, 0, -4).In(shanghaiZone).Format("2006-01-02")); err != nil {
			return err
		}
		if _, err = l.store(3).Feedback(l.as("ent.admin"), e.ID, 5, "材料准备细致，两周拿到备案通知书。"); err != nil {
			return err
		}
	}
	if err := l.step(&r, "odi.staff", 3, casework.StateInProgress, casework.Transition{Action: casework.ActionResolve,
		Reason: "发改委备案通知书和企业境外投资证书均已取得，外汇登记已在银行办理。"}); err != nil {
		return err
	}
	if err := l.step(&r, "ent.admin", 2, casework.StateResolved, casework.Transition{Action: casework.ActionClose}); err != nil {
		return err
	}
	if r.State == casework.StateClosed && r.Survey == nil {
		if _, err := l.store(2).SubmitSurvey(l.as("ent.admin"), r.Ref, 5, "服务点跨区协办，响应很快。"); err != nil {
			return err
		}
	}
	// The same firm's next need, at home in Xuhui, still open; and a second ask on the same topic
	// through the window that staff see flagged as a possible duplicate.
	m, err := l.create("journey-market", "ent.admin", 6, casework.NewRequest{Topic: "market_entry", Countries: []string{"VN", "TH"},
		Title: "东南亚经销商筛选", Description: "希望了解越南、泰国工业机器人经销商的资质要求和常见合同条款。", Urgency: casework.UrgencyHigh})
	if err != nil {
		return err
	}
	if err := l.step(&m, "xh.staff", 5.9, casework.StateSubmitted, casework.Transition{Action: casework.ActionAssign, AssigneeID: l.users["xh.staff"].UserID}); err != nil {
		return err
	}
	_, err = l.create("journey-market-window", "xh.staff", 1, casework.NewRequest{Channel: casework.ChannelWalkIn, EnterpriseID: m.EnterpriseID(),
		Topic: "market_entry", Countries: []string{"VN"}, Title: "窗口咨询：越南经销商", Description: "企业人员到窗口询问越南经销商合同。"})
	return err
}

var shanghaiZone = time.FixedZone("CST", 8*3600)

func (l *caseLoader) otherProvider(not int64) (int64, error) {
	ps, _, err := l.a.Directory.ListProviders(l.ctx, directory.ProviderFilter{Category: "consulting", Country: "VN", Status: directory.ProviderVerified, Limit: 5})
	if err != nil {
		return 0, err
	}
	for _, p := range ps {
		if p.ID != not {
			return p.ID, nil
		}
	}
	return 0, errors.New("no second provider for Vietnam")
}

// sample is one request of the spread: who, what, how far along.
type sample struct {
	district, topic, channel, title, description string
	countries                                    []string
	abroad                                       bool
	daysAgo                                      float64
	steps                                        []string // actions, in order
}

var samples = []sample{
	{"310104", "tax", casework.ChannelWalkIn, "出口退税申报", "首次出口，想了解退税申报的时间和材料。", nil, false, 1, nil},
	{"310104", "legal", casework.ChannelPhone, "德国经销合同审查", "德国经销商发来的独家经销合同需要审查。", []string{"DE"}, false, 4, []string{"triage"}},
	{"310104", "ip", casework.ChannelEmail, "欧盟商标注册", "计划在欧盟注册商标，想了解马德里体系。", []string{"DE", "FR"}, false, 12, []string{"triage", "resolve", "close"}},
	{"310106", "finance", casework.ChannelWalkIn, "跨境融资渠道", "了解境外子公司融资和内保外贷。", []string{"SG"}, false, 2, nil},
	{"310106", "hr", casework.ChannelPhone, "外派员工社保", "外派到马来西亚的员工社保如何缴纳。", []string{"MY"}, false, 9, []string{"triage", "resolve"}},
	{"310106", "odi", casework.ChannelWalkIn, "印尼镍矿项目备案", "拟参股印尼镍矿项目，是否属于敏感行业。", []string{"ID"}, false, 3, []string{"triage"}},
	{"310105", "certification", casework.ChannelOnline, "CE 认证", "出口欧盟的医疗器械 CE 认证流程。", []string{"DE"}, false, 25, nil},
	{"310105", "data_compliance", casework.ChannelEmail, "GDPR 合规评估", "欧洲客户数据出境合规评估。", []string{"FR"}, false, 7, []string{"triage", "transfer"}},
	{"310107", "market_entry", casework.ChannelWalkIn, "中东市场拓展", "参加迪拜展会前的市场调研支持。", []string{"AE"}, false, 5, nil},
	{"310107", "subsidy", casework.ChannelPhone, "出海专业服务补贴", "购买境外法律服务能否申请补贴。", nil, false, 15, []string{"triage", "resolve", "close"}},
	{"310109", "tax", casework.ChannelOnline, "越南税务登记", "越南子公司税务登记和转让定价。", []string{"VN"}, false, 10, []string{"triage"}},
	{"310110", "legal", casework.ChannelWalkIn, "美国产品责任诉讼", "美国客户提起产品责任诉讼，如何应对。", []string{"US"}, false, 30, nil},
	{"310112", "ip", casework.ChannelOnline, "日本专利布局", "核心专利在日本的申请策略。", []string{"JP"}, false, 8, []string{"triage", "resolve"}},
	{"310113", "other", casework.ChannelPhone, "出海政策咨询", "区里出海扶持政策有哪些。", nil, false, 0.5, nil},
	{"310114", "market_entry", casework.ChannelOnline, "泰国汽车零部件市场", "泰国汽车零部件准入和本地化要求。", []string{"TH"}, false, 18, []string{"triage", "resolve", "close"}},
	{"310115", "finance", casework.ChannelWalkIn, "香港上市前咨询", "拟在香港设立控股平台并上市。", []string{"HK"}, false, 6, []string{"triage"}},
	{"310116", "certification", casework.ChannelEmail, "美国 FDA 注册", "食品出口美国 FDA 注册。", []string{"US"}, false, 40, nil},
	{"310117", "hr", casework.ChannelOnline, "沙特项目用工", "沙特工程项目的劳务派遣合规。", []string{"SA"}, false, 11, []string{"triage"}},
	{"310118", "tax", casework.ChannelPhone, "新加坡区域总部税收优惠", "在新加坡设立区域总部的税收优惠。", []string{"SG"}, false, 14, []string{"triage", "resolve", "close"}},
	{"310120", "legal", casework.ChannelWalkIn, "墨西哥工厂用地", "墨西哥工厂用地合同的法律风险。", []string{"MX"}, false, 3, nil},
	{"310151", "subsidy", casework.ChannelOnline, "海外展会补贴", "参加海外展会的补贴申请。", nil, false, 2, nil},
	{"310104", "safety", casework.ChannelOverseas, "驻马来西亚员工遭遇盗抢", "员工在吉隆坡遭遇盗抢，护照丢失。", []string{"MY"}, true, 0.2, nil},
	{"310106", "safety", casework.ChannelOverseas, "香港办事处安全提示", "香港办事处员工出行安全咨询。", []string{"HK"}, true, 8, []string{"triage", "resolve"}},
	{"310101", "market_entry", casework.ChannelWalkIn, "巴西市场准入", "巴西进口许可证办理。", []string{"BR"}, false, 22, []string{"triage"}},
}

// spread submits the samples at the window (staff take them in for district enterprises) and moves
// each along its steps; those of Xuhui and Jing'an are worked by their points' demo staff, others
// by the city coordinator on the serving point's behalf.
func (l *caseLoader) spread() error {
	for i, s := range samples {
		es, _, err := l.a.Directory.ListEnterprises(l.ctx, directory.EnterpriseFilter{District: s.district, Sort: "created", Limit: 3})
		if err != nil {
			return err
		}
		if len(es) == 0 {
			continue
		}
		ent := es[i%len(es)]
		intake := map[string]string{"310104": "XH", "310106": "JA-ODI"}[s.district]
		taker := "coordinator"
		switch {
		case s.channel == casework.ChannelOverseas:
			taker, intake = "sg.staff", ""
		case intake == "XH":
			taker, intake = "xh.staff", ""
		case intake == "JA-ODI":
			taker, intake = "odi.staff", ""
		case intake == "":
			intake = "SH"
		}
		in := casework.NewRequest{Channel: s.channel, EnterpriseID: ent.ID, Topic: s.topic, Countries: s.countries, Abroad: s.abroad,
			Title: s.title, Description: s.description, IntakePoint: intake}
		if s.channel == casework.ChannelOnline {
			in.Channel = casework.ChannelEmail // taken in by staff on the enterprise's behalf
		}
		r, err := l.create(fmt.Sprintf("sample-%02d", i), taker, s.daysAgo, in)
		if err != nil {
			return fmt.Errorf("sample %d: %w", i, err)
		}
		worker := "coordinator"
		switch r.Point.Code {
		case "XH":
			worker = "xh.staff"
		case "JA-ODI":
			worker = "odi.staff"
		case "SG":
			worker = "sg.staff"
		}
		at := s.daysAgo
		for _, action := range s.steps {
			at *= 0.7
			t := casework.Transition{Action: action}
			from := map[string]string{"triage": casework.StateSubmitted, "resolve": casework.StateTriaged, "close": casework.StateResolved,
				"transfer": casework.StateTriaged}[action]
			switch action {
			case "resolve":
				t.Reason = "已答复：" + s.title + "的办理要点、材料清单和注意事项已发送企业联系人。"
			case "transfer":
				t.Point, t.Reason = "XH", "企业希望由徐汇服务点的数据合规专员跟进。"
			}
			if err := l.step(&r, worker, at, from, t); err != nil {
				return err
			}
			if action == "transfer" {
				worker = "xh.staff"
				from = casework.StateSubmitted
				if err := l.step(&r, worker, at*0.9, from, casework.Transition{Action: casework.ActionTriage}); err != nil {
					return err
				}
			}
		}
	}
	// Visitors without an account ask for basic information online.
	for i, v := range []struct{ name, phone, email, topic, title string }{
		{"王女士", "13800001111", "", "tax", "个体户出口退税"},
		{"Mr Lee", "", "lee@example.com", "market_entry", "Setting up a trading company in Vietnam"},
		{"陈先生", "021-61234567", "chen@example.cn", "subsidy", "有哪些出海补贴"},
	} {
		if _, err := l.create(fmt.Sprintf("visitor-%d", i), "", float64(i+1), casework.NewRequest{Topic: v.topic, Title: v.title,
			Description: v.title + "，请告知办理途径。", Contact: &casework.Contact{Name: v.name, Phone: v.phone, Email: v.email}}); err != nil {
			return err
		}
	}
	return nil
}
