// Package i18n holds the zh-CN and en catalogues every user-visible string goes through. Catalogue
// files live in locales/, one pair per area (AREA.zh-CN.toml and AREA.en.toml), so that each domain's
// strings sit together; a test keeps the two languages' keys identical.
package i18n

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// The two languages, Chinese first.
const (
	Chinese = "zh-CN"
	English = "en"
)

// Languages lists the supported languages in order of preference.
var Languages = []string{Chinese, English}

//go:embed locales/*.toml
var files embed.FS

// Catalogue translates message ids.
type Catalogue struct {
	bundle     *goi18n.Bundle
	localizers map[string]*goi18n.Localizer
	keys       map[string]map[string]bool // lang → ids
	matcher    language.Matcher
}

// Load parses the embedded catalogues.
func Load() (*Catalogue, error) {
	b := goi18n.NewBundle(language.SimplifiedChinese)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	c := &Catalogue{bundle: b, localizers: map[string]*goi18n.Localizer{}, keys: map[string]map[string]bool{}}
	entries, err := fs.ReadDir(files, "locales")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := path.Join("locales", e.Name())
		buf, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		mf, err := b.ParseMessageFileBytes(buf, name)
		if err != nil {
			return nil, fmt.Errorf("catalogue %s: %w", name, err)
		}
		lang := langOf(mf.Tag)
		if c.keys[lang] == nil {
			c.keys[lang] = map[string]bool{}
		}
		for _, m := range mf.Messages {
			if c.keys[lang][m.ID] {
				return nil, fmt.Errorf("catalogue %s: message %q defined twice", name, m.ID)
			}
			c.keys[lang][m.ID] = true
		}
	}
	for _, l := range Languages {
		c.localizers[l] = goi18n.NewLocalizer(b, l)
	}
	c.matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})
	return c, nil
}

func langOf(t language.Tag) string {
	if base, _ := t.Base(); base.String() == "en" {
		return English
	}
	return Chinese
}

// T translates id into lang with optional template data. A missing id yields the id itself, which a
// test forbids for every key the code uses.
func (c *Catalogue) T(lang, id string, data map[string]any) string {
	l, ok := c.localizers[lang]
	if !ok {
		l = c.localizers[Chinese]
	}
	s, err := l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
	if err != nil {
		return id
	}
	return s
}

// Has reports whether id exists in lang.
func (c *Catalogue) Has(lang, id string) bool { return c.keys[lang][id] }

// Keys lists the ids of lang, sorted.
func (c *Catalogue) Keys(lang string) []string {
	out := make([]string, 0, len(c.keys[lang]))
	for k := range c.keys[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Negotiate picks a supported language from an Accept-Language header; Chinese when nothing fits.
func (c *Catalogue) Negotiate(acceptLanguage string) string {
	if len(acceptLanguage) > 512 {
		acceptLanguage = acceptLanguage[:512]
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return Chinese
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Chinese
	}
	return Languages[idx]
}

// Normalize maps user input ("en-US", "zh") to a supported language, or "" when unsupported.
func Normalize(lang string) string {
	switch l := strings.ToLower(lang); {
	case l == "en" || strings.HasPrefix(l, "en-"):
		return English
	case l == "zh" || l == "zh-cn" || strings.HasPrefix(l, "zh-hans"):
		return Chinese
	}
	return ""
}
