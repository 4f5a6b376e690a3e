package repo

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/diag"
)

// The repository carries an example status site; it must stay valid.
func TestExampleSiteIsValid(t *testing.T) {
	r, err := Load("../..", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if r.Words == nil || r.Words.T(r.Config.Language, "badge_operational", nil) != "operational" {
		t.Error("the example site has no words")
	}
	if len(r.Config.Components) < 4 || len(r.Incidents) < 4 {
		t.Errorf("example site has %d components and %d incidents", len(r.Config.Components), len(r.Incidents))
	}
}

func TestLoadProblems(t *testing.T) {
	write := func(dir, name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no status.yaml", nil, "status.yaml: not found: is this a status repository? (buoy init creates one)"},
		{"invalid config hides incident checks", map[string]string{
			"status.yaml":                 "title: T\n",
			"incidents/2020-01-01-x.yaml": "title: x\n",
		}, `status.yaml:1:1: missing required key "base_url" in status.yaml`},
		{"language without UI strings", map[string]string{
			"status.yaml": "title: T\nbase_url: https://s.example/\nlanguages: [en, nl]\ncomponents: [{id: a, name: A}]\n",
		}, `status.yaml:3:17: language "nl" has no UI strings in theme "buoy" (it has de, en, es, fr, ja, pt-BR, ru, zh-Hans): add i18n/nl.yaml`},
		{"repository strings count", map[string]string{
			"status.yaml":  "title: T\nbase_url: https://s.example/\nlanguages: [en, sv, nl]\ncomponents: [{id: a, name: A}]\n",
			"i18n/sv.yaml": "navStatus: Aktuell status\n",
		}, `status.yaml:3:21: language "nl" has no UI strings in theme "buoy" (it has de, en, es, fr, ja, pt-BR, ru, sv, zh-Hans): add i18n/nl.yaml`},
		{"theme not found", map[string]string{
			"status.yaml": "title: T\nbase_url: https://s.example/\ntheme: bouy\ncomponents: [{id: a, name: A}]\n",
		}, `status.yaml:3:8: theme "bouy" not found: no folder themes/bouy/ in the repository (the built-in theme is "buoy")`},
		{"strings file", map[string]string{
			"status.yaml":  "title: T\nbase_url: https://s.example/\nlanguage: fr\ncomponents: [{id: a, name: A}]\n",
			"i18n/fr.yaml": "navStatus: Météo\nuptimeOver:\n  one: sur un jour\n",
		}, `i18n/fr.yaml:3:3: "uptimeOver": plural forms need other, the form of every count no other form covers`},
		{"incident problems", map[string]string{
			"status.yaml":                 "title: T\nbase_url: https://s.example/\ncomponents: [{id: a, name: A}]\n",
			"incidents/2020-01-01-x.yaml": "title: x\ncomponents: [b]\nstarted: 2020-01-01T00:00:00Z\n",
		}, `incidents/2020-01-01-x.yaml:2:14: unknown component "b"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				write(dir, name, data)
			}
			_, err := Load(dir, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
			var problems diag.List
			if !errors.As(err, &problems) {
				t.Fatalf("err = %v, want a diag.List", err)
			}
			if got := strings.TrimSpace(problems.Error()); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
