package view

import (
	"strings"

	"github.com/buoystatus/buoy/generator/status"
)

// Languages lists the UI languages a site is built in, the default
// first: it is the one served at the root.
func Languages(cfg *status.Config) []string {
	def := cfg.Language
	if def == "" {
		def = "en"
	}
	langs := []string{def}
	for _, l := range cfg.Languages {
		if !strings.EqualFold(l, def) {
			langs = append(langs, l)
		}
	}
	return langs
}

// LangKey is Hugo's name for a language, which its config loader lowers:
// the key of per-language texts in the params (stamp.Text, monthName.Names)
// and the folder a language is built in.
func LangKey(lang string) string { return strings.ToLower(lang) }
