package notify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chuhai/internal/auth"
	"chuhai/internal/jobs"
)

// mailpit is a real SMTP server (github.com/axllent/mailpit, a tool dependency of the module) built
// and started for the test, offering STARTTLS with a certificate the test made and accepting any
// login, with its HTTP API to read what arrived.
type mailpit struct {
	smtpPort int
	api      string
	pool     *x509.CertPool
}

func startMailpit(t *testing.T) *mailpit {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and starts mailpit")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mailpit")
	build := exec.Command("go", "build", "-o", bin, "github.com/axllent/mailpit")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building mailpit: %v\n%s", err, out)
	}
	certFile, keyFile, pool := selfSigned(t, dir)
	m := &mailpit{smtpPort: freePort(t), pool: pool}
	httpPort := freePort(t)
	m.api = fmt.Sprintf("http://127.0.0.1:%d", httpPort)
	cmd := exec.Command(bin, "--smtp", fmt.Sprintf("127.0.0.1:%d", m.smtpPort), "--listen", fmt.Sprintf("127.0.0.1:%d", httpPort),
		"--database", filepath.Join(dir, "mailpit.db"), "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile,
		"--smtp-auth-accept-any", "--smtp-disable-rdns", "--disable-version-check", "--quiet")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitFor(t, "mailpit to listen", 20*time.Second, func() bool {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", m.smtpPort))
		if err != nil {
			return false
		}
		c.Close()
		resp, err := http.Get(m.api + "/api/v1/messages")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return m
}

type mailpitMessage struct {
	ID       string
	Subject  string
	To       []struct{ Address string }
	Username string
	Text     string
}

func (m *mailpit) messages(t *testing.T) []mailpitMessage {
	t.Helper()
	var list struct{ Messages []mailpitMessage }
	m.get(t, "/api/v1/messages", &list)
	return list.Messages
}

func (m *mailpit) message(t *testing.T, id string) mailpitMessage {
	t.Helper()
	var msg mailpitMessage
	m.get(t, "/api/v1/message/"+id, &msg)
	return msg
}

func (m *mailpit) get(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// selfSigned writes a certificate for 127.0.0.1 and returns the pool that trusts it.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestEmailReachesARealSMTPServerInTheReadersLanguage(t *testing.T) {
	mp := startMailpit(t)
	cfg := Config{BaseURL: "https://chuhai.example.cn", SMTP: SMTPConfig{Host: "127.0.0.1", Port: mp.smtpPort,
		From: "noreply@chuhai.example.cn", FromName: "上海市企业出海综合服务平台", User: "chuhai", Password: "s3cret",
		RequireTLS: true, TLS: &tls.Config{RootCAs: mp.pool}}}
	each(t, cfg, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		// The two engines share one mailbox: tell their messages apart by address.
		domain := "example-" + string(f.d.Dialect()) + ".cn"
		zh := f.user("zhang@"+domain, auth.PointLead, f.point, "zh-CN")
		en := f.user("lee", auth.PointStaff, f.point, "en")
		if err := f.s.SetPreferences(ctx, en, PreferencesInput{Email: "lee@" + domain}); err != nil {
			t.Fatal(err)
		}
		noAddress := f.user("wang", auth.PointStaff, f.point, "")
		for _, u := range []int64{zh, en, noAddress} {
			if err := f.send(f.notice(u, "casework.sla_breach")); err != nil {
				t.Fatal(err)
			}
		}
		f.runner(jobs.Options{})
		waitFor(t, "two emails sent and one failed", 30*time.Second, func() bool {
			return f.count(`SELECT COUNT(*) FROM notify_outbox WHERE channel = 'email' AND status = 'sent'`) == 2 &&
				f.count(`SELECT COUNT(*) FROM notify_outbox WHERE channel = 'email' AND status = 'failed'`) == 1
		})
		got := map[string]mailpitMessage{}
		for _, m := range mp.messages(t) {
			if len(m.To) == 1 && strings.HasSuffix(m.To[0].Address, "@"+domain) {
				got[m.To[0].Address] = mp.message(t, m.ID)
				if m.Username != "chuhai" {
					t.Errorf("SMTP login = %q", m.Username)
				}
			}
		}
		if len(got) != 2 {
			t.Fatalf("mailbox for %s: %+v", domain, got)
		}
		z, e := got["zhang@"+domain], got["lee@"+domain]
		if !strings.HasPrefix(z.Subject, "平台公告：第") || !strings.Contains(z.Text, "国庆假期服务安排") ||
			!strings.Contains(z.Text, "查看详情：https://chuhai.example.cn/requests/XH-2026-") {
			t.Errorf("Chinese email: %q\n%s", z.Subject, z.Text)
		}
		if !strings.HasPrefix(e.Subject, "Platform notice: 第") || !strings.Contains(e.Text, "Details: https://chuhai.example.cn/requests/") ||
			!strings.Contains(e.Text, "/account/notifications") {
			t.Errorf("English email: %q\n%s", e.Subject, e.Text)
		}
		var lastError string
		if err := f.d.QueryRow(ctx, `SELECT last_error FROM notify_outbox WHERE channel = 'email' AND status = 'failed'`).Scan(&lastError); err != nil || !strings.Contains(lastError, "no email address") {
			t.Errorf("failed row: %q, %v", lastError, err)
		}
	})
}

func TestEmailRefusesAServerWithoutTLSWhenRequired(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 512)
		fmt.Fprint(c, "220 plain.example ESMTP\r\n")
		if _, err := c.Read(buf); err == nil {
			fmt.Fprint(c, "250-plain.example\r\n250 8BITMIME\r\n")
		}
		_, _ = c.Read(buf)
	}()
	cfg := SMTPConfig{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, From: "noreply@chuhai.example.cn", RequireTLS: true, Timeout: 5 * time.Second}
	err = cfg.SendEmail(context.Background(), Email{To: "a@example.cn", Subject: "s", Body: "b"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("SendEmail = %v, want a refusal for lack of STARTTLS", err)
	}
}

func TestComposedHeadersCannotBeInjected(t *testing.T) {
	cfg := SMTPConfig{From: "noreply@chuhai.example.cn", FromName: "出海平台"}
	msg := string(cfg.compose(Email{To: "a@example.cn", Subject: "hello\r\nBcc: victim@example.com", Body: "正文"}, time.Unix(0, 0)))
	head := msg[:strings.Index(msg, "\r\n\r\n")]
	if strings.Contains(head, "\r\nBcc:") {
		t.Fatalf("header injected:\n%s", head)
	}
	if !strings.Contains(head, "From: =?utf-8?") || !strings.Contains(head, "Content-Transfer-Encoding: base64") {
		t.Fatalf("headers:\n%s", head)
	}
}
