package app

import (
	"context"

	"chuhai/internal/directory"
	"chuhai/internal/knowledge"
)

// enterpriseProfiles gives "what applies to me" the profile of an enterprise, from the directory.
type enterpriseProfiles struct{ dir *directory.Store }

func (p enterpriseProfiles) Profile(ctx context.Context, id int64) (knowledge.Profile, error) {
	e, err := p.dir.EnterpriseByID(ctx, id)
	if err != nil {
		return knowledge.Profile{}, err
	}
	return knowledge.Profile{EnterpriseID: e.ID, District: e.HomeDistrict, Industry: e.Industry, Size: e.SizeClass,
		Ownership: e.Ownership, Markets: e.Markets}, nil
}
