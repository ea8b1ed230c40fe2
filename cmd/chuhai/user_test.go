package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"chuhai/internal/app"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// cli runs the command line against dsn and returns the exit code and what it printed.
func cli(t *testing.T, dsn string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	args = append(args, "--db", dsn)
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// migrated returns a migrated SQLite database (regions are reference data that migrating loads) with
// one service point (XH), enterprise and provider.
func migrated(t *testing.T) (dsn string, providerID int64) {
	t.Helper()
	dsn = filepath.Join(t.TempDir(), "chuhai.db")
	if code, _, stderr := cli(t, dsn, "migrate", "up"); code != 0 {
		t.Fatalf("migrate: %s", stderr)
	}
	d, err := db.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx, now := context.Background(), time.Now()
	err = d.InTx(ctx, func(tx *db.Tx) error {
		for _, q := range []string{
			`INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at) VALUES ('XH', 'district_point', '徐汇区服务点', 'Xuhui', '310104', $1, $1)`,
			`INSERT INTO enterprise (uscc, name_zh, home_district, created_at, updated_at) VALUES ('91310000MA1FL4B24G', '示例企业', '310104', $1, $1)`,
		} {
			if _, err := tx.Exec(ctx, q, now); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `INSERT INTO provider (name_zh, created_at, updated_at) VALUES ('示例律所', $1, $1) RETURNING id`, now).Scan(&providerID)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dsn, providerID
}

func TestUserAndTokenCommands(t *testing.T) {
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("CHUHAI_USER_PASSWORD", "")
	dsn, provider := migrated(t)
	const pw = "Harbour-Lights-2026"
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string // fragment of stdout, or of stderr when code != 0
	}{
		{"staff by point code", []string{"user", "create", "--login", "Wang.Li", "--password", pw, "--role", "point_staff", "--point", "xh", "--name", "王丽"}, 0, "created user wang.li"},
		{"enterprise by USCC", []string{"user", "create", "--login", "maker", "--password", pw, "--role", "enterprise_admin", "--enterprise", "91310000ma1fl4b24g"}, 0, "role enterprise_admin"},
		{"provider by id", []string{"user", "create", "--login", "firm", "--password", pw, "--role", "provider_member", "--provider", itoa(provider)}, 0, "created user firm"},
		{"admin", []string{"user", "create", "--login", "root", "--password", pw, "--role", "system_admin"}, 0, "second factor"},
		{"unknown point", []string{"user", "create", "--login", "x.y", "--password", pw, "--role", "point_lead", "--point", "ZZ"}, 1, "no service point with code ZZ"},
		{"unknown enterprise", []string{"user", "create", "--login", "x.y", "--password", pw, "--role", "enterprise_member", "--enterprise", "91310104MA1FL4B24G"}, 1, "no enterprise"},
		{"unknown provider", []string{"user", "create", "--login", "x.y", "--password", pw, "--role", "provider_member", "--provider", "999"}, 1, "no service provider with id 999"},
		{"provider not a number", []string{"user", "create", "--login", "x.y", "--password", pw, "--role", "provider_member", "--provider", "abc"}, 2, "numeric id"},
		{"rules, in English", []string{"user", "create", "--login", "x.y", "--password", "short", "--role", "point_staff"}, 1,
			"--password: Too short; a password needs at least 12 characters."},
		{"scope named by flag", []string{"user", "create", "--login", "x.y", "--password", pw, "--role", "point_staff"}, 1, "--point: This role needs a service point."},
		{"duplicate", []string{"user", "create", "--login", "WANG.LI", "--password", pw, "--role", "city_coordinator"}, 1, "already taken"},
		{"missing flags", []string{"user", "create", "--login", "x.y"}, 2, "needs --login, --password and --role"},
		{"unknown subcommand", []string{"user", "delete"}, 2, "usage"},
		{"token", []string{"token", "create", "--login", "firm", "--name", "ERP"}, 0, "cht_"},
		{"token for nobody", []string{"token", "create", "--login", "nobody"}, 1, "no account with login nobody"},
		{"token usage", []string{"token"}, 2, "usage: chuhai token create"},
		{"totp without a factor", []string{"user", "totp", "--login", "wang.li"}, 1, "does not use two-factor"},
		{"totp needs a login", []string{"user", "totp"}, 2, "needs --login"},
		{"password reset", []string{"user", "password", "--login", "firm", "--password", "Brand-New-Pass-9"}, 0, "password of firm set"},
		{"weak password reset", []string{"user", "password", "--login", "firm", "--password", "firm-firm"}, 1, "must not contain the login"},
		{"password reset for nobody", []string{"user", "password", "--login", "nobody", "--password", pw}, 1, "no account with login nobody"},
		{"password reset needs both", []string{"user", "password", "--login", "firm"}, 2, "needs --login and --password"},
		{"second factor reset", []string{"user", "reset-totp", "--login", "wang.li"}, 0, "second factor of wang.li removed"},
		{"second factor reset for nobody", []string{"user", "reset-totp", "--login", "nobody"}, 1, "no account"},
	} {
		code, out, errOut := cli(t, dsn, tc.args...)
		got := out
		if tc.code != 0 {
			got = errOut
		}
		if code != tc.code || !strings.Contains(got, tc.out) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit %d with %q", tc.name, code, out, errOut, tc.code, tc.out)
		}
	}
	a, err := app.Open(context.Background(), app.Config{DB: dsn}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx := context.Background()
	u, err := a.Auth.UserByLogin(ctx, "wang.li")
	if err != nil || u.Name != "王丽" || u.Role != auth.PointStaff || u.PointID == 0 {
		t.Fatalf("created %+v %v", u, err)
	}
	var actor string
	if err := a.DB.QueryRow(ctx, `SELECT actor_login FROM audit_entry WHERE action = 'auth.user.create' ORDER BY id LIMIT 1`).Scan(&actor); err != nil || actor != "cli" {
		t.Fatalf("audit actor %q %v", actor, err)
	}
	// The printed token signs in.
	_, out, _ := cli(t, dsn, "token", "create", "--login", "maker")
	r := httptest.NewRequest("GET", "/api/v1/me", nil)
	r.Header.Set("Authorization", "Bearer "+strings.TrimSpace(out))
	p, err := a.Auth.Authenticate(httptest.NewRecorder(), r)
	if err != nil || p == nil || p.Login != "maker" {
		t.Fatalf("CLI token: %+v %v", p, err)
	}
	// The printed TOTP code is the authenticator's.
	root, _ := a.Auth.UserByLogin(ctx, "root")
	e, err := a.Auth.EnrolTOTP(ctx, root.ID)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := cli(t, dsn, "user", "totp", "--login", "root")
	if code != 0 || !strings.Contains(out, "not confirmed yet") || !totp.Validate(strings.Fields(out)[0], e.Secret) {
		t.Fatalf("totp: %d %q %q", code, out, errOut)
	}
	if err := a.Auth.ConfirmTOTP(ctx, root.ID, strings.Fields(out)[0]); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := cli(t, dsn, "user", "totp", "--login", "ROOT"); code != 0 || strings.Contains(out, "not confirmed") || len(strings.TrimSpace(out)) != 6 {
		t.Fatalf("totp after confirmation: %d %q", code, out)
	}
}

func TestUserCommandsNeedAMigratedDatabase(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "empty.db")
	code, _, errOut := cli(t, dsn, "user", "create", "--login", "a.b", "--password", "Harbour-Lights-2026", "--role", "city_coordinator")
	if code != 1 || !strings.Contains(errOut, "chuhai migrate up") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestCLILanguage(t *testing.T) {
	for env, want := range map[string]string{"": "zh-CN", "C.UTF-8": "zh-CN", "en_US.UTF-8": "en", "zh_CN.UTF-8": "zh-CN", "en": "en"} {
		if got := cliLanguage(env); got != want {
			t.Errorf("LANG=%q: %s, want %s", env, got, want)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
