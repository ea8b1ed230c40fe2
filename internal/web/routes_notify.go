package web

import "chuhai/internal/auth"

const notifyMaxBody = 16 << 10

// notifyRoutes are the inbox, notification settings and webhook endpoints.
func (s *Server) notifyRoutes() []Route {
	hookAdmins := Only(auth.PointLead, auth.CityCoordinator, auth.SystemAdmin)
	return []Route{
		{Method: "GET", Pattern: "/inbox", Access: SignedIn, Handle: s.inboxShow},
		{Method: "POST", Pattern: "/inbox/{id}/read", Access: SignedIn, Handle: s.inboxMarkRead, MaxBody: notifyMaxBody},
		{Method: "POST", Pattern: "/inbox/read-all", Access: SignedIn, Handle: s.inboxMarkAllRead, MaxBody: notifyMaxBody},
		{Method: "GET", Pattern: "/account/notifications", Access: SignedIn, Handle: s.notifyPreferencesShow},
		{Method: "POST", Pattern: "/account/notifications", Access: SignedIn, Handle: s.notifyPreferencesSave, MaxBody: notifyMaxBody},

		{Method: "GET", Pattern: "/api/v1/inbox", Access: SignedIn, Handle: s.apiInboxList, API: &APIDoc{
			Summary: "The caller's inbox, newest first, rendered in the caller's language", Tag: "notifications",
			Response: List[InboxMessage]{},
			Query: []Param{
				{Name: "unread", Type: "string", Description: "true: only unread messages"},
				{Name: "page", Type: "integer", Description: "page, from 1"},
				{Name: "per_page", Type: "integer", Description: "messages per page, 1 to 100 (default 20)"},
			}}},
		{Method: "POST", Pattern: "/api/v1/inbox/{id}/read", Access: SignedIn, Handle: s.apiInboxMarkRead, MaxBody: notifyMaxBody,
			API: &APIDoc{Summary: "Mark one of the caller's inbox messages read (again: no change)", Tag: "notifications", Status: 204}},
		{Method: "GET", Pattern: "/api/v1/notification-preferences", Access: SignedIn, Handle: s.apiPreferencesShow,
			API: &APIDoc{Summary: "The caller's notification settings: email address and channels per topic", Tag: "notifications", Response: notifyPreferencesDoc}},
		{Method: "PUT", Pattern: "/api/v1/notification-preferences", Access: SignedIn, Handle: s.apiPreferencesSave, MaxBody: notifyMaxBody,
			API: &APIDoc{Summary: "Set the caller's notification email and channel choices (topics not listed keep theirs)", Tag: "notifications",
				Request: notifyPreferencesInputDoc, Response: notifyPreferencesDoc}},

		{Method: "GET", Pattern: "/api/v1/webhooks", Access: hookAdmins, Handle: s.apiWebhookList,
			API: &APIDoc{Summary: "Webhook endpoints the caller manages: their own, and their point's (all points for coordinators)", Tag: "notifications", Response: List[WebhookDoc]{}}},
		{Method: "POST", Pattern: "/api/v1/webhooks", Access: hookAdmins, Handle: s.apiWebhookCreate, MaxBody: notifyMaxBody,
			API: &APIDoc{Summary: "Add a webhook endpoint (point_id for a point the caller leads; 0 for their own). The signing secret is returned this once. Deliveries are POSTs of JSON signed with X-Chuhai-Timestamp and X-Chuhai-Signature: sha256=HMAC-SHA256(secret, timestamp + \".\" + body)", Tag: "notifications",
				Request: WebhookRequestDoc{}, Response: WebhookDoc{}, Status: 201}},
		{Method: "GET", Pattern: "/api/v1/webhooks/{id}", Access: hookAdmins, Handle: s.apiWebhookGet,
			API: &APIDoc{Summary: "One webhook endpoint the caller manages", Tag: "notifications", Response: WebhookDoc{}}},
		{Method: "PUT", Pattern: "/api/v1/webhooks/{id}", Access: hookAdmins, Handle: s.apiWebhookUpdate, MaxBody: notifyMaxBody,
			API: &APIDoc{Summary: "Replace a webhook endpoint's URL, topics, description and active flag", Tag: "notifications",
				Request: WebhookRequestDoc{}, Response: WebhookDoc{}}},
		{Method: "DELETE", Pattern: "/api/v1/webhooks/{id}", Access: hookAdmins, Handle: s.apiWebhookDelete,
			API: &APIDoc{Summary: "Delete a webhook endpoint and its undelivered messages", Tag: "notifications", Status: 204}},
	}
}
