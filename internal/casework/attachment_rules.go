package casework

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"chuhai/internal/apperr"
)

// Attachment limits: what a window accepts from the public.
const (
	MaxAttachmentBytes = 10 << 20 // per file
	MaxAttachments     = 10       // per request
	maxFileName        = 120      // characters
)

// fileKind is an accepted type of attachment: the sniffed MIME type and the extensions a file of
// that type may carry.
type fileKind struct {
	mime string
	exts []string
}

var (
	kindPDF  = fileKind{"application/pdf", []string{".pdf"}}
	kindPNG  = fileKind{"image/png", []string{".png"}}
	kindJPEG = fileKind{"image/jpeg", []string{".jpg", ".jpeg"}}
	kindText = fileKind{"text/plain; charset=utf-8", []string{".txt"}}
	kindDOCX = fileKind{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}}
	kindXLSX = fileKind{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}}
)

// AcceptedTypes lists the extensions accepted, for forms and messages.
const AcceptedTypes = ".pdf .png .jpg .jpeg .txt .docx .xlsx"

// sniffAttachment decides an upload's type from its content — never from the name or the type the
// client claims — and checks that it is an accepted type, within the size limit, and that its name's
// extension agrees with its content. It returns the type and a cleaned file name.
func sniffAttachment(name string, data []byte) (mime, clean string, err error) {
	clean = cleanFileName(name)
	var v apperr.Validator
	switch {
	case len(data) == 0:
		v.Add("file", "casework.attachment.empty")
	case len(data) > MaxAttachmentBytes:
		v.Add("file", "casework.attachment.too_big", "Max", "10 MiB")
	case clean == "":
		v.Add("file", "casework.attachment.name")
	}
	if err := v.Err(); err != nil {
		return "", "", err
	}
	kind, ok := detect(data)
	if !ok {
		return "", "", apperr.Invalid(apperr.F("file", "casework.attachment.type", "Types", AcceptedTypes))
	}
	ext := strings.ToLower(path.Ext(clean))
	found := false
	for _, e := range kind.exts {
		found = found || e == ext
	}
	if !found {
		return "", "", apperr.Invalid(apperr.F("file", "casework.attachment.mismatch", "Ext", ext, "Want", strings.Join(kind.exts, " ")))
	}
	return kind.mime, clean, nil
}

func detect(data []byte) (fileKind, bool) {
	switch sniffed := http.DetectContentType(data); sniffed {
	case "application/pdf":
		return kindPDF, true
	case "image/png":
		return kindPNG, true
	case "image/jpeg":
		return kindJPEG, true
	case "text/plain; charset=utf-8":
		if utf8.Valid(data) {
			return kindText, true
		}
	case "application/zip":
		// Office documents are zip archives; which one is told by the part every such document
		// must contain.
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return fileKind{}, false
		}
		for _, f := range zr.File {
			switch f.Name {
			case "word/document.xml":
				return kindDOCX, true
			case "xl/workbook.xml":
				return kindXLSX, true
			}
		}
	}
	return fileKind{}, false
}

// cleanFileName keeps the last path element of name without control or format characters, at most
// maxFileName characters (keeping the extension).
func cleanFileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base(strings.TrimSpace(name))
	if name == "." || name == "/" || name == ".." {
		return ""
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '"' {
			return -1
		}
		return r
	}, name)
	if utf8.RuneCountInString(name) > maxFileName {
		ext := path.Ext(name)
		if utf8.RuneCountInString(ext) > 10 {
			ext = ""
		}
		runes := []rune(strings.TrimSuffix(name, ext))
		name = string(runes[:maxFileName-utf8.RuneCountInString(ext)]) + ext
	}
	return strings.TrimSpace(name)
}
