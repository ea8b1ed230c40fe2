package web

import (
	"context"
	"net/http"

	"chuhai/internal/auth"
	"chuhai/internal/casework"
)

// RequestView is a request with everything its page shows.
type RequestView struct {
	casework.Request
	Timeline    []casework.Event      `json:"timeline"`
	Servings    []casework.Serving    `json:"servings"`
	Attachments []casework.Attachment `json:"attachments"`
	Referrals   []casework.Referral   `json:"referrals"`
	Invitations []casework.Invitation `json:"invitations"`
	Engagements []casework.Engagement `json:"engagements"`
}

// apiRequestShow returns one request with its timeline and the rest.
func (s *Server) apiRequestShow(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requestView(r.Context(), r.PathValue("ref"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, v)
}

// requestView gathers a request and what belongs to it, as far as the caller may see.
func (s *Server) requestView(ctx context.Context, ref string) (RequestView, error) {
	var v RequestView
	var err error
	if v.Request, err = s.Casework.Get(ctx, ref); err != nil {
		return v, err
	}
	ref = v.Ref
	if v.Timeline, err = s.Casework.Timeline(ctx, ref); err != nil {
		return v, err
	}
	if v.Servings, err = s.Casework.Servings(ctx, ref); err != nil {
		return v, err
	}
	if v.Attachments, err = s.Casework.Attachments(ctx, ref); err != nil {
		return v, err
	}
	if v.Referrals, err = s.Casework.Referrals(ctx, ref); err != nil {
		return v, err
	}
	if p := auth.From(ctx); p.Staff() {
		if v.Invitations, err = s.Casework.Invitations(ctx, ref); err != nil {
			return v, err
		}
	} else {
		v.Invitations = []casework.Invitation{}
	}
	v.Engagements, _, err = s.Casework.Engagements(ctx, casework.EngagementFilter{Ref: ref, Limit: 100})
	return v, err
}
