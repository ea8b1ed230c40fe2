package web

import (
	"net/http"

	"chuhai/internal/notify"
)

type preferencesPage struct {
	Prefs  notify.Preferences
	Email  string
	Saved  bool
	Errors FormErrors
}

// notifyPreferencesShow shows the notification settings form.
func (s *Server) notifyPreferencesShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Notify.Preferences(r.Context(), info(r).principal.UserID)
	if err != nil {
		return err
	}
	return s.render(w, r, "notify_preferences", "notify.prefs.title",
		preferencesPage{Prefs: p, Email: p.Email, Saved: r.URL.Query().Get("done") == "saved"})
}

// notifyPreferencesSave stores the form: one email and one webhook checkbox per topic
// (email:<topic>, webhook:<topic>); an unchecked box is "off".
func (s *Server) notifyPreferencesSave(w http.ResponseWriter, r *http.Request) error {
	uid := info(r).principal.UserID
	if err := r.ParseForm(); err != nil {
		return err
	}
	in := notify.PreferencesInput{Email: r.PostForm.Get("email")}
	for _, t := range s.Notify.Topics() {
		in.Topics = append(in.Topics, notify.TopicChoice{Topic: t.Code,
			Email: r.PostForm.Get("email:"+t.Code) == "on", Webhook: r.PostForm.Get("webhook:"+t.Code) == "on"})
	}
	if err := s.Notify.SetPreferences(r.Context(), uid, in); err != nil {
		fe, status, ok := s.formErrors(w, r, err, "email")
		if !ok {
			return err
		}
		p, perr := s.Notify.Preferences(r.Context(), uid)
		if perr != nil {
			return perr
		}
		s.renderStatus(w, r, status, "notify_preferences", preferencesPage{Prefs: p, Email: in.Email, Errors: fe}, "notify.prefs.title")
		return nil
	}
	http.Redirect(w, r, "/account/notifications?done=saved", http.StatusSeeOther)
	return nil
}
