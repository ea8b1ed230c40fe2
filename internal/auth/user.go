package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
	"chuhai/internal/i18n"
)

// Login and name limits.
const (
	MinLoginLength = 3
	MaxLoginLength = 64
	MaxNameLength  = 100
)

// User is an account as others may see it; secrets stay inside the package.
type User struct {
	ID                int64      `json:"id"`
	Login             string     `json:"login"`
	Name              string     `json:"name"`
	Role              Role       `json:"role"`
	PointID           int64      `json:"point_id,omitempty"`
	EnterpriseID      int64      `json:"enterprise_id,omitempty"`
	ProviderID        int64      `json:"provider_id,omitempty"`
	Lang              string     `json:"lang"`
	TOTPEnabled       bool       `json:"totp_enabled"`
	Disabled          bool       `json:"disabled"`
	PasswordChangedAt time.Time  `json:"password_changed_at"`
	LastLoginAt       *time.Time `json:"last_login_at"`
	CreatedAt         time.Time  `json:"created_at"`
}

// account is a user with its secrets, for sign-in and second-factor checks.
type account struct {
	User
	passwordHash string
	totpSecret   string
	totpLastStep int64
}

// userColumns reads an account from app_user aliased u (so it joins with sessions and tokens).
const userColumns = `u.id, u.login, u.name, u.role, COALESCE(u.point_id, 0), COALESCE(u.enterprise_id, 0),
	COALESCE(u.provider_id, 0), u.lang, u.totp_enabled, u.disabled, u.password_changed_at, u.last_login_at, u.created_at,
	u.password_hash, u.totp_secret, u.totp_last_step`

func scanAccount(row interface{ Scan(...any) error }) (account, error) {
	var a account
	var last sql.NullTime
	err := row.Scan(&a.ID, &a.Login, &a.Name, &a.Role, &a.PointID, &a.EnterpriseID, &a.ProviderID, &a.Lang,
		&a.TOTPEnabled, &a.Disabled, &a.PasswordChangedAt, &last, &a.CreatedAt, &a.passwordHash, &a.totpSecret,
		&a.totpLastStep)
	if last.Valid {
		t := last.Time
		a.LastLoginAt = &t
	}
	return a, err
}

// accountWhere reads the account whose column (id or login) equals arg.
func (s *Service) accountWhere(ctx context.Context, q db.Querier, column string, arg any) (account, error) {
	a, err := scanAccount(q.QueryRow(ctx, `SELECT `+userColumns+` FROM app_user u WHERE u.`+column+` = $1`, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return account{}, apperr.NotFound(fmt.Sprintf("user %v", arg))
	}
	return a, err
}

// UserByLogin returns the user with login (case-insensitive).
func (s *Service) UserByLogin(ctx context.Context, login string) (User, error) {
	a, err := s.accountWhere(ctx, s.db, "login", NormalizeLogin(login))
	return a.User, err
}

// UserByID returns the user with id.
func (s *Service) UserByID(ctx context.Context, id int64) (User, error) {
	a, err := s.accountWhere(ctx, s.db, "id", id)
	return a.User, err
}

// NormalizeLogin trims and lower-cases a login, so that logins are unique whatever the case.
func NormalizeLogin(login string) string { return strings.ToLower(strings.TrimSpace(login)) }

// NewUser is what it takes to create an account.
type NewUser struct {
	Login, Password, Name string
	Role                  Role
	PointID               int64
	EnterpriseID          int64
	ProviderID            int64
	Lang                  string
}

// validateLogin checks a normalised login: 3 to 64 of a-z, 0-9, '.', '_', '-', '@', starting with a
// letter or digit (so logins can be e-mail addresses, and are safe in URLs and logs).
func validateLogin(v *apperr.Validator, field, login string) {
	switch n := utf8.RuneCountInString(login); {
	case n == 0:
		v.Add(field, "error.required")
		return
	case n > MaxLoginLength:
		v.Add(field, "error.too_long", "Max", MaxLoginLength)
		return
	case n < MinLoginLength:
		v.Add(field, "auth.login.too_short", "Min", MinLoginLength)
		return
	}
	for i, r := range login {
		ok := r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || i > 0 && strings.ContainsRune("._-@", r)
		if !ok {
			v.Add(field, "auth.login.format")
			return
		}
	}
}

// ValidateScope checks that a role has exactly the affiliation it needs: point staff a service point,
// enterprise users an enterprise, provider users a provider, coordinators and admins none.
func ValidateScope(v *apperr.Validator, role Role, pointID, enterpriseID, providerID int64) {
	need := role.Scope()
	for _, f := range []struct {
		scope Scope
		field string
		id    int64
	}{{ScopePoint, "point_id", pointID}, {ScopeEnterprise, "enterprise_id", enterpriseID}, {ScopeProvider, "provider_id", providerID}} {
		switch {
		case f.scope == need && f.id <= 0:
			v.Add(f.field, "auth.user."+string(f.scope)+"_required")
		case f.scope != need && f.id != 0:
			v.Add(f.field, "auth.user.scope_not_allowed")
		}
	}
}

// CreateUser validates and stores a new account, hashing its password, and returns its id.
func (s *Service) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	u.Login = NormalizeLogin(u.Login)
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" {
		u.Name = u.Login
	}
	var v apperr.Validator
	validateLogin(&v, "login", u.Login)
	v.Check(utf8.RuneCountInString(u.Name) <= MaxNameLength, "name", "error.too_long", "Max", MaxNameLength)
	if !u.Role.Valid() {
		v.Add("role", "error.bad_choice")
	} else {
		ValidateScope(&v, u.Role, u.PointID, u.EnterpriseID, u.ProviderID)
	}
	if u.Lang != "" {
		l := i18n.Normalize(u.Lang)
		v.Check(l != "", "lang", "error.bad_choice")
		u.Lang = l
	}
	if err := ValidatePassword("password", u.Password, u.Login); err != nil {
		e, _ := apperr.As(err)
		for _, f := range e.Fields {
			v.Add(f.Name, f.Key, argsOf(f)...)
		}
	}
	if err := v.Err(); err != nil {
		return 0, err
	}
	hash, err := hashPassword(u.Password, s.argon)
	if err != nil {
		return 0, err
	}
	now := s.now()
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO app_user (login, name, role, point_id, enterprise_id, provider_id, lang,
			password_hash, password_changed_at, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$9,$9) RETURNING id`,
			u.Login, u.Name, string(u.Role), nullID(u.PointID), nullID(u.EnterpriseID), nullID(u.ProviderID), u.Lang,
			hash, now).Scan(&id)
		switch {
		case db.IsUniqueViolation(err):
			return apperr.Invalid(apperr.F("login", "auth.user.login_taken"))
		case db.IsForeignKeyViolation(err):
			// The scope check above leaves exactly one affiliation set, so it is the one that is missing.
			field := map[Scope]string{ScopePoint: "point_id", ScopeEnterprise: "enterprise_id", ScopeProvider: "provider_id"}[u.Role.Scope()]
			return apperr.Invalid(apperr.F(field, "auth.user.scope_not_found"))
		case err != nil:
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.user.create", ObjectType: "app_user", ObjectID: itoa(id),
			Detail: map[string]any{"login": u.Login, "name": u.Name, "role": u.Role, "point_id": u.PointID,
				"enterprise_id": u.EnterpriseID, "provider_id": u.ProviderID}})
	})
	return id, err
}

func argsOf(f apperr.Field) []any {
	var out []any
	for k, v := range f.Args {
		out = append(out, k, v)
	}
	return out
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// UserFilter narrows ListUsers.
type UserFilter struct {
	Query   string // part of the login or name
	Role    Role   // "" for all
	Status  string // "", "active" or "disabled"
	PointID int64  // 0 for all
	// EnterpriseID and ProviderID keep the accounts of one enterprise or provider (0 for all): its
	// administrators manage their own team.
	EnterpriseID int64
	ProviderID   int64
}

// Page is a window of a list.
type Page struct {
	Limit, Offset int
}

// ListUsers returns one page of the users matching f, ordered by login, and how many match in all.
func (s *Service) ListUsers(ctx context.Context, f UserFilter, page Page) ([]User, int, error) {
	var v apperr.Validator
	f.Query = strings.TrimSpace(f.Query)
	v.Check(utf8.RuneCountInString(f.Query) <= MaxNameLength, "q", "error.too_long", "Max", MaxNameLength)
	v.Check(f.Role == "" || f.Role.Valid(), "role", "error.bad_choice")
	v.Check(f.Status == "" || f.Status == "active" || f.Status == "disabled", "status", "error.bad_choice")
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if page.Limit <= 0 {
		page.Limit = 20
	}
	where, args := []string{"1 = 1"}, []any{}
	arg := func(a any) string { args = append(args, a); return "$" + strconv.Itoa(len(args)) }
	if f.Query != "" {
		p := "%" + likeEscape(strings.ToLower(f.Query)) + "%"
		where = append(where, "(login LIKE "+arg(p)+` ESCAPE '\' OR lower(name) LIKE `+arg(p)+` ESCAPE '\')`)
	}
	if f.Role != "" {
		where = append(where, "role = "+arg(string(f.Role)))
	}
	if f.Status != "" {
		where = append(where, "disabled = "+arg(f.Status == "disabled"))
	}
	if f.PointID != 0 {
		where = append(where, "point_id = "+arg(f.PointID))
	}
	if f.EnterpriseID != 0 {
		where = append(where, "enterprise_id = "+arg(f.EnterpriseID))
	}
	if f.ProviderID != 0 {
		where = append(where, "provider_id = "+arg(f.ProviderID))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM app_user WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.db.Query(ctx, `SELECT `+userColumns+` FROM app_user u WHERE `+cond+` ORDER BY u.login LIMIT `+
		arg(page.Limit)+` OFFSET `+arg(page.Offset), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	users := []User{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, 0, err
		}
		users = append(users, a.User)
	}
	return users, total, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SetDisabled disables or re-enables an account. Disabling ends its sessions at once and stops its
// API tokens from working. Nobody may disable themselves, nor the last enabled system admin.
func (s *Service) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	defer s.forget() // after the commit
	if p := From(ctx); p != nil && p.UserID == userID && disabled {
		return apperr.New(apperr.KindConflict, "auth.user.cannot_disable_self")
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.accountWhere(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if a.Disabled == disabled {
			return nil
		}
		if disabled && a.Role == SystemAdmin {
			var others int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM app_user WHERE role = $1 AND disabled = $2 AND id <> $3`,
				string(SystemAdmin), false, userID).Scan(&others); err != nil {
				return err
			}
			if others == 0 {
				return apperr.New(apperr.KindConflict, "auth.user.last_admin")
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET disabled = $1, updated_at = $2 WHERE id = $3`, disabled, s.now(), userID); err != nil {
			return err
		}
		action := "auth.user.enable"
		if disabled {
			action = "auth.user.disable"
			if _, err := tx.Exec(ctx, `DELETE FROM session WHERE user_id = $1`, userID); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "app_user", ObjectID: itoa(userID),
			Detail: map[string]any{"login": a.Login}})
	})
}

// ChangePassword replaces a user's password after checking the current one. A wrong current password
// counts as a failed sign-in (so a borrowed session cannot be used to guess it). The user's other
// sessions end; the one making the change (if any) stays.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string) error {
	defer s.forget() // after the commit
	a, err := s.accountWhere(ctx, s.db, "id", userID)
	if err != nil {
		return err
	}
	ip := audit.MetaFrom(ctx).ClientIP
	now := s.now()
	if err := s.checkLocks(ctx, a.Login, ip, now); err != nil {
		return err
	}
	if current == "" {
		return apperr.Invalid(apperr.F("current_password", "error.required"))
	}
	ok, _, err := verifyPassword(current, a.passwordHash, s.argon)
	if err != nil {
		return err
	}
	if !ok {
		if err := s.recordFailure(ctx, a.Login, ip, a.ID, "password_change", now); err != nil {
			return err
		}
		return apperr.Invalid(apperr.F("current_password", "auth.password.wrong_current"))
	}
	if err := ValidatePassword("new_password", next, a.Login); err != nil {
		return err
	}
	if next == current {
		return apperr.Invalid(apperr.F("new_password", "auth.password.same"))
	}
	hash, err := hashPassword(next, s.argon)
	if err != nil {
		return err
	}
	var keep int64
	if p := From(ctx); p != nil && p.UserID == userID {
		keep = p.SessionID
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE app_user SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3`,
			hash, now, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM session WHERE user_id = $1 AND id <> $2`, userID, keep); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.password.change", ObjectType: "app_user",
			ObjectID: itoa(userID), Detail: map[string]any{"login": a.Login}})
	})
}

// ResetPassword sets a new password for someone who lost theirs (an operator's or administrator's
// act; the person is told the new one out of band). All the account's sessions end.
func (s *Service) ResetPassword(ctx context.Context, userID int64, password string) error {
	defer s.forget() // after the commit
	a, err := s.accountWhere(ctx, s.db, "id", userID)
	if err != nil {
		return err
	}
	if err := ValidatePassword("password", password, a.Login); err != nil {
		return err
	}
	hash, err := hashPassword(password, s.argon)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE app_user SET password_hash = $1, password_changed_at = $2, updated_at = $2 WHERE id = $3`,
			hash, s.now(), userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM session WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.password.reset", ObjectType: "app_user",
			ObjectID: itoa(userID), Detail: map[string]any{"login": a.Login}})
	})
}

// ResetTOTP removes the second factor of someone who lost their authenticator, and ends the
// account's sessions. They enrol again at their next sign-in (system admins must).
func (s *Service) ResetTOTP(ctx context.Context, userID int64) error {
	defer s.forget() // after the commit
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.accountWhere(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET totp_enabled = $1, totp_secret = '', totp_last_step = 0, updated_at = $2 WHERE id = $3`,
			false, s.now(), userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM session WHERE user_id = $1`, userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.totp.reset", ObjectType: "app_user", ObjectID: itoa(userID),
			Detail: map[string]any{"login": a.Login}})
	})
}
