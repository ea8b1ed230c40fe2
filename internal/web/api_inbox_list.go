package web

import (
	"net/http"
	"time"

	"chuhai/internal/apperr"
)

// InboxMessage is an inbox item as the API shows it, rendered in the caller's language.
type InboxMessage struct {
	ID        int64      `json:"id"`
	Topic     string     `json:"topic"`
	Subject   string     `json:"subject"`
	Body      string     `json:"body"`
	Link      string     `json:"link,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// apiInboxList lists the caller's inbox.
func (s *Server) apiInboxList(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	unread := false
	switch r.URL.Query().Get("unread") {
	case "", "false", "0":
	case "true", "1":
		unread = true
	default:
		return apperr.Invalid(apperr.F("unread", "error.bad_choice"))
	}
	ri := info(r)
	items, total, err := s.Notify.Inbox(r.Context(), ri.principal.UserID, unread, p.Page, p.PerPage)
	if err != nil {
		return err
	}
	out := List[InboxMessage]{Items: make([]InboxMessage, 0, len(items)), Page: p.Page, PerPage: p.PerPage, Total: total}
	for _, it := range items {
		subject, body := it.Render(s.Cat, ri.lang)
		out.Items = append(out.Items, InboxMessage{ID: it.ID, Topic: it.Topic, Subject: subject, Body: body, Link: it.Link,
			CreatedAt: it.CreatedAt, ReadAt: it.ReadAt})
	}
	return writeJSON(w, http.StatusOK, out)
}
