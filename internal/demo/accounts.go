package demo

import (
	"context"
	"io"

	"chuhai/internal/app"
)

// Account is a demo login. Passwords meet the platform's policy (at least 12 characters, three
// character classes, not containing the login); they are published on purpose, so the demo must
// never hold real data.
type Account struct {
	Login, Password, Name, Role string
	Point                       string // service point code, for staff
	Enterprise                  int    // index into enterpriseTrades, for enterprise users (-1 for none)
	Provider                    int    // index into providers, for provider users (-1 for none)
	WhereZh, WhereEn            string
}

// Accounts lists the demo logins, one or more for every role.
var Accounts = []Account{
	{"sysadmin", "Bund-Night-Lights-26", "平台系统管理员", "system_admin", "", -1, -1, "平台运维", "Platform operations"},
	{"coordinator", "Huangpu-River-2026", "市商务委 统筹协调员", "city_coordinator", "", -1, -1, "市级统筹", "City coordination"},
	{"xh.lead", "Caoxi-North-336", "徐汇服务点 负责人", "point_lead", "XH", -1, -1, "徐汇区服务点", "Xuhui service point"},
	{"xh.staff", "Xuhui-Window-2026", "徐汇服务点 窗口人员", "point_staff", "XH", -1, -1, "徐汇区服务点", "Xuhui service point"},
	{"odi.lead", "Jingan-Desk-7F-2025", "静安 ODI 咨询点 负责人", "point_lead", "JA-ODI", -1, -1, "静安 ODI 咨询点", "Jing'an ODI point"},
	{"odi.staff", "West-Beijing-Rd-1399", "静安 ODI 咨询点 咨询员", "point_staff", "JA-ODI", -1, -1, "静安 ODI 咨询点", "Jing'an ODI point"},
	{"sg.staff", "Robinson-Road-80", "新加坡服务点 联络员", "point_staff", "SG", -1, -1, "新加坡服务点", "Singapore service point"},
	{"ent.admin", "Robot-Arm-Caoxi-26", "智元机器人 出海负责人", "enterprise_admin", "", 2, -1, "上海漕溪智元机器人有限公司", "Shanghai Caoxi Zhiyuan Robotics"},
	{"ent.member", "Vietnam-Plant-2026", "智元机器人 项目专员", "enterprise_member", "", 2, -1, "上海漕溪智元机器人有限公司", "Shanghai Caoxi Zhiyuan Robotics"},
	{"law.admin", "Huhan-Counsel-2026", "沪瀚律所 管理员", "provider_admin", "", -1, 0, "上海沪瀚律师事务所", "Shanghai Huhan Law Offices"},
	{"law.member", "Cross-Border-Deal-26", "沪瀚律所 律师", "provider_member", "", -1, 0, "上海沪瀚律师事务所", "Shanghai Huhan Law Offices"},
}

// loadAccounts is completed when auth.Service.CreateUser lands.
func loadAccounts(ctx context.Context, a *app.App, enterpriseIDs, providerIDs []int64) error { return nil }

// PrintSecondFactor tells how the demo's staff sign in with their second factor.
func PrintSecondFactor(ctx context.Context, a *app.App, w io.Writer) error { return nil }
