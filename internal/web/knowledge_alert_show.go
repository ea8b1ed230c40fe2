package web

import (
	"net/http"
	"strconv"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

type alertView struct {
	knowledge.Alert
	CountryName nameView
	Body        bilingual
	CanEdit     bool
	CanPublish  bool
	Saved       bool
	Problem     string
	History     []alertHistoryRow
}

type alertHistoryRow struct {
	knowledge.AlertRevision
	When string
}

// alertShow shows an alert with its history.
func (s *Server) alertShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderAlert(w, r, id, http.StatusOK, "")
}

func (s *Server) renderAlert(w http.ResponseWriter, r *http.Request, id int64, status int, problem string) error {
	a, err := s.Knowledge.Alert(r.Context(), id, mayEditKnowledge(r))
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v := alertView{Alert: a, CountryName: ref.region(a.Country), Body: renderBoth(a.BodyZh, a.BodyEn), CanEdit: mayEditKnowledge(r),
		CanPublish: mayPublishKnowledge(r), Saved: r.URL.Query().Get("saved") == "1", Problem: problem}
	for _, h := range a.History {
		v.History = append(v.History, alertHistoryRow{AlertRevision: h, When: when(&h.At)})
	}
	s.renderStatus(w, r, status, "alert", v, "knowledge.alert.title")
	return nil
}

// alertState publishes or withdraws an alert from its page.
func (s *Server) alertState(w http.ResponseWriter, r *http.Request, publish bool) error {
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
	if publish {
		_, err = s.Knowledge.PublishAlert(r.Context(), id, version)
	} else {
		_, err = s.Knowledge.WithdrawAlert(r.Context(), id, version)
	}
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Kind == apperr.KindConflict {
			return s.renderAlert(w, r, id, http.StatusConflict, s.Cat.T(info(r).lang, "network.form.conflict", nil))
		}
		return err
	}
	http.Redirect(w, r, "/alerts/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
	return nil
}

// alertPublish publishes a draft alert.
func (s *Server) alertPublish(w http.ResponseWriter, r *http.Request) error {
	return s.alertState(w, r, true)
}

// alertWithdraw takes a published alert back to draft.
func (s *Server) alertWithdraw(w http.ResponseWriter, r *http.Request) error {
	return s.alertState(w, r, false)
}
