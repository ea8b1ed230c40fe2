package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
	"chuhai/internal/jobs"
)

func TestVerifyAcceptsFreshSignaturesAndRejectsReplays(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"id":1,"topic":"casework.sla_breach"}`)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := Sign("whsec_s3cret", now.Unix(), body)
	cases := []struct {
		name            string
		secret, ts, sig string
		body            []byte
		at              time.Time
		want            error
	}{
		{"fresh", "whsec_s3cret", ts, sig, body, now, nil},
		{"4 minutes old", "whsec_s3cret", ts, sig, body, now.Add(4 * time.Minute), nil},
		{"replayed after 6 minutes", "whsec_s3cret", ts, sig, body, now.Add(6 * time.Minute), ErrStale},
		{"from 6 minutes in the future", "whsec_s3cret", ts, sig, body, now.Add(-6 * time.Minute), ErrStale},
		{"tampered body", "whsec_s3cret", ts, sig, []byte(`{"id":2,"topic":"casework.sla_breach"}`), now, ErrBadSignature},
		{"wrong secret", "whsec_other", ts, sig, body, now, ErrBadSignature},
		{"timestamp swapped for a fresh one", "whsec_s3cret", strconv.FormatInt(now.Unix()+60, 10), sig, body, now, ErrBadSignature},
		{"no scheme", "whsec_s3cret", ts, sig[len("sha256="):], body, now, ErrBadSignature},
		{"not hex", "whsec_s3cret", ts, "sha256=zz", body, now, ErrBadSignature},
		{"malformed timestamp", "whsec_s3cret", "12ab", sig, body, now, ErrBadTimestamp},
		{"padded timestamp", "whsec_s3cret", " " + ts, sig, body, now, ErrBadTimestamp},
		{"empty timestamp", "whsec_s3cret", "", sig, body, now, ErrBadTimestamp},
	}
	for _, c := range cases {
		if err := Verify(c.secret, c.ts, c.body, c.sig, c.at, 0); !errors.Is(err, c.want) {
			t.Errorf("%s: Verify = %v, want %v", c.name, err, c.want)
		}
	}
	if err := Verify("whsec_s3cret", ts, body, sig, now.Add(10*time.Minute), 15*time.Minute); err != nil {
		t.Errorf("a wider tolerance: %v", err)
	}
}

// receiver is a webhook endpoint that checks signatures as a real receiver would.
type receiver struct {
	mu       sync.Mutex
	secret   string
	fail     int // answer 503 to this many requests first
	status   int // then answer this (200 when 0)
	bodies   []WebhookPayload
	delivery []string
	bad      []error
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	body, _ := io.ReadAll(req.Body)
	if err := Verify(r.secret, req.Header.Get(HeaderTimestamp), body, req.Header.Get(HeaderSignature), time.Now(), 0); err != nil {
		r.bad = append(r.bad, err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	r.delivery = append(r.delivery, req.Header.Get(HeaderDelivery))
	if r.fail > 0 {
		r.fail--
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	var p WebhookPayload
	if err := json.Unmarshal(body, &p); err != nil {
		r.bad = append(r.bad, err)
	}
	r.bodies = append(r.bodies, p)
	if r.status != 0 {
		w.WriteHeader(r.status)
	}
}

func TestWebhooksAreSignedRetriedAndDeliveredOnce(t *testing.T) {
	each(t, Config{AllowHTTPWebhooks: true, BaseURL: "https://chuhai.example.cn/"}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		lead := f.user("lead@xuhui.example.cn", auth.PointLead, f.point, "en")
		rcv := &receiver{fail: 2}
		srv := httptest.NewServer(rcv)
		defer srv.Close()
		mine, err := f.s.CreateWebhook(ctx, f.principal(lead), WebhookInput{URL: srv.URL + "/mine", Topics: []string{"casework.sla_breach"}})
		if err != nil {
			t.Fatal(err)
		}
		point, err := f.s.CreateWebhook(ctx, f.principal(lead), WebhookInput{PointID: f.point, URL: srv.URL + "/point"})
		if err != nil {
			t.Fatal(err)
		}
		if mine.Secret == "" || mine.Secret == point.Secret {
			t.Fatal("each webhook needs its own secret")
		}
		rcv.secret = mine.Secret
		// Only the subscribed topic goes to the personal webhook.
		if err := f.send(f.notice(lead, "casework.sla_breach")); err != nil {
			t.Fatal(err)
		}
		if err := f.send(f.notice(lead, "casework.assigned")); err != nil {
			t.Fatal(err)
		}
		if got := f.channels(lead); got[ChannelWebhook] != 1 {
			t.Fatalf("channels = %v, want one webhook row", got)
		}
		f.runner(jobs.Options{})
		waitFor(t, "the webhook delivery", 10*time.Second, func() bool {
			return f.count(`SELECT COUNT(*) FROM notify_outbox WHERE channel = 'webhook' AND status = 'sent'`) == 1
		})
		rcv.mu.Lock()
		if len(rcv.bad) != 0 || len(rcv.bodies) != 1 || len(rcv.delivery) != 3 {
			t.Fatalf("bad=%v bodies=%d deliveries=%v", rcv.bad, len(rcv.bodies), rcv.delivery)
		}
		if rcv.delivery[0] != rcv.delivery[2] {
			t.Fatalf("a retry must carry the same delivery id: %v", rcv.delivery)
		}
		p := rcv.bodies[0]
		if p.Topic != "casework.sla_breach" || p.Link != "https://chuhai.example.cn/requests/XH-2026-000001" ||
			p.Text["zh-CN"].Subject != "平台公告：第1号" || p.Text["en"].Subject != "Platform notice: 第1号" || p.Data["Title"] != "第1号" {
			t.Fatalf("payload = %+v", p)
		}
		rcv.mu.Unlock()
		if n := f.count(`SELECT attempts FROM notify_outbox WHERE channel = 'webhook'`); n != 3 {
			t.Fatalf("attempts = %d, want 3", n)
		}
		// A point's event goes to the point's webhook, signed with its own secret.
		rcv.mu.Lock()
		rcv.secret, rcv.bodies = point.Secret, nil
		rcv.mu.Unlock()
		if err := f.d.InTx(ctx, func(tx *db.Tx) error {
			return f.s.Publish(ctx, tx, Event{PointID: f.point, Topic: "casework.request_new", Key: "notify.system.notice_subject",
				Data: map[string]any{"Title": "新请求"}, Link: "/requests/XH-2026-000002"})
		}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the point's webhook", 10*time.Second, func() bool {
			return f.count(`SELECT COUNT(*) FROM notify_outbox WHERE channel = 'webhook' AND status = 'sent'`) == 2
		})
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if len(rcv.bodies) != 1 || rcv.bodies[0].PointID != f.point || len(rcv.bad) != 0 {
			t.Fatalf("point delivery: %+v, bad %v", rcv.bodies, rcv.bad)
		}
	})
}

func TestWebhookGoneIsFailedWithoutRetrying(t *testing.T) {
	each(t, Config{AllowHTTPWebhooks: true}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		u := f.user("staff@xuhui.example.cn", auth.PointStaff, f.point, "")
		rcv := &receiver{status: http.StatusGone}
		srv := httptest.NewServer(rcv)
		defer srv.Close()
		w, err := f.s.CreateWebhook(ctx, f.principal(u), WebhookInput{URL: srv.URL})
		if err != nil {
			t.Fatal(err)
		}
		rcv.secret = w.Secret
		if err := f.send(f.notice(u, "system.notice")); err != nil {
			t.Fatal(err)
		}
		f.runner(jobs.Options{})
		waitFor(t, "the failure", 10*time.Second, func() bool {
			return f.count(`SELECT COUNT(*) FROM notify_outbox WHERE channel = 'webhook' AND status = 'failed'`) == 1
		})
		// The runner marks the job dead in its own transaction, just after the delivery recorded the
		// failure: wait for that too rather than race it.
		waitFor(t, "the job to be dead after one attempt", 10*time.Second, func() bool {
			return f.count(`SELECT COUNT(*) FROM job WHERE kind = $1 AND state = 'dead'`, DeliverKind) == 1
		})
		if n := f.count(`SELECT COUNT(*) FROM job WHERE kind = $1 AND state = 'dead' AND attempts = 1`, DeliverKind); n != 1 {
			t.Fatalf("dead jobs after one attempt = %d", n)
		}
	})
}

func TestWebhookManagementIsLimitedToOwnersAndLeads(t *testing.T) {
	each(t, Config{}, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		other := f.exec(`INSERT INTO service_point (code, kind, name_zh, name_en, region_code, created_at, updated_at)
			VALUES ('JA', 'odi_point', '静安ODI服务点', 'Jing''an ODI point', '310106', $1, $1) RETURNING id`, time.Now())
		lead := f.principal(f.user("lead", auth.PointLead, f.point, ""))
		staff := f.principal(f.user("staff", auth.PointStaff, f.point, ""))
		otherLead := f.principal(f.user("ja-lead", auth.PointLead, other, ""))
		coord := f.principal(f.user("coord", auth.CityCoordinator, 0, ""))

		if _, err := f.s.CreateWebhook(ctx, lead, WebhookInput{PointID: other, URL: "https://hooks.example.cn/a"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("lead for another point = %v", err)
		}
		if _, err := f.s.CreateWebhook(ctx, staff, WebhookInput{PointID: f.point, URL: "https://hooks.example.cn/a"}); !errors.Is(err, apperr.ErrForbidden) {
			t.Fatalf("staff for their point = %v", err)
		}
		for name, in := range map[string]WebhookInput{
			"http":          {URL: "http://hooks.example.cn/a"},
			"no host":       {URL: "https:///a"},
			"credentials":   {URL: "https://u:p@hooks.example.cn/a"},
			"not a URL":     {URL: "hooks"},
			"empty":         {URL: ""},
			"unknown topic": {URL: "https://hooks.example.cn/a", Topics: []string{"casework.nope"}},
			"control chars": {URL: "https://hooks.example.cn/a", Description: "a\nb"},
		} {
			_, err := f.s.CreateWebhook(ctx, lead, in)
			if e, ok := apperr.As(err); !ok || e.Kind != apperr.KindInvalid {
				t.Errorf("%s: %v, want invalid", name, err)
			}
		}
		pw, err := f.s.CreateWebhook(ctx, lead, WebhookInput{PointID: f.point, URL: "https://hooks.example.cn/xh", Topics: []string{"safety.sos", "safety.sos"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(pw.Topics) != 1 {
			t.Fatalf("topics not de-duplicated: %v", pw.Topics)
		}
		own, err := f.s.CreateWebhook(ctx, staff, WebhookInput{URL: "https://hooks.example.cn/me"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CreateWebhook(ctx, coord, WebhookInput{PointID: 99999, URL: "https://hooks.example.cn/x"}); err == nil {
			t.Fatal("a webhook for a missing point was created")
		}
		list := func(p *auth.Principal) int {
			ws, err := f.s.Webhooks(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range ws {
				if w.Secret != "" {
					t.Fatal("a listing shows a secret")
				}
			}
			return len(ws)
		}
		if list(lead) != 1 || list(staff) != 1 || list(otherLead) != 0 || list(coord) != 1 {
			t.Fatalf("listings: lead %d staff %d other lead %d coordinator %d", list(lead), list(staff), list(otherLead), list(coord))
		}
		if _, err := f.s.UpdateWebhook(ctx, otherLead, pw.ID, WebhookInput{URL: "https://evil.example.cn"}); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("another point's lead updating = %v", err)
		}
		if err := f.s.DeleteWebhook(ctx, lead, own.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("lead deleting staff's own webhook = %v", err)
		}
		off := false
		up, err := f.s.UpdateWebhook(ctx, coord, pw.ID, WebhookInput{URL: "https://hooks.example.cn/xh2", Active: &off})
		if err != nil || up.Active || up.URL != "https://hooks.example.cn/xh2" || len(up.Topics) != 0 {
			t.Fatalf("coordinator update = %+v, %v", up, err)
		}
		if _, err := f.s.UpdateWebhook(ctx, lead, pw.ID, WebhookInput{PointID: other, URL: "https://hooks.example.cn/xh"}); err == nil {
			t.Fatal("moved a webhook to another point")
		}
		if err := f.s.DeleteWebhook(ctx, staff, own.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Webhook(ctx, staff, own.ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Fatalf("deleted webhook = %v", err)
		}
		if n := f.count(`SELECT COUNT(*) FROM audit_entry WHERE action LIKE 'notify.webhook.%'`); n != 4 {
			t.Fatalf("audit entries = %d, want 4", n)
		}
	})
}
