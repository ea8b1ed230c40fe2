package auth

import (
	"context"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// TOTP parameters: RFC 6238 with the settings every authenticator app understands.
const (
	totpIssuer = "chuhai"
	totpPeriod = 30
	// totpSkew accepts the code of the step before and after now, for clocks a little apart and
	// people a little slow.
	totpSkew = 1
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPEnrolment is what a person copies into their authenticator app.
type TOTPEnrolment struct {
	Secret string `json:"secret"` // base32
	URI    string `json:"uri"`    // otpauth://totp/...
}

// totpStep is the 30-second step t falls in.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// matchTOTP returns the step whose code is code, searching now's step and totpSkew steps either side;
// ok is false when none matches. code may contain spaces (apps show "123 456").
func matchTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(code, " ", "")
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return 0, false
	}
	for d := -totpSkew; d <= totpSkew; d++ {
		at := now.Add(time.Duration(d*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return totpStep(at), true
		}
	}
	return 0, false
}

// enrolment rebuilds the otpauth URI of a stored secret.
func enrolment(login, secret string) (TOTPEnrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil || len(raw) == 0 {
		return TOTPEnrolment{}, fmt.Errorf("stored TOTP secret of %s is not base32", login)
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: login, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, Secret: raw})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}, nil
}

// EnrolTOTP starts (or restarts) second-factor enrolment for a staff member: it stores a new pending
// secret and returns it. The factor is not required until ConfirmTOTP proves the app has it.
func (s *Service) EnrolTOTP(ctx context.Context, userID int64) (TOTPEnrolment, error) {
	defer s.forget() // after the commit
	var e TOTPEnrolment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.accountWhere(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if !a.Role.IsStaff() {
			return apperr.New(apperr.KindForbidden, "auth.totp.staff_only")
		}
		if a.TOTPEnabled {
			return apperr.New(apperr.KindConflict, "auth.totp.already_enabled")
		}
		key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: a.Login, Period: totpPeriod,
			Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return err
		}
		e = TOTPEnrolment{Secret: key.Secret(), URI: key.URL()}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET totp_secret = $1, totp_last_step = 0, updated_at = $2 WHERE id = $3`,
			e.Secret, s.now(), userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.totp.enrol", ObjectType: "app_user", ObjectID: itoa(userID),
			Detail: map[string]any{"login": a.Login}})
	})
	return e, err
}

// PendingTOTP returns the secret of an enrolment that has been started but not confirmed.
func (s *Service) PendingTOTP(ctx context.Context, userID int64) (TOTPEnrolment, bool, error) {
	a, err := s.accountWhere(ctx, s.db, "id", userID)
	if err != nil || a.TOTPEnabled || a.totpSecret == "" {
		return TOTPEnrolment{}, false, err
	}
	e, err := enrolment(a.Login, a.totpSecret)
	return e, err == nil, err
}

// ConfirmTOTP turns the pending second factor on once a code from it checks out.
func (s *Service) ConfirmTOTP(ctx context.Context, userID int64, code string) error {
	defer s.forget() // after the commit
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.accountWhere(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if a.TOTPEnabled {
			return apperr.New(apperr.KindConflict, "auth.totp.already_enabled")
		}
		if a.totpSecret == "" {
			return apperr.Invalid(apperr.F("code", "auth.totp.not_started"))
		}
		now := s.now()
		step, ok := matchTOTP(a.totpSecret, code, now)
		if !ok {
			return apperr.Invalid(apperr.F("code", codeProblem(code)))
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET totp_enabled = $1, totp_last_step = $2, updated_at = $3 WHERE id = $4`,
			true, step, now, userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.totp.confirm", ObjectType: "app_user", ObjectID: itoa(userID),
			Detail: map[string]any{"login": a.Login}})
	})
}

// DisableTOTP turns a staff member's second factor off, on a current code. System admins must keep
// theirs.
func (s *Service) DisableTOTP(ctx context.Context, userID int64, code string) error {
	defer s.forget() // after the commit
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		a, err := s.accountWhere(ctx, tx, "id", userID)
		if err != nil {
			return err
		}
		if a.Role == SystemAdmin {
			return apperr.New(apperr.KindForbidden, "auth.totp.required_for_admin")
		}
		if !a.TOTPEnabled {
			return apperr.New(apperr.KindConflict, "auth.totp.not_enabled")
		}
		if err := useTOTP(ctx, tx, a, code, s.now()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE app_user SET totp_enabled = $1, totp_secret = '', totp_last_step = 0, updated_at = $2 WHERE id = $3`,
			false, s.now(), userID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "auth.totp.disable", ObjectType: "app_user", ObjectID: itoa(userID),
			Detail: map[string]any{"login": a.Login}})
	})
}

// useTOTP accepts code for a's enabled factor once: the step it belongs to must be later than the last
// one accepted, so a code seen over someone's shoulder cannot be replayed within its 30 seconds. The
// conditional update makes two instances racing on the same code accept it only once.
func useTOTP(ctx context.Context, tx *db.Tx, a account, code string, now time.Time) error {
	step, ok := matchTOTP(a.totpSecret, code, now)
	if !ok {
		return apperr.Invalid(apperr.F("totp", codeProblem(code)))
	}
	res, err := tx.Exec(ctx, `UPDATE app_user SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1`, step, a.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.Invalid(apperr.F("totp", "auth.totp.reused"))
	}
	return nil
}

func codeProblem(code string) string {
	code = strings.ReplaceAll(code, " ", "")
	switch {
	case code == "":
		return "error.required"
	case len(code) != 6 || strings.Trim(code, "0123456789") != "":
		return "auth.totp.format"
	}
	return "auth.totp.wrong_code"
}

// CurrentTOTPCode returns the code a user's authenticator shows now (enabled or pending factor). It
// is for operators with console access to the server, and for the demo.
func (s *Service) CurrentTOTPCode(ctx context.Context, login string) (code string, pending bool, err error) {
	a, err := s.accountWhere(ctx, s.db, "login", NormalizeLogin(login))
	if err != nil {
		return "", false, err
	}
	if a.totpSecret == "" {
		return "", false, apperr.New(apperr.KindConflict, "auth.totp.not_enabled")
	}
	code, err = totp.GenerateCodeCustom(a.totpSecret, s.now(), totpOpts)
	return code, !a.TOTPEnabled, err
}
