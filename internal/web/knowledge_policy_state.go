package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// policyState publishes or withdraws a policy from its page; a refusal shows the page with the reason.
func (s *Server) policyState(w http.ResponseWriter, r *http.Request, change func(id int64, version int) (knowledge.Policy, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := readForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err != nil {
		return err
	}
	if _, err := change(id, version); err != nil {
		e, ok := apperr.As(err)
		if !ok || e.Kind != apperr.KindConflict {
			return err
		}
		return s.renderPolicy(w, r, id, http.StatusConflict, s.Cat.T(info(r).lang, "network.form.conflict", nil))
	}
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
	return nil
}

// policyPublish publishes a draft policy.
func (s *Server) policyPublish(w http.ResponseWriter, r *http.Request) error {
	return s.policyState(w, r, func(id int64, version int) (knowledge.Policy, error) {
		return s.Knowledge.PublishPolicy(r.Context(), id, version)
	})
}

// policyWithdraw takes a published policy back to draft.
func (s *Server) policyWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.policyState(w, r, func(id int64, version int) (knowledge.Policy, error) {
		return s.Knowledge.WithdrawPolicy(r.Context(), id, version)
	})
}
