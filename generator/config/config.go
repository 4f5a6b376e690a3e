// Package config reads and validates status.yaml.
package config

import (
	"net/url"
	"regexp"
	"strings"
	"time"

	bcp47 "golang.org/x/text/language"
	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
	"github.com/buoystatus/buoy/themes"
)

// File is the name of the configuration file in a status repository.
const File = "status.yaml"

// DefaultLanguage is the language when status.yaml names none; the other
// defaults live in package status.
const DefaultLanguage = "en"

var (
	idRE   = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	langRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
	nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
)

var topKeys = []string{"title", "description", "base_url", "language", "languages", "timezone", "history_days", "theme", "components", "notify", "auto_merge", "subscribe"}

// Options add checks that need more than status.yaml itself.
type Options struct {
	// UILanguages lists the languages the site's theme, with the
	// repository's own i18n/, has UI strings for. When set, every language
	// built must be one of them, or a variant of one ("fr-CA" of "fr").
	// It returns nil when it cannot tell (no such theme: rendering says so).
	UILanguages func(theme string) []string
	// ThemeExists, when set, reports whether the theme can be found, so
	// that a misspelt theme fails the check instead of the build.
	ThemeExists func(theme string) bool
}

// Parse validates status.yaml. path is how problems name the file.
// It returns the config only when there is no problem.
func Parse(path string, data []byte) (*status.Config, diag.List) {
	return ParseWith(path, data, Options{})
}

// ParseWith is Parse with the checks opts enable.
func ParseWith(path string, data []byte, opts Options) (*status.Config, diag.List) {
	d := &yamlfile.Doc{Path: path}
	root := d.Parse(data)
	if root == nil {
		return nil, d.Problems
	}
	cfg := &status.Config{
		Language:    DefaultLanguage,
		Timezone:    "UTC",
		Location:    time.UTC,
		HistoryDays: status.DefaultHistoryDays,
		Theme:       status.DefaultTheme,
		AutoMerge:   status.DefaultAutoMerge,
	}
	var languagesNode, languageNode, notifyNode *yaml.Node
	d.Fields(root, "status.yaml", topKeys, []string{"title", "base_url"}, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			cfg.Title = d.NonEmpty(v, "title")
		case "description":
			cfg.Description = d.String(v, "description")
		case "base_url":
			cfg.BaseURL = baseURL(d, v)
		case "language":
			languageNode = v
			cfg.Language = language(d, v, "language")
		case "languages":
			languagesNode = v
			for _, item := range d.Seq(v, "languages") {
				cfg.Languages = append(cfg.Languages, language(d, item, "languages item"))
			}
		case "timezone":
			if loc := d.Location(v, "timezone"); loc != nil {
				cfg.Timezone, cfg.Location = v.Value, loc
			}
		case "history_days":
			cfg.HistoryDays = d.Int(v, "history_days", 1)
		case "theme":
			cfg.Theme = d.String(v, "theme")
			if cfg.Theme != "" && !nameRE.MatchString(cfg.Theme) {
				d.Errorf(v, "theme %q must be a folder name under themes/", cfg.Theme)
			} else if cfg.Theme != "" && opts.ThemeExists != nil && !opts.ThemeExists(cfg.Theme) {
				d.Errorf(v, "theme %q not found: no folder themes/%s/ in the repository (the built-in theme is %q)", cfg.Theme, cfg.Theme, status.DefaultTheme)
			}
		case "components":
			cfg.Components = components(d, v)
		case "notify":
			notifyNode = v
		case "auto_merge":
			cfg.AutoMerge = d.Bool(v, "auto_merge")
		case "subscribe":
			cfg.Subscribe = channels(d, v)
		}
	})
	if notifyNode != nil {
		cfg.Notify = notifyTargets(d, notifyNode, cfg.Components)
	}
	if languagesNode != nil {
		checkLanguages(d, cfg, languagesNode)
	} else {
		cfg.Languages = []string{cfg.Language}
	}
	if len(d.Problems) == 0 && opts.UILanguages != nil {
		if languageNode == nil {
			languageNode = root // the default language, named nowhere
		}
		checkUIStrings(d, cfg, languageNode, languagesNode, opts.UILanguages(cfg.Theme))
	}
	if len(d.Problems) > 0 {
		return nil, d.Problems
	}
	return cfg, nil
}

func baseURL(d *yamlfile.Doc, v *yaml.Node) string {
	s := d.NonEmpty(v, "base_url")
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		d.Errorf(v, "base_url %q must be an absolute http(s) URL such as https://status.example.org/", s)
		return ""
	}
	if u.RawQuery != "" || u.Fragment != "" {
		d.Errorf(v, "base_url %q must not have a query or fragment", s)
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

func language(d *yamlfile.Doc, v *yaml.Node, what string) string {
	s := d.String(v, what)
	if s == "" {
		return s
	}
	// The pattern too: bcp47.Parse accepts forms (en_US, x-private)
	// that are no use as a folder name or an HTML lang.
	if _, err := bcp47.Parse(s); err != nil || !langRE.MatchString(s) {
		d.Errorf(v, "%s %q is not a BCP 47 language tag such as en, fr or pt-BR", what, s)
	}
	return s
}

// checkLanguages requires the default language to be among those built.
func checkLanguages(d *yamlfile.Doc, cfg *status.Config, n *yaml.Node) {
	seen := map[string]bool{}
	for i, l := range cfg.Languages {
		if seen[l] {
			d.Errorf(n.Content[i], "duplicate language %q", l)
		}
		seen[l] = true
	}
	if len(cfg.Languages) == 0 {
		d.Errorf(n, "languages must list at least the default language %q", cfg.Language)
	} else if !seen[cfg.Language] {
		d.Errorf(n, "languages must include the default language %q", cfg.Language)
	}
}

// checkUIStrings requires UI strings for every language built, so that a
// typo ("jp" for "ja") fails the check instead of showing English.
func checkUIStrings(d *yamlfile.Doc, cfg *status.Config, languageNode, languagesNode *yaml.Node, have []string) {
	if len(have) == 0 {
		return
	}
	// A language the build would show in English lacks its words.
	known := func(lang string) bool {
		_, found := themes.UIStrings(have, lang)
		return found
	}
	report := func(n *yaml.Node, lang string) {
		d.Errorf(n, "language %q has no UI strings in theme %q (it has %s): add i18n/%s.yaml", lang, cfg.Theme, strings.Join(have, ", "), lang)
	}
	if languagesNode != nil {
		for i, lang := range cfg.Languages {
			if !known(lang) {
				report(languagesNode.Content[i], lang)
			}
		}
		return
	}
	if !known(cfg.Language) {
		report(languageNode, cfg.Language)
	}
}
