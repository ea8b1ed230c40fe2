package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// SMTPConfig is the mail server notifications go through. An empty Host turns email off.
type SMTPConfig struct {
	Host     string
	Port     int    // default 587
	From     string // bare address, e.g. noreply@chuhai.example.gov.cn
	FromName string // display name, e.g. 上海市企业出海综合服务平台
	User     string // optional: authenticate with PLAIN (only over TLS, or to localhost)
	Password string
	// RequireTLS refuses to send when the server does not offer STARTTLS. STARTTLS is used whenever
	// it is offered, whatever this says.
	RequireTLS bool
	// TLS overrides the TLS settings (tests trust their own certificate through it).
	TLS *tls.Config
	// Timeout bounds one whole delivery (default 60 s).
	Timeout time.Duration
}

// Validate reports configuration mistakes at start-up rather than at the first email.
func (c SMTPConfig) Validate() error {
	if c.Host == "" {
		return nil
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("smtp port %d out of range", c.Port)
	}
	if !validAddress(c.From) {
		return fmt.Errorf("smtp from address %q is not a bare email address", c.From)
	}
	if (c.User == "") != (c.Password == "") {
		return errors.New("smtp user and password go together")
	}
	return nil
}

// Email is one rendered message.
type Email struct {
	To      string
	Subject string
	Body    string
	Headers map[string]string // extra headers, e.g. X-Chuhai-Topic
}

// SendEmail delivers one message over SMTP: STARTTLS when offered, AUTH PLAIN when configured.
func (c SMTPConfig) SendEmail(ctx context.Context, e Email) error {
	if c.Host == "" {
		return errors.New("smtp: no server configured")
	}
	if err := c.Validate(); err != nil {
		return permanentErr(err)
	}
	if !validAddress(e.To) {
		return permanentErr(fmt.Errorf("smtp: bad recipient %q", e.To))
	}
	port := c.Port
	if port == 0 {
		port = 587
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(c.Host, strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("smtp: connect: %w", err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	cl, err := smtp.NewClient(conn, c.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: greeting: %w", err)
	}
	defer cl.Close()
	if err := cl.Hello(heloName(c.From)); err != nil {
		return fmt.Errorf("smtp: EHLO: %w", err)
	}
	if ok, _ := cl.Extension("STARTTLS"); ok {
		cfg := &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
		if c.TLS != nil {
			cfg = c.TLS.Clone()
			if cfg.ServerName == "" {
				cfg.ServerName = c.Host
			}
		}
		if err := cl.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp: STARTTLS: %w", err)
		}
	} else if c.RequireTLS {
		return fmt.Errorf("smtp: %s does not offer STARTTLS", c.Host)
	}
	if c.User != "" {
		if ok, _ := cl.Extension("AUTH"); !ok {
			return permanentErr(fmt.Errorf("smtp: %s offers no AUTH but a user is configured", c.Host))
		}
		if err := cl.Auth(smtp.PlainAuth("", c.User, c.Password, c.Host)); err != nil {
			return fmt.Errorf("smtp: AUTH: %w", err)
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := cl.Rcpt(e.To); err != nil {
		var perr interface{ Temporary() bool }
		if errors.As(err, &perr) && !perr.Temporary() {
			return permanentErr(fmt.Errorf("smtp: RCPT TO: %w", err))
		}
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(c.compose(e, time.Now())); err != nil {
		return fmt.Errorf("smtp: message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: message: %w", err)
	}
	return cl.Quit()
}

// compose builds an RFC 5322 message: UTF-8 text, base64 body, encoded subject and name.
func (c SMTPConfig) compose(e Email, now time.Time) []byte {
	var b bytes.Buffer
	from := (&mail.Address{Name: c.FromName, Address: c.From}).String()
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", from)
	header("To", (&mail.Address{Address: e.To}).String())
	header("Subject", mime.BEncoding.Encode("UTF-8", oneLine(e.Subject)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+strings.ToLower(rand.Text())+"@"+heloName(c.From)+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=UTF-8")
	header("Content-Transfer-Encoding", "base64")
	header("Auto-Submitted", "auto-generated")
	for k, v := range e.Headers {
		header(k, oneLine(v))
	}
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(e.Body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// oneLine keeps header values on one line, so data in a subject cannot inject headers.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}

func heloName(from string) string {
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i < len(from)-1 {
		return from[i+1:]
	}
	return "localhost"
}
