package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"chuhai/internal/apperr"
	"chuhai/internal/casework"
)

// caseworkRequestSubmit takes the request form in (a multipart form: it may carry files).
func (s *Server) caseworkRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	p := info(r).principal
	ups, err := readUploads(r, "files")
	in := casework.NewRequest{}
	if err == nil {
		f := r.PostForm
		in = casework.NewRequest{Channel: trimmed(f, "channel"), Topic: trimmed(f, "topic"), Title: f.Get("title"), Description: f.Get("description"),
			Urgency: trimmed(f, "urgency"), NeededBy: trimmed(f, "needed_by"), Abroad: f.Get("abroad") == "1", Attachments: ups,
			Countries: strings.FieldsFunc(f.Get("countries"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '、' })}
		if name, phone, email := f.Get("contact_name"), f.Get("contact_phone"), f.Get("contact_email"); p == nil || name+phone+email != "" {
			in.Contact = &casework.Contact{Name: name, Phone: phone, Email: email, Organisation: f.Get("contact_org")}
		}
		if uscc := trimmed(f, "enterprise"); uscc != "" && p.Staff() {
			e, lerr := s.Directory.EnterpriseByUSCC(r.Context(), uscc)
			switch {
			case errors.Is(lerr, apperr.ErrNotFound):
				err = apperr.Invalid(apperr.F("enterprise", "casework.enterprise.unknown"))
			case lerr != nil:
				return lerr
			default:
				in.EnterpriseID = e.ID
			}
		}
	}
	var req casework.Request
	if err == nil {
		req, err = s.Casework.CreateRequest(r.Context(), in)
	}
	if err != nil {
		inputs := []string{"channel", "topic", "title", "description", "urgency", "needed_by", "countries", "abroad", "files",
			"attachments=files", "enterprise", "enterprise_id=enterprise", "contact.name=contact_name", "contact.phone=contact_phone",
			"contact.email=contact_email", "contact.organisation=contact_org"}
		for i := range casework.MaxAttachments {
			inputs = append(inputs, "attachments["+itoa(int64(i))+"]=files")
		}
		fail, status, ok := s.pageFailure(w, r, "request", err, inputs...)
		if !ok {
			return err
		}
		return s.renderRequestForm(w, r, status, fail)
	}
	switch {
	case p == nil:
		// A visitor has no page to follow the request on: the reference is shown to keep.
		http.Redirect(w, r, "/requests/new?received="+url.QueryEscape(req.Ref), http.StatusSeeOther)
	case p.Staff():
		http.Redirect(w, r, "/console/casework/requests/"+url.PathEscape(req.Ref)+"?done=created", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/requests/"+url.PathEscape(req.Ref)+"?done=created", http.StatusSeeOther)
	}
	return nil
}
