package notify

import (
	"context"
	"errors"
	"strings"
	"testing"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

var withEmail = Config{SMTP: SMTPConfig{Host: "127.0.0.1", Port: 1, From: "noreply@chuhai.example.cn"}}

func TestSendFollowsPreferencesAndDefaults(t *testing.T) {
	each(t, withEmail, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		lead := f.user("lead@xuhui.example.cn", auth.PointLead, f.point, "zh-CN")
		// SLA and safety topics email by default; others only reach the inbox.
		for _, topic := range []string{"casework.sla_warning", "safety.sos", "casework.assigned"} {
			if err := f.send(f.notice(lead, topic)); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.channels(lead); got[ChannelInbox] != 3 || got[ChannelEmail] != 2 || got[ChannelWebhook] != 0 {
			t.Fatalf("channels = %v, want 3 inbox and 2 email", got)
		}
		if n := f.count(`SELECT COUNT(*) FROM job WHERE kind = $1 AND state = 'pending'`, DeliverKind); n != 2 {
			t.Fatalf("delivery jobs = %d, want 2", n)
		}
		// Opting out of SLA email and into assignment email changes what the next messages do.
		if err := f.s.SetPreferences(ctx, lead, PreferencesInput{Topics: []TopicChoice{
			{Topic: "casework.sla_warning", Email: false, Webhook: true},
			{Topic: "casework.assigned", Email: true, Webhook: true},
		}}); err != nil {
			t.Fatal(err)
		}
		for _, topic := range []string{"casework.sla_warning", "casework.assigned"} {
			if err := f.send(f.notice(lead, topic)); err != nil {
				t.Fatal(err)
			}
		}
		if got := f.channels(lead); got[ChannelInbox] != 5 || got[ChannelEmail] != 3 {
			t.Fatalf("after preferences channels = %v, want 5 inbox and 3 email", got)
		}
		p, err := f.s.Preferences(ctx, lead)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range p.Topics {
			want := map[string]bool{"casework.sla_warning": false, "casework.assigned": true, "casework.sla_breach": true, "safety.alert": true, "casework.referral": false}
			if w, ok := want[c.Topic]; ok && c.Email != w {
				t.Errorf("%s email = %t, want %t", c.Topic, c.Email, w)
			}
			if !c.Inbox {
				t.Errorf("%s: the inbox is not optional", c.Topic)
			}
		}
		if p.AccountEmail != "lead@xuhui.example.cn" || !p.EmailEnabled {
			t.Errorf("preferences = %+v", p)
		}
	})
}

func TestNoEmailQueuedWithoutAMailServer(t *testing.T) {
	each(t, Config{}, func(t *testing.T, f *fixture) {
		u := f.user("staff@xuhui.example.cn", auth.PointStaff, f.point, "")
		if err := f.send(f.notice(u, "casework.sla_breach")); err != nil {
			t.Fatal(err)
		}
		if got := f.channels(u); got[ChannelInbox] != 1 || got[ChannelEmail] != 0 {
			t.Fatalf("channels = %v", got)
		}
	})
}

func TestSendInRolledBackTransactionLeavesNoTrace(t *testing.T) {
	each(t, withEmail, func(t *testing.T, f *fixture) {
		u := f.user("staff@xuhui.example.cn", auth.PointStaff, f.point, "")
		boom := errors.New("the change failed")
		err := f.d.InTx(context.Background(), func(tx *db.Tx) error {
			if err := f.s.Send(context.Background(), tx, f.notice(u, "casework.sla_breach")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if n := f.count(`SELECT COUNT(*) FROM notify_outbox`) + f.count(`SELECT COUNT(*) FROM job`); n != 0 {
			t.Fatalf("%d rows left by a rolled-back send", n)
		}
	})
}

func TestSendRejectsProgrammingMistakes(t *testing.T) {
	each(t, withEmail, func(t *testing.T, f *fixture) {
		u := f.user("staff@xuhui.example.cn", auth.PointStaff, f.point, "")
		good := f.notice(u, "system.notice")
		bad := map[string]func(m *Message){
			"unknown topic":            func(m *Message) { m.Topic = "casework.nope" },
			"no subject":               func(m *Message) { m.Key = "" },
			"subject not in catalogue": func(m *Message) { m.Key = "notify.no_such_key" },
			"body not in catalogue":    func(m *Message) { m.BodyKey = "notify.no_such_body" },
			"absolute link":            func(m *Message) { m.Link = "https://evil.example.com/" },
			"protocol-relative":        func(m *Message) { m.Link = "//evil.example.com/" },
			"no user":                  func(m *Message) { m.UserID = 0 },
			"unmarshalable data":       func(m *Message) { m.Data = map[string]any{"C": make(chan int)} },
		}
		for name, mutate := range bad {
			m := good
			mutate(&m)
			if err := f.send(m); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if n := f.count(`SELECT COUNT(*) FROM notify_outbox`); n != 0 {
			t.Fatalf("%d outbox rows written by rejected messages", n)
		}
	})
}

func TestInboxPagesNewestFirstAndMarksRead(t *testing.T) {
	each(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		me := f.user("me@xuhui.example.cn", auth.PointStaff, f.point, "en")
		other := f.user("other@xuhui.example.cn", auth.PointStaff, f.point, "")
		for range 25 {
			if err := f.send(f.notice(me, "system.notice")); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.send(f.notice(other, "system.notice")); err != nil {
			t.Fatal(err)
		}
		items, total, err := f.s.Inbox(ctx, me, false, 2, 10)
		if err != nil || total != 25 || len(items) != 10 {
			t.Fatalf("page 2 = %d items of %d, %v", len(items), total, err)
		}
		if items[0].ID <= items[1].ID {
			t.Fatal("inbox is not newest first")
		}
		subject, body := items[0].Render(f.cat, "en")
		if subject != "Platform notice: 第15号" || body != "国庆假期服务安排" {
			t.Fatalf("rendered %q / %q", subject, body)
		}
		if zh, _ := items[0].Render(f.cat, "zh-CN"); zh != "平台公告：第15号" {
			t.Fatalf("rendered in Chinese %q", zh)
		}
		if err := f.s.MarkRead(ctx, me, items[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MarkRead(ctx, me, items[0].ID); err != nil {
			t.Fatalf("marking read twice: %v", err)
		}
		theirs, _, _ := f.s.Inbox(ctx, other, false, 1, 10)
		if err := f.s.MarkRead(ctx, me, theirs[0].ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("marking another user's item = %v, want not found", err)
		}
		if err := f.s.MarkRead(ctx, me, 999999); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("marking a missing item = %v", err)
		}
		if n, _ := f.s.Unread(ctx, me); n != 24 {
			t.Fatalf("unread = %d, want 24", n)
		}
		unread, total, _ := f.s.Inbox(ctx, me, true, 1, 100)
		if total != 24 || len(unread) != 24 {
			t.Fatalf("unread page = %d of %d", len(unread), total)
		}
		if n, err := f.s.MarkAllRead(ctx, me); err != nil || n != 24 {
			t.Fatalf("mark all = %d, %v", n, err)
		}
		if n, _ := f.s.Unread(ctx, other); n != 1 {
			t.Fatal("marking all read touched another user")
		}
		for _, p := range [][2]int{{0, 10}, {1, 0}, {1, MaxPerPage + 1}} {
			if _, _, err := f.s.Inbox(ctx, me, false, p[0], p[1]); err == nil {
				t.Errorf("page %v accepted", p)
			}
		}
	})
}

func TestPreferencesRejectBadInputAndWriteNothing(t *testing.T) {
	each(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u := f.user("u1", auth.PointStaff, f.point, "")
		cases := map[string]PreferencesInput{
			"bad email":       {Email: "not an address"},
			"display name":    {Email: "Zhang <z@example.cn>"},
			"long email":      {Email: strings.Repeat("a", 250) + "@example.cn"},
			"unknown topic":   {Topics: []TopicChoice{{Topic: "casework.nope", Email: true}}},
			"duplicate topic": {Topics: []TopicChoice{{Topic: "safety.sos"}, {Topic: "safety.sos", Email: true}}},
		}
		for name, in := range cases {
			err := f.s.SetPreferences(ctx, u, in)
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		if n := f.count(`SELECT COUNT(*) FROM notify_preference`) + f.count(`SELECT COUNT(*) FROM notify_contact`); n != 0 {
			t.Fatalf("%d rows written", n)
		}
		if err := f.s.SetPreferences(ctx, u, PreferencesInput{Email: " zhang@example.cn "}); err != nil {
			t.Fatal(err)
		}
		p, _ := f.s.Preferences(ctx, u)
		if p.Email != "zhang@example.cn" || p.AccountEmail != "" {
			t.Fatalf("preferences = %+v", p)
		}
		if n := f.count(`SELECT COUNT(*) FROM audit_entry WHERE action = 'notify.preferences.set'`); n != 1 {
			t.Fatalf("audit entries = %d", n)
		}
	})
}
