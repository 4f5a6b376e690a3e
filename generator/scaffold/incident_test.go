package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

const siteConfig = `title: T
base_url: https://status.example.org/
language: fr
timezone: Europe/Paris
components:
  - { id: web, name: Web }
  - { id: api, name: API }
  - { id: "null", name: Nothing }
`

func newSite(t *testing.T) (string, *time.Location) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "status.yaml"), []byte(siteConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return dir, paris
}

// checkedAt is after every Now the tests here write incidents at.
func checkedAt() time.Time { return time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) }

func load(t *testing.T, dir string) map[string]status.Incident {
	t.Helper()
	r, err := repo.Load(dir, checkedAt())
	if err != nil {
		t.Fatalf("the written files do not pass buoy check: %v", err)
	}
	byID := map[string]status.Incident{}
	for _, in := range r.Incidents {
		byID[in.ID] = in
	}
	return byID
}

func TestCreateIncident(t *testing.T) {
	dir, paris := newSite(t)
	now := time.Date(2026, 11, 22, 12, 5, 33, 0, time.UTC).In(paris)
	// An incident of that name already exists, as Markdown in a sub-folder.
	old := filepath.Join(dir, "incidents", "2026", "2026-11-22-panne-reseau-2.md")
	if err := os.MkdirAll(filepath.Dir(old), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("---\ntitle: Old\ncomponents: [web]\nstarted: 2026-11-22T08:00:00Z\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	in := Incident{Kind: status.KindIncident, Title: "  Panne réseau ", Components: []string{"web", "null"}, Impact: status.ImpactMajor, Now: now, Language: "fr"}
	var paths []string
	for range 3 {
		p, err := CreateIncident(dir, in)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	want := []string{"incidents/2026-11-22-panne-reseau.yaml", "incidents/2026-11-22-panne-reseau-3.yaml", "incidents/2026-11-22-panne-reseau-4.yaml"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("paths %q, want %q", paths, want)
	}
	data, err := os.ReadFile(filepath.Join(dir, paths[0]))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"title: Panne réseau\n",
		"components: [web, \"null\"]\n",
		"started: 2026-11-22T13:05:00+01:00  #",
		"  - at: 2026-11-22T13:05:00+01:00\n",
		"    status: investigating  #",
		"      Nous enquêtons sur ce problème",
	} {
		if !strings.Contains(string(data), line) {
			t.Errorf("file lacks %q:\n%s", line, data)
		}
	}
	got := load(t, dir)["2026-11-22-panne-reseau"]
	if got.Title != "Panne réseau" || got.Impact != status.ImpactMajor || !got.Started.Equal(now.Truncate(time.Minute)) ||
		len(got.Components) != 2 || len(got.Updates) != 1 || got.LastStatus() != status.Investigating || !got.Active(now) {
		t.Errorf("loaded %+v", got)
	}
}

func TestCreateMaintenance(t *testing.T) {
	dir, paris := newSite(t)
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC).In(paris)
	in := Incident{
		Kind:       status.KindMaintenance,
		Title:      "メンテナンス: 50% #1 [db]",
		Components: []string{"*"},
		Now:        now,
		Window:     status.Window{Start: time.Date(2027, 1, 1, 0, 30, 0, 0, paris), End: time.Date(2027, 1, 1, 2, 0, 0, 0, paris)},
		Language:   "ja-JP",
	}
	p, err := CreateIncident(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	// Named after the day the window opens, in the site's zone.
	if want := "incidents/2027-01-01-50-1-db.yaml"; p != want {
		t.Errorf("path %s, want %s", p, want)
	}
	data, _ := os.ReadFile(filepath.Join(dir, p))
	for _, s := range []string{"components: ['*']\n", "  start: 2027-01-01T00:30:00+01:00\n", "この時間帯に計画メンテナンス"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("file lacks %q:\n%s", s, data)
		}
	}
	got := load(t, dir)["2027-01-01-50-1-db"]
	if got.Title != in.Title || !got.IsMaintenance() || len(got.Components) != 3 || !got.Window.Start.Equal(in.Window.Start) ||
		!got.Window.End.Equal(in.Window.End) || got.LastStatus() != status.Scheduled || got.Phase(now) != status.PhaseUpcoming {
		t.Errorf("loaded %+v", got)
	}
}

func TestCreateIncidentNoLatinLetters(t *testing.T) {
	dir, _ := newSite(t)
	in := Incident{Kind: status.KindIncident, Title: "ネットワーク障害", Components: []string{"api"}, Now: time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), Language: "en"}
	p, err := CreateIncident(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	if want := "incidents/2026-11-22-incident-219914.yaml"; p != want {
		t.Errorf("path %s, want %s", p, want)
	}
	got := load(t, dir)["2026-11-22-incident-219914"]
	if got.Title != in.Title || got.Impact != status.ImpactMinor || !strings.HasPrefix(got.Updates[0].Text, "We are investigating") {
		t.Errorf("loaded %+v", got)
	}
}

// TestIncidentStarted: a backdated start, and one within the current
// minute, which the first update must not precede.
func TestIncidentStarted(t *testing.T) {
	dir, paris := newSite(t)
	now := time.Date(2026, 11, 22, 13, 5, 45, 0, paris)
	for _, tc := range []struct {
		started           time.Time
		wantStart, wantAt string
	}{
		{time.Date(2026, 11, 21, 23, 40, 0, 0, paris), "2026-11-21T23:40:00+01:00", "2026-11-22T13:05:00+01:00"},
		{time.Date(2026, 11, 22, 13, 5, 30, 0, paris), "2026-11-22T13:05:30+01:00", "2026-11-22T13:05:30+01:00"},
	} {
		in := Incident{Kind: status.KindIncident, Title: "Late", Components: []string{"web"}, Now: now, Started: tc.started}
		p, err := CreateIncident(dir, in)
		if err != nil {
			t.Fatal(err)
		}
		if want := "incidents/" + tc.started.Format(time.DateOnly) + "-late.yaml"; p != want {
			t.Errorf("path %s, want %s", p, want)
		}
		data, _ := os.ReadFile(filepath.Join(dir, p))
		if !strings.Contains(string(data), "started: "+tc.wantStart+"  #") || !strings.Contains(string(data), "  - at: "+tc.wantAt+"\n") {
			t.Errorf("started %s:\n%s", tc.started, data)
		}
	}
	load(t, dir)
}

func TestIncidentTitle(t *testing.T) {
	for _, title := range []string{"", "  ", "two\nlines"} {
		in := Incident{Kind: status.KindIncident, Title: title, Components: []string{"web"}, Now: time.Now()}
		if _, err := in.Render(); err == nil {
			t.Errorf("title %q accepted", title)
		}
	}
}

func TestPlaceholder(t *testing.T) {
	for lang, want := range map[string]string{"fr-CA": "Nous", "pt": "Estamos", "pt-BR": "Estamos", "nl": "We", "": "We", "ja": "現在",
		"de": "Wir", "es": "Estamos", "ru": "Мы", "zh-Hans": "我们"} {
		if got := placeholder(nil, lang).investigating; !strings.HasPrefix(got, want) {
			t.Errorf("placeholder(%q) = %q", lang, got)
		}
	}
}

// A drafted outage speaks the site's language, in the repository's words
// where it has its own.
func TestOutageWords(t *testing.T) {
	book, problems, err := words.Load(fstest.MapFS{"i18n/fr.yaml": {Data: []byte("draftTitle: \"Panne de {{ .Component }}\"\n")}}, "")
	if err != nil || problems != nil {
		t.Fatal(err, problems)
	}
	for _, c := range []struct {
		b                *words.Book
		lang, title, txt string
	}{
		{nil, "en", "Website is unavailable", "Our automated checks report that Website is not working (https: HTTP 502). We are"},
		{nil, "ja", "Website が利用できません", "自動監視により Website の障害を検知しました（https: HTTP 502）。"},
		{book, "fr", "Panne de Website", "Nos sondes automatiques signalent que Website ne fonctionne pas (https: HTTP 502)."},
	} {
		title, text := Outage(c.b, c.lang, "Website", "https: HTTP 502")
		if title != c.title || !strings.HasPrefix(text, c.txt) {
			t.Errorf("%s: %q, %q", c.lang, title, text)
		}
	}
}
