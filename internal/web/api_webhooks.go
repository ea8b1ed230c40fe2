package web

import (
	"net/http"

	"chuhai/internal/notify"
)

// WebhookDoc and WebhookRequestDoc name the webhook types in the API description.
type (
	WebhookDoc        = notify.Webhook
	WebhookRequestDoc = notify.WebhookInput
)

// apiWebhookList lists the endpoints the caller manages (a handful per owner, so one page).
func (s *Server) apiWebhookList(w http.ResponseWriter, r *http.Request) error {
	hooks, err := s.Notify.Webhooks(r.Context(), info(r).principal)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, List[notify.Webhook]{Items: hooks, Page: 1, PerPage: len(hooks), Total: len(hooks)})
}

// apiWebhookCreate adds an endpoint and shows its secret once.
func (s *Server) apiWebhookCreate(w http.ResponseWriter, r *http.Request) error {
	var in notify.WebhookInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	hook, err := s.Notify.CreateWebhook(r.Context(), info(r).principal, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, hook)
}

// apiWebhookGet shows one endpoint.
func (s *Server) apiWebhookGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	hook, err := s.Notify.Webhook(r.Context(), info(r).principal, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hook)
}

// apiWebhookUpdate replaces an endpoint's settings.
func (s *Server) apiWebhookUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in notify.WebhookInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	hook, err := s.Notify.UpdateWebhook(r.Context(), info(r).principal, id, in)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, hook)
}

// apiWebhookDelete removes an endpoint.
func (s *Server) apiWebhookDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.Notify.DeleteWebhook(r.Context(), info(r).principal, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
