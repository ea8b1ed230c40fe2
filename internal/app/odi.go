package app

import (
	"context"

	"chuhai/internal/casework"
	"chuhai/internal/odi"
)

// odiRequests lets staff open an ODI project from a casework request: casework finds the request
// (if the caller may see it) and says which point serves it and which enterprise asked.
func odiRequests(c *casework.Store) odi.RequestLookup {
	return func(ctx context.Context, ref string) (odi.Request, error) {
		r, err := c.Get(ctx, ref)
		if err != nil {
			return odi.Request{}, err
		}
		out := odi.Request{Reference: r.Ref, PointID: r.Point.ID}
		if r.Enterprise != nil {
			out.EnterpriseID = r.Enterprise.ID
		}
		return out, nil
	}
}
