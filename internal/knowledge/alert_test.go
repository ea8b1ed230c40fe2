package knowledge

import (
	"context"
	"errors"
	"slices"
	"testing"

	"chuhai/internal/apperr"
)

func sampleAlert(country, level string) AlertInput {
	return AlertInput{Country: country, AreaZh: "南部边境省份", AreaEn: "southern border provinces", Level: level,
		TitleZh: "提醒在当地中国公民注意安全（示例）", TitleEn: "Safety reminder (sample)", BodyZh: "近期当地治安形势复杂，请加强防范。",
		SourceZh: "外交部和中国驻当地使馆", SourceEn: "MFA and the Chinese embassy", StartsOn: "2026-02-01", EndsOn: "2026-04-30"}
}

func TestAlertsKeepTheirHistory(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a := must[Alert](t)(f.CreateAlert(editor, sampleAlert("th", "caution")))
		if a.Country != "TH" || a.State != StateDraft || a.Phase != PhaseActive {
			t.Fatalf("created %+v", a)
		}
		if _, err := f.Alert(context.Background(), a.ID, false); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a draft alert is public: %v", err)
		}
		a = must[Alert](t)(f.PublishAlert(publisher, a.ID, a.Version))
		in := sampleAlert("TH", "reconsider")
		in.Note = "局势升级"
		if _, err := f.UpdateAlert(editor, a.ID, a.Version, in); !errors.Is(err, apperr.ErrForbidden) {
			t.Errorf("a point lead changed a published alert: %v", err)
		}
		a = must[Alert](t)(f.UpdateAlert(publisher, a.ID, a.Version, in))
		a = must[Alert](t)(f.Alert(context.Background(), a.ID, false))
		if a.Level != "reconsider" || len(a.History) != 3 {
			t.Fatalf("alert %+v with %d history entries", a, len(a.History))
		}
		levels := []string{a.History[0].Level, a.History[1].Level, a.History[2].Level}
		if !slices.Equal(levels, []string{"reconsider", "caution", "caution"}) || a.History[0].Note != "局势升级" {
			t.Errorf("history %+v", a.History)
		}
		if _, err := f.UpdateAlert(publisher, a.ID, a.Version-1, in); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		if got := searchRefs(t, f.ix, "南部边境", false); len(got) != 1 {
			t.Errorf("search finds %v", got)
		}
	})
}

func TestAlertPhasesAndLists(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		publish := func(in AlertInput) Alert {
			a := must[Alert](t)(f.CreateAlert(editor, in))
			return must[Alert](t)(f.PublishAlert(publisher, a.ID, a.Version))
		}
		active := publish(sampleAlert("VN", "caution"))
		severe := publish(sampleAlert("VN", "avoid"))
		ended := sampleAlert("VN", "reconsider")
		ended.StartsOn, ended.EndsOn = "2025-01-01", "2025-12-31"
		old := publish(ended)
		upcoming := sampleAlert("TH", "caution")
		upcoming.StartsOn, upcoming.EndsOn = "2026-05-01", ""
		later := publish(upcoming)
		must[Alert](t)(f.CreateAlert(editor, sampleAlert("VN", "avoid"))) // a draft

		got := must[[]Alert](t)(f.ActiveAlerts(context.Background(), []string{"vn", "TH"}))
		var ids []int64
		for _, a := range got {
			ids = append(ids, a.ID)
		}
		if !slices.Equal(ids, []int64{severe.ID, active.ID}) {
			t.Errorf("active alerts %v, want the severest first: %d, %d", ids, severe.ID, active.ID)
		}
		for phase, want := range map[string]int64{PhaseEnded: old.ID, PhaseUpcoming: later.ID} {
			as, total, err := f.ListAlerts(context.Background(), AlertFilter{Phase: phase})
			if err != nil || total != 1 || as[0].ID != want || as[0].Phase != phase {
				t.Errorf("%s: %v %d %v", phase, as, total, err)
			}
		}
		if _, total, _ := f.ListAlerts(context.Background(), AlertFilter{Drafts: true}); total != 5 {
			t.Errorf("editors see %d alerts, want 5", total)
		}
		if _, _, err := f.ListAlerts(context.Background(), AlertFilter{Phase: "someday"}); err == nil {
			t.Error("unknown phase accepted")
		}
	})
}

func TestAlertInputIsValidated(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, tc := range []struct {
			name       string
			edit       func(*AlertInput)
			field, key string
		}{
			{"unknown country", func(in *AlertInput) { in.Country = "QQ" }, "country", "knowledge.unknown_country"},
			{"unknown level", func(in *AlertInput) { in.Level = "panic" }, "level", "error.bad_choice"},
			{"no text", func(in *AlertInput) { in.BodyZh = "" }, "body_zh", "error.required"},
			{"no source", func(in *AlertInput) { in.SourceZh = "" }, "source_zh", "error.required"},
			{"ends before it starts", func(in *AlertInput) { in.EndsOn = "2026-01-01" }, "ends_on", "knowledge.ends_before_starts"},
		} {
			in := sampleAlert("VN", "caution")
			tc.edit(&in)
			if _, err := f.CreateAlert(editor, in); fieldKey(err, tc.field) != tc.key {
				t.Errorf("%s: %v", tc.name, err)
			}
		}
	})
}
