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

// Facts are read as the platform, not as the caller: subsidy decides who may see what, and a
// provider recording an invoice must still have its client's eligibility worked out.
func asPlatform(ctx context.Context) context.Context { return auth.WithPrincipal(ctx, nil) }

func (f subsidyFacts) Enterprise(ctx context.Context, id int64) (subsidy.EnterpriseFacts, error) {
	e, err := f.dir.EnterpriseByID(asPlatform(ctx), id)
	if err != nil {
		return subsidy.EnterpriseFacts{}, err
	}
	areas, err := f.areas(ctx, e.AddressZh)
	if err != nil {
		return subsidy.EnterpriseFacts{}, err
	}
	return subsidy.EnterpriseFacts{ID: e.ID, NameZh: e.NameZh, NameEn: e.NameEn, HomeDistrict: e.HomeDistrict, Areas: areas,
		Industry: e.Industry, SizeClass: e.SizeClass}, nil
}

// areas lists the special areas (Lingang, the Hongqiao CBD) a registered address names. The
// directory keeps one home district per enterprise; whether it is registered in a special area
// within that district is read from the address, as a clerk reads it from the business licence:
// the area's full name, or the name without its pilot-free-trade-zone prefix (临港新片区).
func (f subsidyFacts) areas(ctx context.Context, address string) ([]string, error) {
	if address == "" {
		return nil, nil
	}
	rs, err := f.net.ListRegions(ctx, network.RegionFilter{Kind: "area"})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rs {
		short := strings.TrimPrefix(r.NameZh, "中国（上海）自由贸易试验区")
		if strings.Contains(address, r.NameZh) || short != "" && strings.Contains(address, short) {
			out = append(out, r.Code)
		}
	}
	return out, nil
}

func (f subsidyFacts) Provider(ctx context.Context, id int64) (subsidy.ProviderFacts, error) {
	p, err := f.dir.ProviderByID(asPlatform(ctx), id)
	if err != nil {
		return subsidy.ProviderFacts{}, err
	}
	out := subsidy.ProviderFacts{ID: p.ID, NameZh: p.NameZh, NameEn: p.NameEn, Categories: p.Categories}
	for _, o := range p.Offices {
		out.Offices = append(out.Offices, o.Region)
	}
	for _, m := range p.Alliances {
		if m.Status == "active" {
			out.Alliances = append(out.Alliances, m.Alliance)
		}
	}
	return out, nil
}

func (f subsidyFacts) Names(ctx context.Context) (subsidy.Names, error) {
	n := subsidy.Names{Regions: map[string]subsidy.Name{}, Alliances: map[string]subsidy.Name{}, Categories: map[string]subsidy.Name{}}
	for _, c := range directory.Ref().Categories.Choices {
		n.Categories[c.Code] = subsidy.Name{Zh: c.NameZh, En: c.NameEn}
	}
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

// recipientsKey carries an enterprise's recipients, looked up before subsidy's transaction locked
// anything (see subsidy.RecipientPreloader).
type recipientsKey struct{ enterprise int64 }

// PreloadRecipients looks up the enterprise's active users from the pool, before the transaction
// that will notify them takes its locks.
func (n enterpriseNotifier) PreloadRecipients(ctx context.Context, enterpriseID int64) (context.Context, error) {
	ids, err := n.recipients(ctx, enterpriseID)
	if err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, recipientsKey{enterpriseID}, ids), nil
}

func (n enterpriseNotifier) recipients(ctx context.Context, enterpriseID int64) ([]int64, error) {
	if ids, ok := ctx.Value(recipientsKey{enterpriseID}).([]int64); ok {
		return ids, nil
	}
	// Accounts can be listed by role but not by enterprise, so page through the enterprise roles.
	var ids []int64
	for _, role := range []auth.Role{auth.EnterpriseAdmin, auth.EnterpriseMember} {
		for offset := 0; ; offset += 100 {
			us, total, err := n.auth.ListUsers(ctx, auth.UserFilter{Role: role, Status: "active"}, auth.Page{Limit: 100, Offset: offset})
			if err != nil {
				return nil, err
			}
			for _, u := range us {
				if u.EnterpriseID == enterpriseID {
					ids = append(ids, u.ID)
				}
			}
			if offset+100 >= total {
				break
			}
		}
	}
	return ids, nil
}

func (n enterpriseNotifier) NotifyEnterprise(ctx context.Context, tx *db.Tx, enterpriseID int64, subjectKey, bodyKey string, data map[string]any, link string) error {
	ids, err := n.recipients(ctx, enterpriseID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := n.notify.Send(ctx, tx, notify.Message{UserID: id, Topic: subsidyTopic, Key: subjectKey, BodyKey: bodyKey,
			Data: data, Link: link}); err != nil {
			return err
		}
	}
	return nil
}
