package odi

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/db/dbtest"
)

func TestCoordinatorsMaintainTheSensitivityLists(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		coord := as("coord", auth.CityCoordinator, 0, 0)
		cur, err := w.s.CurrentRules(coord)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Version != 0 || !cur.Default || len(cur.Rules.NDRC.Countries) == 0 {
			t.Fatalf("defaults %+v", cur)
		}
		// Point staff may read the rules, not change them.
		if _, err := w.s.EditRules(as("ja-staff", auth.PointStaff, w.ja.ID, 0), 0, func(r *Rules) error { return nil }); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff edited the rules: %v", err)
		}
		rec, err := w.s.EditRules(coord, 0, func(r *Rules) error {
			r.NDRC.Countries = append(r.NDRC.Countries, SensitiveCountry{Code: "VN", Reason: "other"})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Version != 1 || rec.Default || rec.SavedBy != "coord" {
			t.Errorf("saved %+v", rec)
		}
		// A save over an older version is refused; an invalid edit names the field.
		if _, err := w.s.EditRules(coord, 0, func(r *Rules) error { return nil }); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale save: %v", err)
		}
		_, err = w.s.EditRules(coord, 1, func(r *Rules) error {
			r.MOFCOM.Industries = append(r.MOFCOM.Industries, SensitiveIndustry{Division: "Q99", Category: "weapons", Scope: ScopeWhole})
			return nil
		})
		wantFields(t, err, "mofcom.industries[4].division odi.industry_unknown")

		// New projects are assessed with the saved lists: Vietnam now needs NDRC approval.
		pr, err := w.s.CreateProject(as("ja-staff", auth.PointStaff, w.ja.ID, 0), plant(w))
		if err != nil {
			t.Fatal(err)
		}
		if st := pr.Step(RegimeNDRC); st.Action != Approval || pr.RulesVersion != 1 {
			t.Errorf("NDRC step under the edited lists: %s (rules v%d)", st.Action, pr.RulesVersion)
		}
		w.now = w.now.Add(time.Hour)
		rec, err = w.s.ResetRules(coord, 1)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Version != 2 || !rec.Default {
			t.Errorf("reset %+v", rec)
		}
		cur, err = w.s.CurrentRules(context.Background())
		if err != nil || slices.ContainsFunc(cur.Rules.NDRC.Countries, func(c SensitiveCountry) bool { return c.Code == "VN" }) {
			t.Errorf("after reset: %v %v", cur.Rules.NDRC.Countries, err)
		}
		// The project keeps its route; its page says the rules would now route NDRC differently.
		pr, err = w.s.SaveStep(as("ja-staff", auth.PointStaff, w.ja.ID, 0), pr.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", Version: 1})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(pr.RouteChanged, []Regime{RegimeNDRC}) || pr.Assessment.Steps[0].Action != Filing {
			t.Errorf("route changed %v, now %s", pr.RouteChanged, pr.Assessment.Steps[0].Action)
		}
		hist, err := w.s.RulesHistory(coord, 10)
		if err != nil || len(hist) != 2 || hist[0].Version != 2 || !hist[0].Default || hist[1].Default {
			t.Errorf("history %+v %v", hist, err)
		}
		acts := auditActions(t, d)
		if !slices.Contains(acts, "odi.rules.save") || !slices.Contains(acts, "odi.rules.reset") {
			t.Errorf("audit %v", acts)
		}
	})
}

func TestAnalyticsCountCycleTimesByPointAndDistrict(t *testing.T) {
	dbtest.Each(t, modules, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		staff := as("ja-staff", auth.PointStaff, w.ja.ID, 0)
		a, err := w.s.CreateProject(staff, plant(w))
		if err != nil {
			t.Fatal(err)
		}
		b := plant(w)
		b.RequestReference, b.EnterpriseUSCC, b.Title, b.Industry = "", w.jaF.USCC, "柬埔寨酒店", "H61"
		bp, err := w.s.CreateProject(staff, b)
		if err != nil {
			t.Fatal(err)
		}
		w.now = time.Date(2026, 4, 30, 1, 0, 0, 0, time.UTC)
		// a: NDRC filing decided in 9 working days (over 7); MOFCOM filing in 2.
		if _, err := w.s.SaveStep(staff, a.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-02", DecidedOn: "2026-03-13",
			Decision: Granted, Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.SaveStep(staff, a.ID, RegimeMOFCOM, StepInput{SubmittedOn: "2026-03-16", AcceptedOn: "2026-03-16", DecidedOn: "2026-03-18",
			Decision: Granted, Version: 1}); err != nil {
			t.Fatal(err)
		}
		// b: NDRC approval (hotels) decided in 15, and its MOFCOM filing submitted, still running past its 3 days.
		if _, err := w.s.SaveStep(staff, bp.ID, RegimeNDRC, StepInput{SubmittedOn: "2026-03-02", AcceptedOn: "2026-03-03", DecidedOn: "2026-03-24",
			Decision: Granted, Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.SaveStep(staff, bp.ID, RegimeMOFCOM, StepInput{SubmittedOn: "2026-04-20", AcceptedOn: "2026-04-20", Version: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.Analytics(staff, AnalyticsFilter{}); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("point staff read the city's analytics: %v", err)
		}
		got, err := w.s.Analytics(as("coord", auth.CityCoordinator, 0, 0), AnalyticsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		wantC := Counters{EnterprisesServed: 2, Projects: 2, Filed: 1, Approved: 1, OverdueSteps: 1}
		if got.Counters != wantC {
			t.Errorf("counters %+v, want %+v", got.Counters, wantC)
		}
		rows := map[string]CycleRow{}
		for _, r := range got.Steps {
			rows[string(r.Regime)+"/"+string(r.Action)] = r
		}
		if r := rows["ndrc/filing"]; r.Decided != 1 || r.AvgWorkdays != 9 || r.OverLimit != 1 || r.LimitWorkdays != 7 {
			t.Errorf("NDRC filing %+v", r)
		}
		if r := rows["ndrc/approval"]; r.Decided != 1 || r.AvgWorkdays != 15 || r.OverLimit != 0 || r.LimitWorkdays != 20 {
			t.Errorf("NDRC approval %+v", r)
		}
		if r := rows["mofcom/filing"]; r.Decided != 1 || r.InProgress != 1 || r.Overdue != 1 || r.AvgWorkdays != 2 {
			t.Errorf("MOFCOM filing %+v", r)
		}
		if len(got.ByPoint) != 1 || got.ByPoint[0].Code != "JA-ODI" || got.ByPoint[0].Counters.Projects != 2 {
			t.Errorf("by point %+v", got.ByPoint)
		}
		if len(got.ByDistrict) != 2 || got.ByDistrict[0].Code != "310104" || got.ByDistrict[0].NameZh != "徐汇区" || got.ByDistrict[1].Counters.Approved != 1 {
			t.Errorf("by district %+v", got.ByDistrict)
		}
		empty, err := w.s.Analytics(context.Background(), AnalyticsFilter{From: "2026-03-03"})
		if err != nil || empty.Counters.Projects != 0 {
			t.Errorf("from the day after: %+v %v", empty.Counters, err)
		}
		_, err = w.s.Analytics(context.Background(), AnalyticsFilter{From: "2026-05-01", To: "2026-04-01"})
		wantFields(t, err, "to odi.date_order")
		_, err = w.s.Analytics(context.Background(), AnalyticsFilter{From: "yesterday"})
		wantFields(t, err, "from odi.date_bad")
	})
}
