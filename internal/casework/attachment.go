package casework

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"chuhai/internal/apperr"
	"chuhai/internal/auth"
	"chuhai/internal/db"
)

// Upload is a file as submitted: its name and content (base64 in JSON).
type Upload struct {
	Name    string `json:"name"`
	Content []byte `json:"content"`
}

// Attachment is a stored file's description.
type Attachment struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// checked is an upload that passed the checks.
type checked struct {
	name, mime string
	data       []byte
}

// checkUploads sniffs every upload, naming the failing one by its position.
func checkUploads(ups []Upload, already int) ([]checked, error) {
	if already+len(ups) > MaxAttachments {
		return nil, apperr.Invalid(apperr.F("attachments", "casework.attachment.too_many", "Max", MaxAttachments))
	}
	out := make([]checked, 0, len(ups))
	for i, u := range ups {
		mime, name, err := sniffAttachment(u.Name, u.Content)
		if err != nil {
			if e, ok := apperr.As(err); ok {
				for j := range e.Fields {
					e.Fields[j].Name = fmt.Sprintf("attachments[%d]", i)
				}
			}
			return nil, err
		}
		out = append(out, checked{name: name, mime: mime, data: u.Content})
	}
	return out, nil
}

func (s *Store) storeAttachments(ctx context.Context, tx *db.Tx, requestID int64, files []checked, now time.Time) ([]int64, error) {
	var by any
	if p := auth.From(ctx); p != nil {
		by = p.UserID
	}
	ids := make([]int64, 0, len(files))
	for _, f := range files {
		sum := sha256.Sum256(f.data)
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO casework_attachment (request_id, file_name, content_type, size_bytes, sha256, data, uploaded_by,
			created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8) RETURNING id`, requestID, f.name, f.mime, len(f.data),
			hex.EncodeToString(sum[:]), f.data, by, now).Scan(&id); err != nil {
			return nil, fmt.Errorf("attachment: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// AddAttachments attaches files to a request: the enterprise's users and staff of the points with a
// part in it may, while it is not closed. Each file's type is sniffed from its content.
func (s *Store) AddAttachments(ctx context.Context, ref string, ups []Upload) ([]Attachment, error) {
	if len(ups) == 0 {
		return nil, apperr.Invalid(apperr.F("file", "error.required"))
	}
	var ids []int64
	var requestID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		r, err := s.load(ctx, tx, ref)
		if err != nil {
			return err
		}
		requestID = r.ID
		if p := auth.From(ctx); p.Role.Scope() == auth.ScopeProvider {
			return apperr.ErrForbidden
		}
		if r.State == StateClosed {
			return apperr.New(apperr.KindConflict, "casework.attachment.closed")
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM casework_attachment WHERE request_id = $1`, r.ID).Scan(&n); err != nil {
			return err
		}
		files, err := checkUploads(ups, n)
		if err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if ids, err = s.storeAttachments(ctx, tx, r.ID, files, now); err != nil {
			return err
		}
		names := make([]string, len(files))
		for i, f := range files {
			names[i] = f.name
		}
		if err := s.addEvent(ctx, tx, r.ID, event{kind: "attachment", public: true, detail: map[string]any{"files": names}}, now); err != nil {
			return err
		}
		return s.record(ctx, tx, "casework.request.attach", "casework_request", r.Ref, map[string]any{"files": names, "ids": ids})
	})
	if err != nil {
		return nil, err
	}
	in, args := idList(1, ids)
	return s.attachmentsWhere(ctx, `request_id = $1 AND id IN `+in, append([]any{requestID}, args...)...)
}

func (s *Store) attachmentsWhere(ctx context.Context, cond string, args ...any) ([]Attachment, error) {
	rows, err := s.db.Query(ctx, `SELECT id, file_name, content_type, size_bytes, sha256, created_at FROM casework_attachment WHERE `+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Attachment{}
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.CreatedAt = a.CreatedAt.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}

// Attachments lists a request's files.
func (s *Store) Attachments(ctx context.Context, ref string) ([]Attachment, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return nil, err
	}
	return s.attachmentsWhere(ctx, `request_id = $1`, r.ID)
}

// AttachmentContent returns one file of a request with its content.
func (s *Store) AttachmentContent(ctx context.Context, ref string, id int64) (Attachment, []byte, error) {
	r, err := s.load(ctx, s.db, ref)
	if err != nil {
		return Attachment{}, nil, err
	}
	var a Attachment
	var data []byte
	err = s.db.QueryRow(ctx, `SELECT id, file_name, content_type, size_bytes, sha256, created_at, data FROM casework_attachment
		WHERE id = $1 AND request_id = $2`, id, r.ID).Scan(&a.ID, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt, &data)
	if isNoRows(err) {
		return Attachment{}, nil, apperr.NotFound(fmt.Sprintf("attachment %d", id))
	}
	return a, data, err
}
