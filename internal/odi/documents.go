package odi

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"chuhai/internal/apperr"
	"chuhai/internal/audit"
	"chuhai/internal/db"
)

// Document statuses.
const (
	DocMissing  = "missing"
	DocReceived = "received" // uploaded or handed in, not yet checked
	DocAccepted = "accepted" // checked by staff
	DocRejected = "rejected" // needs correcting: see the note
	DocWaived   = "waived"   // not needed for this project
)

// DocStatuses lists the document statuses.
var DocStatuses = []string{DocMissing, DocReceived, DocAccepted, DocRejected, DocWaived}

// MaxUploadBytes bounds one uploaded file: scans of a licence or a report run to a few megabytes.
const MaxUploadBytes = 10 << 20

const maxFilenameRunes = 200

// DocumentStatus is one document of a step's checklist and where it stands.
type DocumentStatus struct {
	ID  int64  `json:"id"`
	Doc string `json:"doc"` // the checklist's document id, e.g. business_licence
	Name
	Status    string     `json:"status"`
	Note      string     `json:"note,omitempty"`
	Files     []FileInfo `json:"files"`
	Version   int        `json:"version"`
	UpdatedAt time.Time  `json:"updated_at"`
}

// FileInfo describes an uploaded file.
type FileInfo struct {
	ID          int64     `json:"id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// Document finds a document of the project's checklists by its id.
func (t *Tracked) Document(id int64) (*TrackedStep, *DocumentStatus) {
	for i := range t.Steps {
		for j := range t.Steps[i].Documents {
			if t.Steps[i].Documents[j].ID == id {
				return &t.Steps[i], &t.Steps[i].Documents[j]
			}
		}
	}
	return nil, nil
}

// DocumentInput is staff's verdict on a document.
type DocumentInput struct {
	Status  string `json:"status"`
	Note    string `json:"note"`
	Version int    `json:"version"`
}

// SetDocumentStatus records staff's verdict on one document of a project's checklist.
func (s *Store) SetDocumentStatus(ctx context.Context, projectID, docID int64, in DocumentInput) (*Tracked, error) {
	t, err := s.loadProject(ctx, s.db, projectID)
	if err != nil {
		return nil, err
	}
	if err := checkManage(ctx, t); err != nil {
		return nil, err
	}
	_, doc := t.Document(docID)
	if doc == nil {
		return nil, apperr.NotFound(fmt.Sprintf("document %d of odi project %d", docID, projectID))
	}
	in.Status, in.Note = strings.TrimSpace(in.Status), strings.TrimSpace(in.Note)
	var v apperr.Validator
	switch {
	case in.Status == "":
		v.Add("status", "error.required")
	case !slices.Contains(DocStatuses, in.Status):
		v.Add("status", "error.bad_choice")
	}
	if utf8.RuneCountInString(in.Note) > maxNoteRunes || !cleanNote(in.Note) {
		v.Add("note", "error.too_long", "Max", maxNoteRunes)
	}
	v.Check(in.Status != DocRejected || in.Note != "", "note", "odi.rejection_needs_note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE odi_document SET status = $1, note = $2, version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5`,
			in.Status, in.Note, now, docID, in.Version)
		if err != nil {
			return fmt.Errorf("document status: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrConflict
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "odi.document.status", ObjectType: "odi_project", ObjectID: t.Reference,
			Detail: map[string]any{"document": doc.Doc, "from": doc.Status, "to": in.Status, "note": in.Note}})
	})
	if err != nil {
		return nil, err
	}
	return s.Project(ctx, projectID)
}

// uploadTypes are the file types a checklist accepts, by what their content says they are: PDF,
// JPEG and PNG scans, and the ZIP-based formats (OOXML .docx/.xlsx, and OFD, the Chinese
// e-document format) by extension.
var zipExtensions = []string{".docx", ".xlsx", ".pptx", ".ofd", ".zip"}

// sniff decides a file's type from its content, never from what the client claimed.
func sniff(filename string, content []byte) (string, bool) {
	ct := http.DetectContentType(content)
	ct, _, _ = strings.Cut(ct, ";")
	switch ct {
	case "application/pdf", "image/jpeg", "image/png":
		return ct, true
	case "application/zip":
		ext := strings.ToLower(path.Ext(filename))
		if !slices.Contains(zipExtensions, ext) {
			return ct, false
		}
		switch ext {
		case ".docx":
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document", true
		case ".xlsx":
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true
		case ".pptx":
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation", true
		case ".ofd":
			return "application/ofd", true
		}
		return ct, true
	}
	return ct, false
}

// cleanFilename keeps the last path element of what the client sent, without control characters.
func cleanFilename(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimSpace(name))
	if name == "." || name == "/" {
		return ""
	}
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
}

// Upload adds a file to one document of a project's checklist. Staff of the serving point and the
// enterprise's own users may upload; the file's type is decided from its content (PDF, JPEG, PNG,
// or a ZIP-based office or OFD document), and a missing or rejected document becomes received.
func (s *Store) Upload(ctx context.Context, projectID, docID int64, filename string, content []byte) (FileInfo, error) {
	t, err := s.loadProject(ctx, s.db, projectID)
	if err != nil {
		return FileInfo{}, err
	}
	if err := checkView(ctx, t); err != nil {
		return FileInfo{}, err
	}
	_, doc := t.Document(docID)
	if doc == nil {
		return FileInfo{}, apperr.NotFound(fmt.Sprintf("document %d of odi project %d", docID, projectID))
	}
	name := cleanFilename(filename)
	var v apperr.Validator
	switch {
	case len(content) == 0:
		v.Add("file", "odi.file_empty")
	case len(content) > MaxUploadBytes:
		v.Add("file", "odi.file_too_large", "Max", "10 MiB")
	}
	switch {
	case name == "":
		v.Add("file", "odi.file_name")
	case utf8.RuneCountInString(name) > maxFilenameRunes || !utf8.ValidString(name):
		v.Add("file", "error.too_long", "Max", maxFilenameRunes)
	}
	ct := ""
	if len(content) > 0 {
		var ok bool
		if ct, ok = sniff(name, content); !ok {
			v.Add("file", "odi.file_type", "Type", ct)
		}
	}
	if err := v.Err(); err != nil {
		return FileInfo{}, err
	}
	sum := sha256.Sum256(content)
	f := FileInfo{Filename: name, ContentType: ct, Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), UploadedBy: actor(ctx),
		CreatedAt: s.now().UTC()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := tx.QueryRow(ctx, `INSERT INTO odi_file (document_id, filename, content_type, size, sha256, content, uploaded_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			docID, f.Filename, f.ContentType, f.Size, f.SHA256, content, f.UploadedBy, f.CreatedAt).Scan(&f.ID); err != nil {
			return fmt.Errorf("store file: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE odi_document SET status = $1, version = version + 1, updated_at = $2
			WHERE id = $3 AND status IN ('missing', 'rejected')`, DocReceived, f.CreatedAt, docID); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, audit.Entry{Action: "odi.document.upload", ObjectType: "odi_project", ObjectID: t.Reference,
			Detail: map[string]any{"document": doc.Doc, "file": f.Filename, "size": f.Size, "sha256": f.SHA256, "type": f.ContentType}})
	})
	return f, err
}

// File returns an uploaded file of a project with its content, if the caller may see the project.
func (s *Store) File(ctx context.Context, projectID, fileID int64) (FileInfo, []byte, error) {
	var f FileInfo
	var content []byte
	var pointID, enterpriseID int64
	err := s.db.QueryRow(ctx, `SELECT f.id, f.filename, f.content_type, f.size, f.sha256, f.uploaded_by, f.created_at, f.content,
		p.point_id, p.enterprise_id
		FROM odi_file f JOIN odi_document d ON d.id = f.document_id JOIN odi_step st ON st.id = d.step_id
		JOIN odi_project p ON p.id = st.project_id WHERE f.id = $1 AND p.id = $2`, fileID, projectID).
		Scan(&f.ID, &f.Filename, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.CreatedAt, &content, &pointID, &enterpriseID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, nil, apperr.NotFound(fmt.Sprintf("file %d of odi project %d", fileID, projectID))
	}
	if err != nil {
		return f, nil, fmt.Errorf("odi file: %w", err)
	}
	if !mayView(ctx, pointID, enterpriseID) {
		return f, nil, apperr.ErrForbidden
	}
	return f, content, nil
}
