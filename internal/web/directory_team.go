package web

import (
	"context"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
)

// team is an enterprise's or a provider's accounts, as its administrator manages them.
type team struct {
	member, admin auth.Role
	enterpriseID  int64
	providerID    int64
}

// teamOf is the team an administrator manages.
func teamOf(p *auth.Principal) team {
	if p.Role == auth.ProviderAdmin {
		return team{member: auth.ProviderMember, admin: auth.ProviderAdmin, providerID: p.ProviderID}
	}
	return team{member: auth.EnterpriseMember, admin: auth.EnterpriseAdmin, enterpriseID: p.EnterpriseID}
}

func (t team) has(u auth.User) bool {
	return (u.Role == t.member || u.Role == t.admin) && u.EnterpriseID == t.enterpriseID && u.ProviderID == t.providerID
}

// teamUsers lists the team's accounts: its administrators, then its members.
func (s *Server) teamUsers(ctx context.Context, t team) ([]auth.User, error) {
	var out []auth.User
	for _, role := range []auth.Role{t.admin, t.member} {
		f := auth.UserFilter{Role: role, EnterpriseID: t.enterpriseID, ProviderID: t.providerID}
		for off := 0; ; off += 100 {
			us, total, err := s.Auth.ListUsers(ctx, f, auth.Page{Limit: 100, Offset: off})
			if err != nil {
				return nil, err
			}
			out = append(out, us...)
			if off+len(us) >= total || len(us) == 0 {
				break
			}
		}
	}
	return out, nil
}

// member returns a user of the team, or not found for anyone else's account.
func (s *Server) teamMember(ctx context.Context, t team, id int64) (auth.User, error) {
	u, err := s.Auth.UserByID(ctx, id)
	if err != nil {
		return u, err
	}
	if !t.has(u) {
		return auth.User{}, apperr.NotFound("team member")
	}
	return u, nil
}
