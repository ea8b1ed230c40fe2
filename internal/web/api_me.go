package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// Me is the caller as the API describes them.
type Me struct {
	ID            int64     `json:"id"`
	Login         string    `json:"login"`
	Name          string    `json:"name"`
	Role          auth.Role `json:"role"`
	PointID       int64     `json:"point_id,omitempty"`
	EnterpriseID  int64     `json:"enterprise_id,omitempty"`
	ProviderID    int64     `json:"provider_id,omitempty"`
	Lang          string    `json:"lang"`
	TOTPEnabled   bool      `json:"totp_enabled"`
	MustEnrolTOTP bool      `json:"must_enrol_totp"` // a system admin must enrol a second factor (on the account page) first
	Via           string    `json:"via"`             // "session" or "token"
}

func meOf(p *auth.Principal) Me {
	via := "session"
	if p.SessionID == 0 {
		via = "token"
	}
	return Me{ID: p.UserID, Login: p.Login, Name: p.Name, Role: p.Role, PointID: p.PointID, EnterpriseID: p.EnterpriseID,
		ProviderID: p.ProviderID, Lang: p.Lang, TOTPEnabled: p.TOTPEnabled, MustEnrolTOTP: p.MustEnrolTOTP, Via: via}
}

// apiMe says who is calling.
func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, meOf(info(r).principal))
}
