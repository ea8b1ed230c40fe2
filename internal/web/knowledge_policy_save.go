package web

import (
	"net/http"
	"strconv"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/knowledge"
)

// policySave creates a policy (POST /policies) or replaces one (POST /policies/{id}); on a failure
// the form comes back with what was typed and the errors beside their fields.
func (s *Server) policySave(w http.ResponseWriter, r *http.Request) error {
	f, err := readForm(r)
	if err != nil {
		return err
	}
	in := knowledge.PolicyInput{TitleZh: trimmed(f, "title_zh"), TitleEn: trimmed(f, "title_en"), DocNumber: trimmed(f, "doc_number"),
		IssuerKind: trimmed(f, "issuer_kind"), IssuerCode: trimmed(f, "issuer_code"), IssuerZh: trimmed(f, "issuer_zh"),
		IssuerEn: trimmed(f, "issuer_en"), Level: trimmed(f, "level"), Category: trimmed(f, "category"), IssuedOn: trimmed(f, "issued_on"),
		EffectiveOn: trimmed(f, "effective_on"), ExpiresOn: trimmed(f, "expires_on"), Topics: f["topics"],
		Applies: knowledge.Applicability{Districts: f["applies_to.districts"], Industries: strings.FieldsFunc(f.Get("applies_to.industries"),
			func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' }), Sizes: f["applies_to.sizes"],
			Ownerships: f["applies_to.ownerships"], Countries: f["applies_to.countries"], Topics: f["applies_to.topics"]},
		SummaryZh: strings.ReplaceAll(f.Get("summary_zh"), "\r\n", "\n"), SummaryEn: strings.ReplaceAll(f.Get("summary_en"), "\r\n", "\n"),
		BodyZh: strings.ReplaceAll(f.Get("body_zh"), "\r\n", "\n"), BodyEn: strings.ReplaceAll(f.Get("body_en"), "\r\n", "\n"),
		SourceURL: trimmed(f, "source_url")}
	var formErr error
	if sb := trimmed(f, "superseded_by"); sb != "" {
		n, err := strconv.ParseInt(sb, 10, 64)
		if err != nil || n < 1 {
			formErr = apperr.Invalid(apperr.F("superseded_by", "knowledge.unknown_policy"))
		}
		in.SupersededBy = n
	}
	var id int64
	version := 0
	var p knowledge.Policy
	if formErr == nil {
		if r.PathValue("id") == "" {
			p, err = s.Knowledge.CreatePolicy(r.Context(), in)
		} else if id, err = pathID(r, "id"); err == nil {
			if version, err = formVersion(f); err == nil {
				p, err = s.Knowledge.UpdatePolicy(r.Context(), id, version, in)
			}
		}
	} else {
		err = formErr
		if r.PathValue("id") != "" {
			id, _ = pathID(r, "id")
			version, _ = formVersion(f)
		}
	}
	if err != nil {
		ref, rerr := s.networkRef(r.Context())
		if rerr != nil {
			return rerr
		}
		st := s.policyFormState(r, ref, id, version, in)
		status, ferr := s.formFailure(r, err, st)
		if ferr != nil {
			return ferr
		}
		title := "knowledge.policy.new"
		if id != 0 {
			title = "knowledge.policy.edit"
		}
		s.renderStatus(w, r, status, "policy_form", st, title)
		return nil
	}
	http.Redirect(w, r, "/policies/"+strconv.FormatInt(p.ID, 10)+"?saved=1", http.StatusSeeOther)
	return nil
}
