package web

import (
	"net/http"

	"chuhai/internal/casework"
	"chuhai/internal/network"
)

type requestFormPage struct {
	Topics    []network.Topic
	Urgencies []string
	Channels  []string
	Staff     bool
	Visitor   bool
	Fail      pageFail
	Accept    string
	Received  string // a visitor's request just taken in: its reference
}

// caseworkRequestForm is the form to ask the window for help: enterprises online, visitors with
// their contact details, staff for what came in at their point.
func (s *Server) caseworkRequestForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderRequestForm(w, r, http.StatusOK, pageFail{})
}

func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, status int, fail pageFail) error {
	p := info(r).principal
	if p != nil && !p.Staff() && !p.CanActForEnterprise(p.EnterpriseID) {
		return errNotAllowed // providers ask through their own channels
	}
	_, topics, err := s.topicNames(r.Context())
	if err != nil {
		return err
	}
	pg := requestFormPage{Topics: topics, Urgencies: casework.Urgencies, Channels: casework.Channels, Staff: p.Staff(), Visitor: p == nil,
		Fail: fail, Accept: casework.AcceptedTypes, Received: r.URL.Query().Get("received")}
	s.renderStatus(w, r, status, "casework_request_form", pg, "casework.form.title")
	return nil
}
