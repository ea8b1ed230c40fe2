package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/auth"
)

// marketAlerts is what an enterprise's console shows from the knowledge base: the safety alerts in
// force for its target markets, and the way to what applies to it.
type marketAlerts struct {
	Alerts     []alertRow
	Applicable string // link to the enterprise's "what applies to us" page
}

// enterpriseDashboard returns the knowledge block of an enterprise user's console, or nil for
// everyone else (and until app wires the enterprises' profiles).
func (s *Server) enterpriseDashboard(r *http.Request, p *auth.Principal) (*marketAlerts, error) {
	if s.Profiles == nil || p.Role.Scope() != auth.ScopeEnterprise || p.EnterpriseID == 0 {
		return nil, nil
	}
	pr, err := s.Profiles.Profile(r.Context(), p.EnterpriseID)
	if err != nil {
		return nil, err
	}
	as, err := s.Knowledge.ActiveAlerts(r.Context(), pr.Markets)
	if err != nil {
		return nil, err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return nil, err
	}
	m := &marketAlerts{Applicable: "/enterprises/" + strconv.FormatInt(p.EnterpriseID, 10) + "/applicable"}
	for _, a := range as {
		m.Alerts = append(m.Alerts, alertRow{Alert: a, CountryName: ref.region(a.Country)})
	}
	return m, nil
}
