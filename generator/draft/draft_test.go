package draft

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/monitoring"
	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/status"
)

const statusYAML = `title: Example
base_url: https://status.example.org/
language: fr
timezone: Europe/Paris
components:
  - id: web
    name: Site web
    down_after: 2
    probes:
      - {id: home, type: http, url: "http://127.0.0.1:1/"}
  - id: mail
    name: Mail
    probes:
      - {id: smtp, type: tcp, address: "127.0.0.1:1"}
  - id: docs
    name: Docs
`

// site is a status repository whose probe history the test writes round
// by round, five minutes apart.
type site struct {
	t    *testing.T
	dir  string
	hist string
	now  time.Time
}

func newSite(t *testing.T) *site {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "status.yaml"), []byte(statusYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return &site{t: t, dir: dir, hist: filepath.Join(dir, "history"), now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
}

// round records one result per probe and drafts as `buoy probe
// --draft-incidents` does after it.
func (s *site) round(web, mail status.Outcome) []Drafted {
	s.t.Helper()
	s.now = s.now.Add(5 * time.Minute)
	store := history.Open(s.hist, history.Options{NoSync: true})
	err := store.Append([]status.Result{
		{Time: s.now, Component: "web", Probe: "home", Outcome: web, Reason: reason(web, "HTTP 502")},
		{Time: s.now, Component: "mail", Probe: "smtp", Outcome: mail, Reason: reason(mail, "connection refused")},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return s.draft()
}

func (s *site) draft() []Drafted {
	s.t.Helper()
	r, err := repo.Load(s.dir, s.now)
	if err != nil {
		s.t.Fatal(err)
	}
	snap := status.NewSnapshot(r.Config, r.Incidents, s.now)
	h, err := monitoring.Load(history.Open(s.hist, history.Options{}), r.Config, r.Incidents, s.now, monitoring.Options{Interval: 5 * time.Minute})
	if err != nil {
		s.t.Fatal(err)
	}
	snap.AttachMonitoring(h)
	out, err := Write(snap, Options{Dir: s.dir, HistoryDir: s.hist, Now: func() time.Time { return s.now }})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

func reason(o status.Outcome, why string) string {
	if o == status.OutcomeDown {
		return why
	}
	return "HTTP 200"
}

const up, down = status.OutcomeUp, status.OutcomeDown

func TestDraftOncePerOutage(t *testing.T) {
	s := newSite(t)
	if got := s.round(up, up); len(got) != 0 {
		t.Fatalf("all up: drafted %v", got)
	}
	if got := s.round(down, up); len(got) != 0 {
		t.Fatalf("one failed round, below down_after: drafted %v", got)
	}
	got := s.round(down, up)
	if len(got) != 1 || got[0].Component != "web" {
		t.Fatalf("down after two rounds: drafted %v, want one for web", got)
	}
	file := got[0].Path
	if want := "incidents/2026-11-23-site-web-est-indisponible.yaml"; file != want {
		t.Errorf("path %s, want %s", file, want)
	}
	data, err := os.ReadFile(filepath.Join(s.dir, file))
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"title: Site web est indisponible",
		"components: [web]",
		"impact: major",
		// The first of the two failed rounds, in the site's zone.
		"started: 2026-11-23T11:10:00+01:00",
		"status: investigating",
		"home: HTTP 502",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("draft lacks %q:\n%s", want, text)
		}
	}
	// The draft is a valid incident as it stands, and, published, it
	// covers the outage.
	r, err := repo.Load(s.dir, s.now)
	if err != nil {
		t.Fatalf("the draft does not pass check: %v", err)
	}
	if len(r.Incidents) != 1 {
		t.Fatalf("%d incidents", len(r.Incidents))
	}

	// Its pull request is not merged yet: main has no incident. Later
	// rounds of the same outage draft nothing.
	if err := os.Remove(filepath.Join(s.dir, file)); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got := s.round(down, up); len(got) != 0 {
			t.Fatalf("same outage drafted again: %v", got)
		}
	}
	// Back up, then down again: a new outage, a new draft.
	s.round(up, up)
	s.round(down, up)
	if got := s.round(down, up); len(got) != 1 {
		t.Fatalf("second outage: drafted %v, want one", got)
	}
}

// A draft starts at the sample that failed first, however irregular the
// rounds (a run by hand a minute after the scheduled one), and says what
// wrote it.
func TestDraftStartsAtFirstFailedSample(t *testing.T) {
	s := newSite(t)
	s.round(up, up)
	s.round(up, up)
	s.round(down, up) // 10:15
	s.now = s.now.Add(-4 * time.Minute)
	got := s.round(down, up) // 10:16
	if len(got) != 1 {
		t.Fatalf("drafted %v, want one", got)
	}
	data, err := os.ReadFile(filepath.Join(s.dir, got[0].Path))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"started: 2026-11-23T11:15:00+01:00  #",
		"at: 2026-11-23T11:16:00+01:00\n",
		"# Drafted by `buoy probe --draft-incidents`: its probes found web down.\n",
	} {
		if !strings.Contains(string(data), want) {
			t.Errorf("draft lacks %q:\n%s", want, data)
		}
	}
	if strings.Contains(string(data), "buoy new") {
		t.Errorf("draft says buoy new wrote it:\n%s", data)
	}
}

func TestNoDraftWhenCovered(t *testing.T) {
	s := newSite(t)
	incident := "title: Web site down\ncomponents: [web]\nimpact: major\nstarted: 2026-11-23T10:00:00Z\n"
	if err := os.MkdirAll(filepath.Join(s.dir, "incidents"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.dir, "incidents", "2026-11-23-web-down.yaml"), []byte(incident), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got := s.round(down, up); len(got) != 0 {
			t.Fatalf("an active incident covers web: drafted %v", got)
		}
	}
}

func TestNoDraftFromStaleData(t *testing.T) {
	s := newSite(t)
	s.round(down, down)
	s.round(down, down)
	// The probe pipeline died an hour ago: nothing is known now.
	s.now = s.now.Add(time.Hour)
	if got := s.draft(); len(got) != 0 {
		t.Fatalf("stale data: drafted %v", got)
	}
}

func TestLogSurvivesTornLinesAndMerges(t *testing.T) {
	s := newSite(t)
	s.round(down, up)
	if got := s.round(down, up); len(got) != 1 {
		t.Fatalf("drafted %v", got)
	}
	log := filepath.Join(s.hist, LogFile)
	f, err := os.OpenFile(log, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// A torn line from a killed writer, then another region's lines that
	// a union merge put out of order.
	if _, err := f.WriteString(`{"time":"2026-11-23T10:20:00Z","component":"web","event":"recov`); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := s.round(down, up); len(got) != 0 {
		t.Fatalf("torn line made the outage look new: drafted %v", got)
	}
	data, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("log:\n%s", data)
	}
	s.round(up, up)
	data, _ = os.ReadFile(log)
	if !strings.HasSuffix(string(data), "\"event\":\"recovered\"}\n") {
		t.Fatalf("recovery not logged on a line of its own:\n%s", data)
	}
}
