package web

import (
	"net/http"

	"chuhai/internal/knowledge"
)

type policyView struct {
	knowledge.Policy
	Summary     bilingual
	Body        bilingual
	Topics      []nameView
	Applies     []appliesRow
	CanEdit     bool
	CanPublish  bool
	Published   string
	Saved       bool
	Problem     string
	Attachments []attachmentRow
}

// appliesRow is one applicability dimension with its values named.
type appliesRow struct {
	Dimension string     // catalogue id
	Values    []nameView // named values
	Keys      []string   // or catalogue ids of the values
}

type attachmentRow struct {
	knowledge.Attachment
	SizeText string
}

// policyShow shows a policy: its status, text, applicability, supersession and attachments.
func (s *Server) policyShow(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderPolicy(w, r, id, http.StatusOK, "")
}

func (s *Server) renderPolicy(w http.ResponseWriter, r *http.Request, id int64, status int, problem string) error {
	p, err := s.Knowledge.Policy(r.Context(), id, mayEditKnowledge(r))
	if err != nil {
		return err
	}
	ref, err := s.networkRef(r.Context())
	if err != nil {
		return err
	}
	v := policyView{Policy: p, Summary: renderBoth(p.SummaryZh, p.SummaryEn), Body: renderBoth(p.BodyZh, p.BodyEn),
		Topics: ref.topicNames(p.Topics), CanEdit: mayEditKnowledge(r), CanPublish: mayPublishKnowledge(r), Published: when(p.PublishedAt),
		Saved: r.URL.Query().Get("saved") == "1", Problem: problem}
	v.Applies = appliesRows(ref, p.Applies)
	for _, a := range p.Attachments {
		v.Attachments = append(v.Attachments, attachmentRow{Attachment: a, SizeText: byteSize(a.Size)})
	}
	s.renderStatus(w, r, status, "policy", v, "knowledge.policy.title")
	return nil
}

// appliesRows names the values of every dimension a policy restricts.
func appliesRows(ref *networkRef, a knowledge.Applicability) []appliesRow {
	var out []appliesRow
	if len(a.Districts) > 0 {
		out = append(out, appliesRow{Dimension: "knowledge.dim.district", Values: ref.regionNames(a.Districts)})
	}
	if len(a.Industries) > 0 {
		var vs []nameView
		for _, i := range a.Industries {
			vs = append(vs, nameView{Code: i, Zh: i, En: i})
		}
		out = append(out, appliesRow{Dimension: "knowledge.dim.industry", Values: vs})
	}
	keys := func(prefix string, codes []string) []string {
		var ks []string
		for _, c := range codes {
			ks = append(ks, prefix+c)
		}
		return ks
	}
	if len(a.Sizes) > 0 {
		out = append(out, appliesRow{Dimension: "knowledge.dim.size", Keys: keys("knowledge.size.", a.Sizes)})
	}
	if len(a.Ownerships) > 0 {
		out = append(out, appliesRow{Dimension: "knowledge.dim.ownership", Keys: keys("knowledge.ownership.", a.Ownerships)})
	}
	if len(a.Countries) > 0 {
		out = append(out, appliesRow{Dimension: "knowledge.dim.country", Values: ref.regionNames(a.Countries)})
	}
	if len(a.Topics) > 0 {
		out = append(out, appliesRow{Dimension: "knowledge.dim.topic", Values: ref.topicNames(a.Topics)})
	}
	return out
}
