package web

import (
	"net/http"
	"time"

	"chuhai/internal/notify"
)

type inboxRow struct {
	ID            int64
	Subject, Body string
	Link          string
	At            string
	Read          bool
}

type inboxPage struct {
	Unread     bool
	Rows       []inboxRow
	Total      int
	UnreadN    int
	Page       int
	Pages      int
	Prev, Next string
}

// inboxShow lists the signed-in user's notifications, newest first.
func (s *Server) inboxShow(w http.ResponseWriter, r *http.Request) error {
	p, err := paging(r)
	if err != nil {
		return err
	}
	ri := info(r)
	unread := r.URL.Query().Get("unread") == "1"
	items, total, err := s.Notify.Inbox(r.Context(), ri.principal.UserID, unread, p.Page, p.PerPage)
	if err != nil {
		return err
	}
	n, err := s.Notify.Unread(r.Context(), ri.principal.UserID)
	if err != nil {
		return err
	}
	d := inboxPage{Unread: unread, Total: total, UnreadN: n, Page: p.Page, Pages: max(1, (total+p.PerPage-1)/p.PerPage)}
	for _, it := range items {
		d.Rows = append(d.Rows, renderInbox(s, ri.lang, it))
	}
	link := func(page int) string {
		u := "/inbox?page=" + itoa(int64(page))
		if unread {
			u += "&unread=1"
		}
		return u
	}
	if p.Page > 1 {
		d.Prev = link(p.Page - 1)
	}
	if p.Page < d.Pages {
		d.Next = link(p.Page + 1)
	}
	return s.render(w, r, "inbox", "notify.inbox.title", d)
}

func renderInbox(s *Server, lang string, it notify.InboxItem) inboxRow {
	subject, body := it.Render(s.Cat, lang)
	at := it.CreatedAt.In(shanghai).Format(time.DateTime)
	return inboxRow{ID: it.ID, Subject: subject, Body: body, Link: it.Link, At: at, Read: it.ReadAt != nil}
}
