package app

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/directory"
	"chuhai/internal/network"
	"chuhai/internal/notify"
	"chuhai/internal/subsidy"
)

// subsidyFacts answers the subsidy rules' questions about enterprises, providers and codes from the
// directory and the network, so that subsidy never reads their tables.
type subsidyFacts struct {
	dir *directory.Store
	net *network.Store
}

// enterpriseLookup is the directory's lookup by id.
type enterpriseLookup interface {
	EnterpriseByID(ctx context.Context, id int64) (directory.Enterprise, error)
}

func (f subsidyFacts) Enterprise(ctx context.Context, id int64) (subsidy.EnterpriseFacts, error) {
	dir, ok := any(f.dir).(enterpriseLookup)
	if !ok {
		return subsidy.EnterpriseFacts{}, errors.New("the directory cannot look enterprises up by id")
	}
	e, err := dir.EnterpriseByID(ctx, id)
	if err != nil {
		return subsidy.EnterpriseFacts{}, err
	}
	return subsidy.EnterpriseFacts{ID: e.ID, NameZh: e.NameZh, NameEn: e.NameEn, HomeDistrict: e.HomeDistrict}, nil
}

func (f subsidyFacts) Provider(ctx context.Context, id int64) (subsidy.ProviderFacts, error) {
	p, err := f.dir.ProviderByID(ctx, id)
	if err != nil {
		return subsidy.ProviderFacts{}, err
	}
	out := subsidy.ProviderFacts{ID: p.ID, NameZh: p.NameZh, NameEn: p.NameEn}
	as, _, err := f.net.ListAlliances(ctx, network.AllianceFilter{Limit: 1000})
	if err != nil {
		return out, err
	}
	for _, a := range as {
		for offset := 0; ; offset += 100 {
			ms, total, err := f.net.ListMembers(ctx, a.Code, network.MemberFilter{Status: "active", Limit: 100, Offset: offset})
			if err != nil {
				return out, err
			}
			for _, m := range ms {
				if m.ProviderID == id {
					out.Alliances = append(out.Alliances, a.Code)
				}
			}
			if offset+100 >= total {
				break
			}
		}
	}
	return out, nil
}

// categoryNames are the provider categories of DOMAIN.md §7 with their stable codes.
var categoryNames = map[string]subsidy.Name{
	"legal": {Zh: "法律", En: "Legal"}, "accounting": {Zh: "财税与会计", En: "Accounting and tax"},
	"consulting": {Zh: "管理咨询", En: "Management consulting"}, "finance": {Zh: "金融与保险", En: "Finance and insurance"},
	"ip": {Zh: "知识产权", En: "Intellectual property"}, "certification": {Zh: "检验检测认证", En: "Testing, certification and standards"},
	"hr": {Zh: "人力资源", En: "Human resources"}, "it": {Zh: "信息技术与数据合规", En: "IT and data compliance"},
	"logistics": {Zh: "物流", En: "Logistics"}, "translation": {Zh: "翻译", En: "Translation"},
	"security": {Zh: "安保", En: "Security"}, "marketing": {Zh: "市场营销", En: "Marketing"},
}

func (f subsidyFacts) Names(ctx context.Context) (subsidy.Names, error) {
	n := subsidy.Names{Regions: map[string]subsidy.Name{}, Alliances: map[string]subsidy.Name{}, Categories: categoryNames}
	rs, err := f.net.ListRegions(ctx, network.RegionFilter{})
	if err != nil {
		return n, err
	}
	for _, r := range rs {
		n.Regions[r.Code] = subsidy.Name{Zh: r.NameZh, En: strings.TrimSuffix(r.NameEn, " District")}
	}
	as, _, err := f.net.ListAlliances(ctx, network.AllianceFilter{IncludeInactive: true, Limit: 1000})
	if err != nil {
		return n, err
	}
	for _, a := range as {
		n.Alliances[a.Code] = subsidy.Name{Zh: a.NameZh, En: a.NameEn}
	}
	return n, nil
}

// subsidyPoints tells subsidy which region a service point serves.
type subsidyPoints struct{ net *network.Store }

func (p subsidyPoints) PointRegion(ctx context.Context, id int64) (string, error) {
	pt, err := p.net.PointByID(ctx, id)
	if errors.Is(err, apperr.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("point %d: %w", id, err)
	}
	return pt.RegionCode, nil
}

// subsidyTopic is the notification topic of offers, decisions and vouchers.
const subsidyTopic = "subsidy"

// enterpriseNotifier tells every active user of an enterprise, through notify's outbox in the
// caller's transaction.
type enterpriseNotifier struct {
	auth   *auth.Service
	notify *notify.Service
}

func (n enterpriseNotifier) NotifyEnterprise(ctx context.Context, tx *db.Tx, enterpriseID int64, subjectKey, bodyKey string, data map[string]any, link string) error {
	// Accounts can be listed by role but not by enterprise, so page through the enterprise roles.
	for _, role := range []auth.Role{auth.EnterpriseAdmin, auth.EnterpriseMember} {
		for offset := 0; ; offset += 100 {
			us, total, err := n.auth.ListUsers(ctx, auth.UserFilter{Role: role, Status: "active"}, auth.Page{Limit: 100, Offset: offset})
			if err != nil {
				return err
			}
			for _, u := range us {
				if u.EnterpriseID != enterpriseID {
					continue
				}
				if err := n.notify.Send(ctx, tx, notify.Message{UserID: u.ID, Topic: subsidyTopic, Key: subjectKey, BodyKey: bodyKey,
					Data: data, Link: link}); err != nil {
					return err
				}
			}
			if offset+100 >= total {
				break
			}
		}
	}
	return nil
}
