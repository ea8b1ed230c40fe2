package knowledge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Attachment limits: PDF only (the form in which policies are published), at most MaxAttachmentBytes
// each and MaxAttachments per policy.
const (
	MaxAttachmentBytes = 10 << 20
	MaxAttachments     = 10
	attachmentType     = "application/pdf"
)

// Attachment is a file published with a policy, typically the signed original as a PDF.
type Attachment struct {
	ID          int64     `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// AttachmentFile is an attachment with its bytes.
type AttachmentFile struct {
	Attachment
	Data []byte
}

func (s *Store) attachments(ctx context.Context, q db.Querier, policyID int64) ([]Attachment, error) {
	rows, err := q.Query(ctx, `SELECT id, filename, content_type, size, sha256, created_at FROM policy_attachment
		WHERE policy_id = $1 ORDER BY id`, policyID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// cleanFilename keeps the last path element of a client's file name, without control characters, so
// that it is safe in a Content-Disposition header and recognisable to the reader.
func cleanFilename(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" {
		return ""
	}
	return name
}

// AddAttachment stores a PDF with a policy. The file must be a PDF by its content (it starts with
// %PDF-), not merely by its name or declared type, and within the size limit.
func (s *Store) AddAttachment(ctx context.Context, policyID int64, filename string, data []byte) (Attachment, error) {
	if err := mayEdit(ctx); err != nil {
		return Attachment{}, err
	}
	filename = cleanFilename(filename)
	var v apperr.Validator
	text(&v, "file", filename, maxTitle, true)
	if len(data) > MaxAttachmentBytes {
		return Attachment{}, apperr.New(apperr.KindTooLarge, "error.too_large", "Limit", "10 MiB")
	}
	switch {
	case len(data) == 0:
		v.Add("file", "knowledge.attachment_empty")
	case !bytes.HasPrefix(data, []byte("%PDF-")) || http.DetectContentType(data) != attachmentType:
		v.Add("file", "knowledge.attachment_not_pdf")
	case !strings.HasSuffix(strings.ToLower(filename), ".pdf"):
		v.Add("file", "knowledge.attachment_not_pdf")
	}
	if err := v.Err(); err != nil {
		return Attachment{}, err
	}
	sum := sha256.Sum256(data)
	a := Attachment{Filename: filename, ContentType: attachmentType, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var state string
		var n int
		err := tx.QueryRow(ctx, `SELECT state, (SELECT count(*) FROM policy_attachment WHERE policy_id = $1) FROM policy WHERE id = $1`,
			policyID).Scan(&state, &n)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound(fmt.Sprintf("policy %d", policyID))
		}
		if err != nil {
			return err
		}
		if state == StatePublished {
			if err := mayPublish(ctx); err != nil {
				return err
			}
		}
		if n >= MaxAttachments {
			return apperr.Invalid(apperr.F("file", "knowledge.too_many_attachments", "Max", MaxAttachments))
		}
		a.CreatedAt = s.now()
		if err := tx.QueryRow(ctx, `INSERT INTO policy_attachment (policy_id, filename, content_type, size, sha256, data, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, policyID, a.Filename, a.ContentType, a.Size, a.SHA256, data,
			a.CreatedAt).Scan(&a.ID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.policy.attach", ObjectType: "policy",
			ObjectID: strconv.FormatInt(policyID, 10), Detail: map[string]any{"attachment": a.ID, "filename": a.Filename,
				"size": a.Size, "sha256": a.SHA256}})
	})
	return a, err
}

// AttachmentFile returns an attachment of a policy with its bytes; an attachment of a draft is found
// only when drafts is true.
func (s *Store) AttachmentFile(ctx context.Context, policyID, id int64, drafts bool) (AttachmentFile, error) {
	var f AttachmentFile
	var state string
	err := s.db.QueryRow(ctx, `SELECT a.id, a.filename, a.content_type, a.size, a.sha256, a.created_at, a.data, p.state
		FROM policy_attachment a JOIN policy p ON p.id = a.policy_id WHERE a.policy_id = $1 AND a.id = $2`, policyID, id).
		Scan(&f.ID, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.CreatedAt, &f.Data, &state)
	if errors.Is(err, sql.ErrNoRows) || err == nil && state != StatePublished && !drafts {
		return AttachmentFile{}, apperr.NotFound(fmt.Sprintf("attachment %d of policy %d", id, policyID))
	}
	return f, err
}

// DeleteAttachment removes an attachment from a policy.
func (s *Store) DeleteAttachment(ctx context.Context, policyID, id int64) error {
	if err := mayEdit(ctx); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var state, filename string
		err := tx.QueryRow(ctx, `SELECT p.state, a.filename FROM policy_attachment a JOIN policy p ON p.id = a.policy_id
			WHERE a.policy_id = $1 AND a.id = $2`, policyID, id).Scan(&state, &filename)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFound(fmt.Sprintf("attachment %d of policy %d", id, policyID))
		}
		if err != nil {
			return err
		}
		if state == StatePublished {
			if err := mayPublish(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM policy_attachment WHERE id = $1`, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "knowledge.policy.detach", ObjectType: "policy",
			ObjectID: strconv.FormatInt(policyID, 10), Detail: map[string]any{"attachment": id, "filename": filename}})
	})
}
