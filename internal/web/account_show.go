package web

import (
	"net/http"

	"chuhai/internal/auth"
)

// TokenRow is an API token as the account page lists it.
type TokenRow struct {
	ID                int64
	Name, Hint        string
	Created, LastUsed string
}

type accountPage struct {
	User        auth.User
	RoleKey     string
	Affiliation *Affiliation
	MustEnrol   bool // a system admin who must enrol a second factor before anything else
	TOTPAllowed bool // staff may enrol
	TOTPCanOff  bool // staff other than admins may turn it off
	Pending     *auth.TOTPEnrolment
	Tokens      []TokenRow
	NewToken    string                // shown once, right after it was made
	Done        string                // catalogue id of the notice after a change
	Errors      map[string]FormErrors // by form: password, language, totp, token
}

// accountNotices are the changes the page confirms after redirecting back (?done=...).
var accountNotices = map[string]string{
	"password": "account.done.password", "language": "account.done.language", "totp": "account.done.totp",
	"totp_started": "account.done.totp_started", "totp_off": "account.done.totp_off", "revoked": "account.done.revoked",
}

// accountShow shows one's own account: password, language, second factor and API tokens.
func (s *Server) accountShow(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, accountPage{Done: accountNotices[r.URL.Query().Get("done")]})
}

// renderAccount fills in the account page around what a handler has to say (errors, a new token).
func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, page accountPage) error {
	p := info(r).principal
	ctx := r.Context()
	u, err := s.Auth.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	page.User, page.RoleKey, page.MustEnrol = u, "role."+string(u.Role), p.MustEnrolTOTP
	page.TOTPAllowed = u.Role.IsStaff()
	page.TOTPCanOff = page.TOTPAllowed && u.Role != auth.SystemAdmin
	if page.Affiliation, err = s.affiliations(ctx).of(u.Role, u.PointID, u.EnterpriseID, u.ProviderID); err != nil {
		return err
	}
	if page.TOTPAllowed && !u.TOTPEnabled {
		e, ok, err := s.Auth.PendingTOTP(ctx, u.ID)
		if err != nil {
			return err
		}
		if ok {
			page.Pending = &e
		}
	}
	tokens, err := s.Auth.ListAPITokens(ctx, u.ID)
	if err != nil {
		return err
	}
	for _, t := range tokens {
		page.Tokens = append(page.Tokens, TokenRow{ID: t.ID, Name: t.Name, Hint: t.Hint, Created: when(&t.CreatedAt), LastUsed: when(t.LastUsedAt)})
	}
	s.renderStatus(w, r, status, "account", page, "account.title")
	return nil
}

// accountFailed shows the account page again with a form's errors, or hands over failures that are
// not the user's to fix.
func (s *Server) accountFailed(w http.ResponseWriter, r *http.Request, form string, err error, inputs ...string) error {
	fe, status, ok := s.formErrors(w, r, err, inputs...)
	if !ok {
		return err
	}
	return s.renderAccount(w, r, status, accountPage{Errors: map[string]FormErrors{form: fe}})
}
