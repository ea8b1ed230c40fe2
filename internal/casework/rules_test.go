package casework

import (
	"slices"
	"strings"
	"testing"
	"time"

	"chuhai/internal/workday"
)

var testPoints = []Point{
	{ID: 1, Code: "SH", Kind: KindCityPlatform, RegionCode: "310000", Active: true},
	{ID: 2, Code: "XH", Kind: KindDistrictPoint, RegionCode: xuhui, Active: true, Capabilities: []string{"legal"}},
	{ID: 3, Code: "JA", Kind: KindDistrictPoint, RegionCode: jingan, Active: true},
	{ID: 4, Code: "JA-ODI", Kind: "specialised_point", RegionCode: jingan, Active: true, Capabilities: []string{"odi"}},
	{ID: 5, Code: "LG-ODI", Kind: "specialised_point", RegionCode: "310115", Active: true, Capabilities: []string{"odi"}},
	{ID: 6, Code: "HK", Kind: KindOverseasPoint, RegionCode: "HK", Active: true, Countries: []string{"HK"}},
	{ID: 7, Code: "SG", Kind: KindOverseasPoint, RegionCode: "SG", Active: true, Countries: []string{"SG", "MY", "VN"}},
	{ID: 8, Code: "SG2", Kind: KindOverseasPoint, RegionCode: "SG", Active: false, Countries: []string{"VN"}},
	{ID: 9, Code: "QP", Kind: KindDistrictPoint, RegionCode: "310118", Active: false},
}

// defaultRules are the rules the migration installs.
var defaultRules = []Rule{
	{ID: 1, Position: 10, Kind: RuleAbroad, PointKind: KindOverseasPoint, Active: true},
	{ID: 2, Position: 20, Kind: RuleCapability, Topic: "odi", Active: true},
	{ID: 3, Position: 30, Kind: RuleHomeDistrict, Active: true},
	{ID: 4, Position: 40, Kind: RuleIntake, Active: true},
	{ID: 5, Position: 50, Kind: RulePointKind, PointKind: KindCityPlatform, Active: true},
}

func TestRoutingRules(t *testing.T) {
	for _, tc := range []struct {
		name      string
		in        RouteInput
		rules     []Rule
		loads     map[int64]int
		point     string
		rule      int64
		candidate []string
	}{
		{name: "a Xuhui enterprise's ODI request goes to an ODI point, the least loaded", in: RouteInput{Topic: "odi", HomeDistrict: xuhui},
			loads: map[int64]int{4: 3, 5: 7}, point: "JA-ODI", rule: 2, candidate: []string{"JA-ODI", "LG-ODI"}},
		{name: "load decides between equals", in: RouteInput{Topic: "odi", HomeDistrict: xuhui},
			loads: map[int64]int{4: 9, 5: 2}, point: "LG-ODI", rule: 2},
		{name: "equal loads: the lower code", in: RouteInput{Topic: "odi"}, loads: map[int64]int{}, point: "JA-ODI", rule: 2},
		{name: "default: the home district point", in: RouteInput{Topic: "tax", HomeDistrict: xuhui}, point: "XH", rule: 3},
		{name: "a capability other than the rule's topic does not route", in: RouteInput{Topic: "legal", HomeDistrict: jingan}, point: "JA", rule: 3},
		{name: "abroad goes to the overseas point covering the country", in: RouteInput{Topic: "legal", Abroad: true, Countries: []string{"VN"}, HomeDistrict: xuhui},
			point: "SG", rule: 1, candidate: []string{"SG"}},
		{name: "abroad: the first country that a point covers wins", in: RouteInput{Topic: "legal", Abroad: true, Countries: []string{"DE", "HK", "VN"}},
			point: "HK", rule: 1},
		{name: "abroad before ODI", in: RouteInput{Topic: "odi", Abroad: true, Countries: []string{"MY"}}, point: "SG", rule: 1},
		{name: "countries named but the matter is at home", in: RouteInput{Topic: "market_entry", Countries: []string{"VN"}, HomeDistrict: xuhui},
			point: "XH", rule: 3},
		{name: "a country nobody covers falls through", in: RouteInput{Topic: "legal", Abroad: true, Countries: []string{"DE"}, HomeDistrict: jingan},
			point: "JA", rule: 3},
		{name: "an inactive district point: the intake point", in: RouteInput{Topic: "tax", HomeDistrict: "310118", IntakePointID: 2}, point: "XH", rule: 4},
		{name: "a visitor online: the city platform", in: RouteInput{Topic: "tax"}, point: "SH", rule: 5},
		{name: "channel condition", in: RouteInput{Topic: "tax", Channel: ChannelPhone, HomeDistrict: xuhui},
			rules: append([]Rule{{ID: 9, Kind: RuleFixed, Channel: ChannelPhone, TargetPointID: 3, Active: true}}, defaultRules...), point: "JA", rule: 9},
		{name: "inactive rules are skipped", in: RouteInput{Topic: "odi", HomeDistrict: xuhui},
			rules: []Rule{{ID: 2, Kind: RuleCapability, Topic: "odi"}, {ID: 3, Kind: RuleHomeDistrict, Active: true}}, point: "XH", rule: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rules := tc.rules
			if rules == nil {
				rules = defaultRules
			}
			asked := false
			d, ok, err := route(tc.in, rules, testPoints, func(ids []int64) (map[int64]int, error) {
				asked = true
				out := map[int64]int{}
				for _, id := range ids {
					out[id] = tc.loads[id]
				}
				return out, nil
			})
			if err != nil || !ok {
				t.Fatalf("no route (%v)", err)
			}
			if d.Point.Code != tc.point || d.Rule.ID != tc.rule {
				t.Errorf("routed to %s by rule %d, want %s by rule %d", d.Point.Code, d.Rule.ID, tc.point, tc.rule)
			}
			if asked != (len(d.Detail.Candidates) > 1) {
				t.Errorf("loads asked for %d candidates", len(d.Detail.Candidates))
			}
			if tc.candidate != nil {
				var got []string
				for _, c := range d.Detail.Candidates {
					got = append(got, c.Code)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.candidate) {
					t.Errorf("candidates %v, want %v", got, tc.candidate)
				}
			}
		})
	}
	if _, ok, _ := route(RouteInput{Topic: "tax"}, defaultRules[:3], testPoints, nil); ok {
		t.Error("a request no rule can place was routed")
	}
}

func TestWorkflowStates(t *testing.T) {
	type key struct{ state, action string }
	allowed := map[key]string{
		{StateSubmitted, ActionTriage}: StateTriaged, {StateSubmitted, ActionAssign}: StateAssigned, {StateTriaged, ActionAssign}: StateAssigned,
		{StateAssigned, ActionAssign}: StateAssigned, {StateInProgress, ActionAssign}: StateInProgress, {StateAssigned, ActionStart}: StateInProgress,
		{StateTriaged, ActionResolve}: StateResolved, {StateAssigned, ActionResolve}: StateResolved, {StateInProgress, ActionResolve}: StateResolved,
		{StateResolved, ActionClose}: StateClosed, {StateResolved, ActionReopen}: StateInProgress, {StateClosed, ActionReopen}: StateInProgress,
	}
	for _, st := range OpenStates {
		allowed[key{st, ActionTransfer}] = StateSubmitted
		allowed[key{st, ActionMerge}] = StateClosed
		allowed[key{st, ActionWithdraw}] = StateClosed
		allowed[key{st, ActionDismissDuplicate}] = st
	}
	for _, st := range States {
		for _, a := range Actions {
			to, ok := nextState(st, a, true)
			want, wantOK := allowed[key{st, a}]
			if ok != wantOK || ok && to != want {
				t.Errorf("%s from %s: %q %v, want %q %v", a, st, to, ok, want, wantOK)
			}
		}
	}
	if to, _ := nextState(StateResolved, ActionReopen, false); to != StateTriaged {
		t.Errorf("reopening an unassigned request goes to %s, want triaged", to)
	}
	if to, ok := nextState(StateSubmitted, "fly", true); ok || to != "" {
		t.Error("unknown action allowed")
	}
	if got := AllowedActions(StateClosed, true); !slices.Equal(got, []string{ActionReopen}) {
		t.Errorf("closed allows %v", got)
	}
}

func TestSLAClocksCountWorkingTime(t *testing.T) {
	cals, err := workday.NewCalendars(mustBuiltin(t)...)
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := time.LoadLocation("Asia/Shanghai")
	sg, _ := time.LoadLocation("Asia/Singapore")
	nine2five, _ := cals.Schedule(xuhui, "09:00-17:00")
	lunch, _ := cals.Schedule(jingan, "09:00-12:00,13:00-17:00")
	singapore, _ := cals.Schedule("SG", "09:00-18:00")
	at := func(loc *time.Location, s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name           string
		sch            workday.Schedule
		loc            *time.Location
		start          string
		amount         int
		unit           string
		warn, due, esc string
		provisional    bool
	}{
		{name: "one working day over the National Day holiday", sch: nine2five, loc: sh, start: "2026-09-30 10:00", amount: 1, unit: UnitDays,
			warn: "2026-10-08 13:15", due: "2026-10-08 17:00", esc: "2026-10-09 16:30"},
		{name: "four working hours across a weekend", sch: nine2five, loc: sh, start: "2026-03-06 15:00", amount: 4, unit: UnitHours,
			warn: "2026-03-09 10:00", due: "2026-03-09 11:00", esc: "2026-03-09 13:00"},
		{name: "hours skip the lunch break", sch: lunch, loc: sh, start: "2026-03-02 10:00", amount: 4, unit: UnitHours,
			warn: "2026-03-02 14:00", due: "2026-03-02 15:00", esc: "2026-03-02 17:00"},
		{name: "a make-up Saturday is worked", sch: nine2five, loc: sh, start: "2026-02-13 16:00", amount: 2, unit: UnitHours,
			warn: "2026-02-14 09:30", due: "2026-02-14 10:00", esc: "2026-02-14 11:00"},
		{name: "submitted at the weekend: the clock starts on Monday", sch: nine2five, loc: sh, start: "2026-03-07 11:00", amount: 2, unit: UnitDays,
			warn: "2026-03-10 13:00", due: "2026-03-10 17:00", esc: "2026-03-11 17:00"},
		{name: "an overseas point counts in its own zone, weekends only", sch: singapore, loc: sg, start: "2026-10-01 17:00", amount: 2, unit: UnitHours,
			warn: "2026-10-02 09:30", due: "2026-10-02 10:00", esc: "2026-10-02 11:00", provisional: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := planClock(tc.sch, tc.loc, at(tc.loc, tc.start), tc.amount, tc.unit)
			f := func(x time.Time) string { return x.In(tc.loc).Format("2006-01-02 15:04") }
			if f(c.WarnAt) != tc.warn || f(c.DueAt) != tc.due || f(c.EscalateAt) != tc.esc || c.Provisional != tc.provisional {
				t.Errorf("warn %s due %s escalate %s provisional %v; want %s %s %s %v", f(c.WarnAt), f(c.DueAt), f(c.EscalateAt), c.Provisional,
					tc.warn, tc.due, tc.esc, tc.provisional)
			}
		})
	}
}

func mustBuiltin(t *testing.T) []workday.Year {
	ys, err := workday.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return ys
}

func TestSLAStatusColours(t *testing.T) {
	due, warn := monday.Add(8*time.Hour), monday.Add(6*time.Hour)
	r := Request{slaDueAt: &due, slaWarnAt: &warn}
	for at, want := range map[time.Duration]string{0: SLAOnTrack, 6 * time.Hour: SLAWarning, 8 * time.Hour: SLABreached, 9 * time.Hour: SLABreached} {
		if got := slaStatus(r, monday.Add(at)); got != want {
			t.Errorf("at +%v: %s, want %s", at, got, want)
		}
	}
	resolved := monday.Add(time.Hour)
	done := Request{SLA: SLA{ResolvedAt: &resolved, ResolutionDueAt: monday.Add(2 * time.Hour)}}
	if slaStatus(done, monday) != SLAMet {
		t.Error("resolved in time is not met")
	}
	done.SLA.ResolutionDueAt = monday
	if slaStatus(done, monday) != SLAMissed {
		t.Error("resolved late is not missed")
	}
	if slaStatus(Request{}, monday) != SLANone {
		t.Error("withdrawn is not none")
	}
}

func TestAttachmentTypesAreSniffed(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	docx := zipWith(t, "word/document.xml")
	xlsx := zipWith(t, "xl/workbook.xml")
	for _, tc := range []struct {
		name, file string
		data       []byte
		mime, key  string
	}{
		{"pdf", "营业执照.pdf", pdf, "application/pdf", ""},
		{"png", "scan.PNG", png, "image/png", ""},
		{"jpeg", "photo.jpeg", jpeg, "image/jpeg", ""},
		{"docx", "plan.docx", docx, kindDOCX.mime, ""},
		{"xlsx", "budget.xlsx", xlsx, kindXLSX.mime, ""},
		{"text", "notes.txt", []byte("境外投资备案说明"), kindText.mime, ""},
		{"html posing as text", "notes.txt", []byte("<html><script>alert(1)</script></html>"), "", "casework.attachment.type"},
		{"an executable named pdf", "invoice.pdf", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", "casework.attachment.type"},
		{"a zip that is no office file", "data.docx", zipWith(t, "readme.txt"), "", "casework.attachment.type"},
		{"a png named pdf", "contract.pdf", png, "", "casework.attachment.mismatch"},
		{"empty", "a.pdf", nil, "", "casework.attachment.empty"},
		{"too big", "big.pdf", append(pdf, make([]byte, MaxAttachmentBytes)...), "", "casework.attachment.too_big"},
		{"no name", "../", pdf, "", "casework.attachment.name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mime, _, err := sniffAttachment(tc.file, tc.data)
			if tc.key == "" {
				if err != nil || mime != tc.mime {
					t.Errorf("got %q %v, want %s", mime, err, tc.mime)
				}
				return
			}
			wantField(t, err, "file", tc.key)
		})
	}
	for in, want := range map[string]string{`C:\Users\wang\合同.pdf`: "合同.pdf", "../../etc/passwd": "passwd", "a\x00b\u202e.pdf": "ab.pdf",
		strings.Repeat("长", 200) + ".pdf": strings.Repeat("长", maxFileName-4) + ".pdf"} {
		if got := cleanFileName(in); got != want {
			t.Errorf("cleanFileName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPolicyLookup(t *testing.T) {
	ps := Policies{{Topic: AnyTopic, Urgency: UrgencyNormal, ResponseAmount: 1, ResponseUnit: UnitDays},
		{Topic: "odi", Urgency: UrgencyNormal, ResponseAmount: 2, ResponseUnit: UnitDays}}
	if ps.For("odi", UrgencyNormal).ResponseAmount != 2 || ps.For("tax", UrgencyNormal).ResponseAmount != 1 {
		t.Error("topic policy not preferred")
	}
	if p := ps.For("tax", UrgencyUrgent); p.ResolutionAmount != fallbackPolicy.ResolutionAmount || p.Urgency != UrgencyUrgent {
		t.Errorf("fallback %+v", p)
	}
}
