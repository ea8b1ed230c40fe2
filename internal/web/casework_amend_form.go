package web

import "net/http"

// caseworkAmendForm changes an engagement's agreed amount.
func (s *Server) caseworkAmendForm(w http.ResponseWriter, r *http.Request) error {
	id, f, ref, err := s.engagementForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		amount, perr := formYuan(f, "amount")
		if err = perr; err == nil {
			_, err = s.Casework.Amend(r.Context(), id, version, amount, f.Get("reason"))
		}
	}
	if err != nil {
		return s.reshow(w, r, ref, "amend-"+itoa(id), err, "amount", "amount_fen=amount", "reason", "version")
	}
	afterForm(w, r, ref, "amend", "engagement-"+itoa(id))
	return nil
}
