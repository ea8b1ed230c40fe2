package demo

import (
	"context"
	"errors"
	"fmt"

	"chuhai/internal/app"
	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// Account is a demo login. Passwords meet the platform's policy (at least 12 characters, three
// character classes, not containing the login); they are published on purpose, so a demo database
// must never hold real data.
type Account struct {
	Login, Password, Name string
	Role                  auth.Role
	Point                 string // service point code, for staff
	Enterprise            int    // index into enterpriseTrades, for enterprise users (-1 for none)
	Provider              int    // index into providers, for provider users (-1 for none)
	WhereZh, WhereEn      string
}

// Accounts lists the demo logins: at least one for every role.
var Accounts = []Account{
	{"sysadmin", "Bund-Night-Lights-26", "平台系统管理员", auth.SystemAdmin, "", -1, -1, "平台运维", "Platform operations"},
	{"coordinator", "Huangpu-River-2026", "市商务委 统筹协调员", auth.CityCoordinator, "", -1, -1, "市级统筹", "City coordination"},
	{"xh.lead", "Caoxi-North-336", "徐汇服务点 负责人", auth.PointLead, "XH", -1, -1, "徐汇区服务点", "Xuhui service point"},
	{"xh.staff", "Xuhui-Window-2026", "徐汇服务点 窗口人员", auth.PointStaff, "XH", -1, -1, "徐汇区服务点", "Xuhui service point"},
	{"odi.lead", "Jingan-Desk-7F-2025", "静安 ODI 咨询点 负责人", auth.PointLead, "JA-ODI", -1, -1, "静安 ODI 咨询点", "Jing'an ODI point"},
	{"odi.staff", "West-Beijing-Rd-1399", "静安 ODI 咨询点 咨询员", auth.PointStaff, "JA-ODI", -1, -1, "静安 ODI 咨询点", "Jing'an ODI point"},
	{"sg.staff", "Robinson-Road-80", "新加坡服务点 联络员", auth.PointStaff, "SG", -1, -1, "新加坡服务点", "Singapore service point"},
	{"ent.admin", "Robot-Arm-Caoxi-26", "智元机器人 出海负责人", auth.EnterpriseAdmin, "", 2, -1, "上海漕溪智元机器人有限公司", "Shanghai Caoxi Zhiyuan Robotics"},
	{"ent.member", "Vietnam-Plant-2026", "智元机器人 项目专员", auth.EnterpriseMember, "", 2, -1, "上海漕溪智元机器人有限公司", "Shanghai Caoxi Zhiyuan Robotics"},
	{"law.admin", "Huhan-Counsel-2026", "沪瀚律所 管理员", auth.ProviderAdmin, "", -1, 0, "上海沪瀚律师事务所", "Shanghai Huhan Law Offices"},
	{"law.member", "Cross-Border-Deal-26", "沪瀚律所 律师", auth.ProviderMember, "", -1, 0, "上海沪瀚律师事务所", "Shanghai Huhan Law Offices"},
}

// loadAccounts creates the demo accounts that do not exist yet, through the same CreateUser that
// administrators use, and gives the system administrator the second factor the platform requires of
// administrators.
func loadAccounts(ctx context.Context, a *app.App, enterpriseIDs, providerIDs []int64) error {
	for _, acc := range Accounts {
		if _, err := a.Auth.UserByLogin(ctx, acc.Login); err == nil {
			continue
		} else if !errors.Is(err, apperr.ErrNotFound) {
			return err
		}
		u := auth.NewUser{Login: acc.Login, Password: acc.Password, Name: acc.Name, Role: acc.Role}
		switch {
		case acc.Point != "":
			p, err := a.Network.PointByCode(ctx, acc.Point)
			if err != nil {
				return fmt.Errorf("demo account %s: %w", acc.Login, err)
			}
			u.PointID = p.ID
		case acc.Enterprise >= 0:
			u.EnterpriseID = enterpriseIDs[acc.Enterprise]
		case acc.Provider >= 0:
			u.ProviderID = providerIDs[acc.Provider]
		}
		id, err := a.Auth.CreateUser(ctx, u)
		if err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
		if acc.Role == auth.SystemAdmin {
			if _, err := a.Auth.EnrolTOTP(ctx, id); err != nil {
				return fmt.Errorf("demo account %s: %w", acc.Login, err)
			}
			code, _, err := a.Auth.CurrentTOTPCode(ctx, acc.Login)
			if err == nil {
				err = a.Auth.ConfirmTOTP(ctx, id, code)
			}
			if err != nil {
				return fmt.Errorf("demo account %s: second factor: %w", acc.Login, err)
			}
		}
	}
	return nil
}
