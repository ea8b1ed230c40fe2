package web

import (
	"encoding/json"
	"fmt"
	"net/http"

	"chuhai/internal/apperr"
	"chuhai/internal/odi"
)

// odiAnalyticsView is the coordinators' analytics page: counters, the cycle-time chart and the same
// figures in tables.
type odiAnalyticsView struct {
	Lang       string
	A          odi.Analytics
	Steps      []cycleRowView
	ByPoint    groupTable
	ByDistrict groupTable
	Chart      string // the chart's data as JSON, for static/odi-chart.js
	Error      string
}

type cycleRowView struct {
	odi.CycleRow
	Label string
}

// groupTable is a table of points or districts.
type groupTable struct {
	Lang    string
	Caption string // catalogue id
	Groups  []groupView
}

type groupView struct {
	Code, Name string
	Counters   odi.Counters
	Steps      []cycleRowView
}

// chartData is what static/odi-chart.js draws.
type chartData struct {
	Labels  []string    `json:"labels"`
	Series  []chartLine `json:"series"`
	Caption string      `json:"caption"`
	Unit    string      `json:"unit"`
}

type chartLine struct {
	Name string    `json:"name"`
	Kind string    `json:"kind"` // measured, or limit (drawn muted)
	Data []float64 `json:"data"`
}

func (s *Server) cycleLabel(lang string, r odi.CycleRow) string {
	l := s.Cat.T(lang, "odi.regime."+string(r.Regime), nil) + " · " + s.Cat.T(lang, odi.ActionKey(r.Regime, r.Action), nil)
	if r.LimitWorkdays > 0 {
		l += fmt.Sprintf(" (%d)", r.LimitWorkdays)
	}
	return l
}

func (s *Server) cycleRows(lang string, rows []odi.CycleRow) []cycleRowView {
	out := make([]cycleRowView, len(rows))
	for i, r := range rows {
		out[i] = cycleRowView{CycleRow: r, Label: s.cycleLabel(lang, r)}
	}
	return out
}

// odiAnalyticsPage shows where ODI time goes (GET /odi/analytics?from=&to=).
func (s *Server) odiAnalyticsPage(w http.ResponseWriter, r *http.Request) error {
	lang := info(r).lang
	q := r.URL.Query()
	f := odi.AnalyticsFilter{From: q.Get("from"), To: q.Get("to")}
	a, err := s.ODI.Analytics(r.Context(), f)
	status := http.StatusOK
	v := odiAnalyticsView{Lang: lang}
	if err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindInvalid {
			return err
		}
		// A bad date filter: say so, and show everything.
		status = http.StatusBadRequest
		for _, fe := range e.Fields {
			v.Error += s.Cat.T(lang, fe.Key, fe.Args) + " "
		}
		if a, err = s.ODI.Analytics(r.Context(), odi.AnalyticsFilter{}); err != nil {
			return err
		}
		a.From, a.To = f.From, f.To
	}
	v.A, v.Steps = a, s.cycleRows(lang, a.Steps)
	v.ByPoint = groupTable{Lang: lang, Caption: "odi.analytics.by_point"}
	v.ByDistrict = groupTable{Lang: lang, Caption: "odi.analytics.by_district"}
	for _, g := range a.ByPoint {
		v.ByPoint.Groups = append(v.ByPoint.Groups, groupView{Code: g.Code, Name: pick(lang, odi.Name{Zh: g.NameZh, En: g.NameEn}), Counters: g.Counters, Steps: s.cycleRows(lang, g.Steps)})
	}
	for _, g := range a.ByDistrict {
		v.ByDistrict.Groups = append(v.ByDistrict.Groups, groupView{Code: g.Code, Name: pick(lang, odi.Name{Zh: g.NameZh, En: g.NameEn}), Counters: g.Counters, Steps: s.cycleRows(lang, g.Steps)})
	}
	cd := chartData{Caption: s.Cat.T(lang, "odi.analytics.chart", nil), Unit: s.Cat.T(lang, "odi.analytics.unit", nil),
		Series: []chartLine{{Name: s.Cat.T(lang, "odi.analytics.avg", nil), Kind: "measured"}, {Name: s.Cat.T(lang, "odi.analytics.max", nil), Kind: "measured"},
			{Name: s.Cat.T(lang, "odi.analytics.limit", nil), Kind: "limit"}}}
	for _, row := range v.Steps {
		if row.LimitWorkdays == 0 || row.Decided == 0 {
			continue // no statutory limit to compare with, or nothing decided yet
		}
		cd.Labels = append(cd.Labels, row.Label)
		cd.Series[0].Data = append(cd.Series[0].Data, row.AvgWorkdays)
		cd.Series[1].Data = append(cd.Series[1].Data, float64(row.MaxWorkdays))
		cd.Series[2].Data = append(cd.Series[2].Data, float64(row.LimitWorkdays))
	}
	b, err := json.Marshal(cd)
	if err != nil {
		return err
	}
	v.Chart = string(b)
	s.renderStatus(w, r, status, "odi_analytics", v, "odi.analytics.title")
	return nil
}
