package web

import (
	"net/http"

	"chuhai/internal/notify"
)

var (
	notifyPreferencesDoc      = notify.Preferences{Topics: []notify.TopicChoice{{}}}
	notifyPreferencesInputDoc = notify.PreferencesInput{Topics: []notify.TopicChoice{{}}}
)

// apiPreferencesShow returns the caller's notification settings.
func (s *Server) apiPreferencesShow(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Notify.Preferences(r.Context(), info(r).principal.UserID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

// apiPreferencesSave replaces the caller's notification settings.
func (s *Server) apiPreferencesSave(w http.ResponseWriter, r *http.Request) error {
	var in notify.PreferencesInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	uid := info(r).principal.UserID
	if err := s.Notify.SetPreferences(r.Context(), uid, in); err != nil {
		return err
	}
	p, err := s.Notify.Preferences(r.Context(), uid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}
