package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/auth"
	"chuhai/internal/i18n"
)

const userUsage = `usage:
  chuhai user create --login L --password P --role R [--name N] [--lang zh-CN|en]
                     [--point CODE | --enterprise USCC | --provider ID]
      Create an account. Staff roles (point_staff, point_lead) need --point, enterprise roles
      (enterprise_member, enterprise_admin) --enterprise, provider roles (provider_member,
      provider_admin) --provider; city_coordinator and system_admin need none. The password may
      come from CHUHAI_USER_PASSWORD instead of the command line (which others on the machine see).
  chuhai user totp --login L
      Print the code the account's authenticator app shows now. For the demo, and for operators with
      console access to the server who must sign in for someone who lost their phone.
  chuhai user password --login L --password P
      Set a new password for someone who forgot theirs (or CHUHAI_USER_PASSWORD); their sessions end.
  chuhai user reset-totp --login L
      Remove the second factor of someone who lost their authenticator; they enrol again after
      signing in (system admins must). Their sessions end.`

const tokenUsage = `usage: chuhai token create --login L [--name N]
      Create an API token for the account and print it (it is shown only this once).`

// cliContext marks what the command line changes as done by "cli" in the audit log.
func cliContext(ctx context.Context) context.Context {
	return audit.WithMeta(ctx, audit.Meta{ActorLogin: "cli"})
}

func cmdUser(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return exitError{2, userUsage}
	}
	switch args[0] {
	case "create":
		return userCreate(ctx, args[1:], stdout)
	case "totp":
		return userTOTP(ctx, args[1:], stdout)
	case "password":
		return userPassword(ctx, args[1:], stdout)
	case "reset-totp":
		return userResetTOTP(ctx, args[1:], stdout)
	}
	return exitError{2, userUsage}
}

func userCreate(ctx context.Context, args []string, stdout io.Writer) error {
	var login, password, role, name, lang, point, enterprise, provider string
	a, _, err := openMigrated(ctx, "user create", args, func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login (lower-case letters, digits, . _ - @)")
		fs.StringVar(&password, "password", os.Getenv("CHUHAI_USER_PASSWORD"), "initial password (or CHUHAI_USER_PASSWORD)")
		fs.StringVar(&role, "role", "", "role: "+roleList())
		fs.StringVar(&name, "name", "", "display name (default: the login)")
		fs.StringVar(&lang, "lang", "", "interface language: zh-CN or en")
		fs.StringVar(&point, "point", "", "service point code, for point_staff and point_lead")
		fs.StringVar(&enterprise, "enterprise", "", "enterprise unified social credit code, for enterprise roles")
		fs.StringVar(&provider, "provider", "", "service provider id, for provider roles")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if login == "" || password == "" || role == "" {
		return exitError{2, "user create needs --login, --password and --role\n" + userUsage}
	}
	u := auth.NewUser{Login: login, Password: password, Name: name, Role: auth.Role(role), Lang: lang}
	if point != "" {
		p, err := a.Network.PointByCode(ctx, point)
		if err != nil {
			return lookupError(err, "no service point with code "+point)
		}
		u.PointID = p.ID
	}
	if enterprise != "" {
		e, err := a.Directory.EnterpriseByUSCC(ctx, enterprise)
		if err != nil {
			return lookupError(err, "no enterprise with unified social credit code "+enterprise)
		}
		u.EnterpriseID = e.ID
	}
	if provider != "" {
		id, err := strconv.ParseInt(provider, 10, 64)
		if err != nil || id <= 0 {
			return exitError{2, "--provider takes the provider's numeric id, not " + strconv.Quote(provider)}
		}
		p, err := a.Directory.ProviderByID(ctx, id)
		if err != nil {
			return lookupError(err, "no service provider with id "+provider)
		}
		u.ProviderID = p.ID
	}
	id, err := a.Auth.CreateUser(cliContext(ctx), u)
	if err != nil {
		return explain(a, err)
	}
	fmt.Fprintf(stdout, "created user %s (id %d, role %s)\n", auth.NormalizeLogin(login), id, role)
	if auth.Role(role) == auth.SystemAdmin {
		fmt.Fprintln(stdout, "system admins must enrol a second factor: the first sign-in leads to it")
	}
	return nil
}

func userTOTP(ctx context.Context, args []string, stdout io.Writer) error {
	var login string
	a, _, err := openMigrated(ctx, "user totp", args, func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login of the account")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if login == "" {
		return exitError{2, "user totp needs --login\n" + userUsage}
	}
	code, pending, err := a.Auth.CurrentTOTPCode(ctx, login)
	if err != nil {
		return explain(a, err)
	}
	fmt.Fprintln(stdout, code)
	if pending {
		fmt.Fprintln(stdout, "(enrolment not confirmed yet: this code confirms it on the account page)")
	}
	return nil
}

func userPassword(ctx context.Context, args []string, stdout io.Writer) error {
	var login, password string
	a, _, err := openMigrated(ctx, "user password", args, func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login of the account")
		fs.StringVar(&password, "password", os.Getenv("CHUHAI_USER_PASSWORD"), "the new password (or CHUHAI_USER_PASSWORD)")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if login == "" || password == "" {
		return exitError{2, "user password needs --login and --password\n" + userUsage}
	}
	u, err := a.Auth.UserByLogin(ctx, login)
	if err != nil {
		return lookupError(err, "no account with login "+login)
	}
	if err := a.Auth.ResetPassword(cliContext(ctx), u.ID, password); err != nil {
		return explain(a, err)
	}
	fmt.Fprintf(stdout, "password of %s set; their sessions have ended\n", u.Login)
	return nil
}

func userResetTOTP(ctx context.Context, args []string, stdout io.Writer) error {
	var login string
	a, _, err := openMigrated(ctx, "user reset-totp", args, func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login of the account")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if login == "" {
		return exitError{2, "user reset-totp needs --login\n" + userUsage}
	}
	u, err := a.Auth.UserByLogin(ctx, login)
	if err != nil {
		return lookupError(err, "no account with login "+login)
	}
	if err := a.Auth.ResetTOTP(cliContext(ctx), u.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "second factor of %s removed; their sessions have ended\n", u.Login)
	return nil
}

func cmdToken(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return exitError{2, tokenUsage}
	}
	var login, name string
	a, _, err := openMigrated(ctx, "token create", args[1:], func(fs *flag.FlagSet) {
		fs.StringVar(&login, "login", "", "login of the account the token acts as")
		fs.StringVar(&name, "name", "cli", "what the token is for, to recognise it later")
	})
	if err != nil {
		return err
	}
	defer a.Close()
	if login == "" {
		return exitError{2, "token create needs --login\n" + tokenUsage}
	}
	u, err := a.Auth.UserByLogin(ctx, login)
	if err != nil {
		return lookupError(err, "no account with login "+login)
	}
	token, err := a.Auth.CreateAPIToken(cliContext(ctx), u.ID, name)
	if err != nil {
		return explain(a, err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// openMigrated opens the app and refuses to go on against a database that has not been migrated,
// with advice rather than an SQL error.
func openMigrated(ctx context.Context, name string, args []string, extra func(*flag.FlagSet)) (*app.App, *flag.FlagSet, error) {
	a, fs, err := open(ctx, name, args, extra)
	if err != nil {
		return nil, nil, err
	}
	if ok, err := a.DB.Current(ctx, app.Modules()...); err != nil || !ok {
		a.Close()
		return nil, nil, exitError{1, "the database is not migrated: run chuhai migrate up (with the same --db) first"}
	}
	return a, fs, nil
}

func lookupError(err error, msg string) error {
	if errors.Is(err, apperr.ErrNotFound) {
		return exitError{1, msg}
	}
	return err
}

// explain turns a validation failure into the messages people read on the web, in the language of
// the terminal (LANG), Chinese unless it says English.
func explain(a *app.App, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Kind == apperr.KindInternal {
		return err
	}
	lang := cliLanguage(os.Getenv("LANG"))
	var b strings.Builder
	b.WriteString(a.Cat.T(lang, e.Key, e.Args))
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "\n  --%s: %s", flagOf(f.Name), a.Cat.T(lang, f.Key, f.Args))
	}
	return exitError{1, b.String()}
}

func cliLanguage(env string) string {
	env, _, _ = strings.Cut(env, ".")
	if l := i18n.Normalize(strings.ReplaceAll(env, "_", "-")); l != "" {
		return l
	}
	return i18n.Chinese
}

// flagOf names the flag that sets a field.
func flagOf(field string) string {
	switch field {
	case "point_id":
		return "point"
	case "enterprise_id":
		return "enterprise"
	case "provider_id":
		return "provider"
	}
	return field
}

func roleList() string {
	var names []string
	for _, r := range auth.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
