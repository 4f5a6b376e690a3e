package announce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/notify"
	"github.com/buoystatus/buoy/generator/repo"
)

// hook is a webhook receiver on loopback that checks each request is the
// documented announcement and counts what it took, by post key. fail
// answers 500 to that many requests first.
type hook struct {
	*httptest.Server
	t    *testing.T
	mu   sync.Mutex
	fail int
	took []Document
}

func newHook(t *testing.T) *hook {
	h := &hook{t: t}
	h.Server = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.Close)
	return h
}

func (h *hook) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var d Document
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	err := dec.Decode(&d)
	switch {
	case r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json":
		err = fmt.Errorf("%s with %q", r.Method, r.Header.Get("Content-Type"))
	case err != nil:
	case d.Version != 1 || d.ID == "" || d.ID != r.Header.Get("Idempotency-Key") || d.Key == "" || d.Kind == "" || d.Time.IsZero():
		err = fmt.Errorf("incomplete document %s", body)
	case d.Incident.ID == "" || d.Incident.Title == "" || !strings.HasPrefix(d.Incident.URL, "https://status.example.org/incidents/") || d.Subject == "" || d.Page.URL != "https://status.example.org/":
		err = fmt.Errorf("incident not described: %s", body)
	}
	if err != nil {
		h.t.Errorf("webhook: %v", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail > 0 {
		h.fail--
		http.Error(w, "busy", http.StatusInternalServerError)
		return
	}
	h.took = append(h.took, d)
	w.WriteHeader(http.StatusNoContent)
}

// keys are the event keys the hook took, in order.
func (h *hook) keys() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, d := range h.took {
		out = append(out, d.Key)
	}
	return out
}

// fixture is a status repository on disk with webhook targets.
type fixture struct {
	t       *testing.T
	dir     string
	history string
}

func newFixture(t *testing.T, notifyYAML string) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir()}
	f.history = filepath.Join(f.dir, "history")
	f.write("status.yaml", `title: Example status
base_url: https://status.example.org/
components:
  - { id: web, name: Website }
  - { id: api, name: API }
notify:
`+notifyYAML)
	return f
}

func (f *fixture) write(name, data string) {
	f.t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		f.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) read(name string) string {
	f.t.Helper()
	b, err := os.ReadFile(filepath.Join(f.dir, name))
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

func (f *fixture) site(now time.Time) *Site {
	f.t.Helper()
	r, err := repo.Load(f.dir, now)
	if err != nil {
		f.t.Fatal(err)
	}
	return &Site{Config: r.Config, Incidents: r.Incidents, Words: r.Words}
}

// run is one `buoy announce` at now; it fails the test on an error.
func (f *fixture) run(now time.Time, since time.Time, run string) (*Plan, *Sent) {
	f.t.Helper()
	p, s, err := Run(context.Background(), f.site(now), sender(), Options{HistoryDir: f.history, Now: func() time.Time { return now }, Since: since, Run: run})
	if err != nil {
		f.t.Fatal(err)
	}
	return p, s
}

// sender tries each post once, so that a 500 is a failed delivery.
func sender() *notify.Sender {
	return notify.NewSender(notify.Options{Attempts: 1, Backoff: time.Millisecond})
}

const threeUpdates = `title: Database down
components: [api]
impact: major
started: 2026-03-01T10:00:00Z
updates:
  - { at: 2026-03-01T10:05:00Z, status: investigating, text: "The API answers **500**." }
  - { at: 2026-03-01T10:30:00Z, status: identified, text: A full disk. }
  - { at: 2026-03-01T11:00:00Z, status: resolved, text: Space freed. }
`

func TestExactlyOnce(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [incident] }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

	p, s := f.run(now, since, "r1")
	if len(p.Started) != 1 || !p.Started[0].Since.Equal(since) || len(s.Results) != 3 {
		t.Fatalf("first run: started %v, %d results", p.Started, len(s.Results))
	}
	want := []string{"2026-03-01-db#opened", "2026-03-01-db@2026-03-01T10:30:00Z/identified", "2026-03-01-db@2026-03-01T11:00:00Z/resolved"}
	if got := h.keys(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("sent %v, want %v", got, want)
	}
	first := h.took[0]
	if first.Kind != KindOpened || first.Incident.Status != "investigating" || first.Update == nil || first.Update.Text != "The API answers **500**." ||
		first.Incident.URL != "https://status.example.org/incidents/2026-03-01-db/" || len(first.Incident.Components) != 1 || first.Incident.Components[0].Name != "API" {
		t.Errorf("first post: %+v", first)
	}
	if first.Subject != "[Example status] Database down: Investigating" || h.took[2].Kind != KindResolved {
		t.Errorf("subject %q, last kind %s", first.Subject, h.took[2].Kind)
	}

	// The same run again, and a run with the text of an update edited.
	f.run(now.Add(time.Minute), time.Time{}, "r2")
	f.write("incidents/2026-03-01-db.yaml", strings.Replace(threeUpdates, "A full disk.", "A full disk on db-2.", 1))
	f.run(now.Add(2*time.Minute), time.Time{}, "r3")
	if n := len(h.keys()); n != 3 {
		t.Fatalf("after two more runs, %d posts: %v", n, h.keys())
	}
	// A new update, and a postmortem.
	f.write("incidents/2026-03-01-db.yaml", threeUpdates+"  - { at: 2026-03-01T12:30:00Z, status: resolved, text: Cause found. }\npostmortem: The disk filled with logs.\n")
	later := now.Add(time.Hour)
	_, s = f.run(later, time.Time{}, "r4")
	if got := h.keys()[3:]; len(got) != 2 || got[0] != "2026-03-01-db@2026-03-01T12:30:00Z/resolved" || got[1] != "2026-03-01-db#postmortem" || len(s.Results) != 2 {
		t.Fatalf("new update and postmortem sent as %v", got)
	}
	if pm := h.took[4]; pm.Kind != KindPostmortem || pm.Postmortem != "The disk filled with logs." || pm.Update != nil {
		t.Errorf("postmortem post: %+v", pm)
	}
	f.run(later.Add(time.Minute), time.Time{}, "r5")
	if n := len(h.keys()); n != 5 {
		t.Errorf("a last run sent again: %v", h.keys())
	}
}

// TestFirstRunStartsLog: a first run on a site with incidents announces
// none of them and starts the log; what happens after is announced.
func TestFirstRunStartsLog(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [incident, maintenance] }\n  - { id: team, type: webhook, url: \""+h.URL+"\" }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	p, s := f.run(now, time.Time{}, "r1")
	if len(p.Started) != 1 || !p.Started[0].Since.Equal(now) || len(s.Results) != 0 || len(h.keys()) != 0 {
		t.Fatalf("first run: %+v, sent %v", p, h.keys())
	}
	log, err := ReadLog(f.history)
	if err != nil || !log.Start("hook").Equal(now) {
		t.Fatalf("log start %v %v", log.Start("hook"), err)
	}
	f.write("incidents/2026-03-02-web.yaml", "title: Slow pages\ncomponents: [web]\nimpact: minor\nstarted: 2026-03-02T09:10:00Z\nupdates:\n  - { at: 2026-03-02T09:10:00Z, status: investigating, text: Slow. }\n")
	p, _ = f.run(now.Add(20*time.Minute), time.Time{}, "r2")
	if len(p.Started) != 0 || strings.Join(h.keys(), " ") != "2026-03-02-web#opened" {
		t.Errorf("second run: started %v, sent %v", p.Started, h.keys())
	}
	// A target added later starts the log anew for itself: it is not
	// sent what the others were.
	late := newHook(t)
	f.write("status.yaml", strings.Replace(f.read("status.yaml"), "notify:\n", "notify:\n  - { id: late, type: webhook, url: \""+late.URL+"\", on: [incident] }\n", 1))
	p, _ = f.run(now.Add(40*time.Minute), time.Time{}, "r3")
	if len(p.Started) != 1 || p.Started[0].Target != "late" || len(late.keys()) != 0 || len(h.keys()) != 1 {
		t.Errorf("a target added later: started %v, sent %v", p.Started, late.keys())
	}
	// A target taking neither incidents nor maintenance starts nothing.
	log, _ = ReadLog(f.history)
	if !log.Start("team").IsZero() {
		t.Error("a log start for an alerts-only target")
	}
}

// TestFailedRetried: a target that fails is sent the announcement on the
// next run, and the target that took it is not sent it again.
func TestFailedRetried(t *testing.T) {
	good, flaky := newHook(t), newHook(t)
	flaky.fail = 1
	f := newFixture(t, "  - { id: good, type: webhook, url: \""+good.URL+"\", on: [incident] }\n  - { id: flaky, type: webhook, url: \""+flaky.URL+"\", on: [incident] }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	_, s := f.run(now, now.Add(-24*time.Hour), "r1")
	failed := 0
	for _, r := range s.Results {
		if r.Err != nil {
			failed++
			if r.Post.Target.ID != "flaky" || !strings.Contains(r.Err.Error(), "HTTP 500") {
				t.Errorf("failure: %v", r.Err)
			}
		}
	}
	if failed != 1 || len(good.keys()) != 3 || len(flaky.keys()) != 2 {
		t.Fatalf("first run: %d failed, good %v, flaky %v", failed, good.keys(), flaky.keys())
	}
	_, s = f.run(now.Add(5*time.Minute), time.Time{}, "r2")
	if len(s.Results) != 1 || s.Results[0].Err != nil || s.Results[0].Post.Target.ID != "flaky" {
		t.Fatalf("second run: %+v", s.Results)
	}
	if len(good.keys()) != 3 || len(flaky.keys()) != 3 {
		t.Errorf("good %v, flaky %v", good.keys(), flaky.keys())
	}
	seen := map[string]bool{}
	for _, k := range flaky.keys() {
		if seen[k] {
			t.Errorf("flaky took %s twice", k)
		}
		seen[k] = true
	}
}

// TestMaintenanceClock: a maintenance announced days ahead is scheduled,
// reminded once in the day before its window, started and completed by the
// clock when nobody writes an update.
func TestMaintenanceClock(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [maintenance] }\n")
	f.write("incidents/2026-03-10-upgrade.yaml", `title: Database upgrade
kind: maintenance
components: [api]
window: { start: 2026-03-10T06:00:00Z, end: 2026-03-10T08:00:00Z }
updates:
  - { at: 2026-03-05T10:00:00Z, status: scheduled, text: The API will be read-only. }
`)
	start := time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC)
	steps := []struct {
		at   time.Time
		want string
	}{
		{start.Add(-4 * 24 * time.Hour), "2026-03-10-upgrade#opened"},
		{start.Add(-30 * time.Hour), ""},
		{start.Add(-20 * time.Hour), "2026-03-10-upgrade#reminder"},
		{start.Add(-19 * time.Hour), ""},
		{start.Add(-time.Minute), ""},
		{start.Add(time.Minute), "2026-03-10-upgrade#started"},
		{start.Add(time.Hour), ""},
		{start.Add(3 * time.Hour), "2026-03-10-upgrade#completed"},
		{start.Add(4 * time.Hour), ""},
	}
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, st := range steps {
		before := len(h.keys())
		f.run(st.at, since, fmt.Sprint("r", i))
		got := strings.Join(h.keys()[before:], " ")
		if got != st.want {
			t.Errorf("run at %s sent %q, want %q", st.at.Format(time.RFC3339), got, st.want)
		}
	}
	if len(h.took) < 3 {
		t.Fatal("too few posts")
	}
	rem := h.took[1]
	if rem.Kind != KindReminder || rem.Subject != "[Example status] Database upgrade: Reminder" || rem.Incident.Window == nil || !rem.Incident.Window.Start.Equal(start) {
		t.Errorf("reminder: %+v", rem)
	}
}

// TestReplyTo: the posts of a thread in a run reply to the latest post
// the log says was sent to that target in that thread (a webhook gives
// no id of its own to reply to instead).
func TestReplyTo(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [incident] }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	since := time.Date(2026, 3, 1, 10, 10, 0, 0, time.UTC)
	at := func(m int) time.Time { return time.Date(2026, 3, 1, 10, m, 0, 0, time.UTC) }
	var lines []Line
	for i, remote := range []string{"109", "107"} {
		// Out of order, as a union merge may leave them.
		lines = append(lines, Line{Time: at(8 - i), Op: OpSent, Run: "old", Target: "hook", Key: fmt.Sprint("k", i), Thread: "2026-03-01-db#opened", Remote: remote})
	}
	if err := appendLog(f.history, lines); err != nil {
		t.Fatal(err)
	}
	_, s := f.run(now, since, "r1")
	if len(s.Results) != 2 || s.Results[0].Post.ReplyTo != "109" || s.Results[1].Post.ReplyTo != "109" {
		t.Errorf("results: %+v", s.Results)
	}
}

// A postmortem is usually written days after the resolution went out, in a
// pull request of its own: it is announced then, once, on a log started by
// a first run before the incident; one added to an incident over before
// the log started is not.
func TestPostmortemAddedLater(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [incident] }\n")
	f.write("incidents/2026-02-01-old.yaml", strings.ReplaceAll(threeUpdates, "2026-03-01", "2026-02-01"))
	f.run(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), time.Time{}, "r1")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	f.run(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), time.Time{}, "r2")
	if n := len(h.keys()); n != 3 {
		t.Fatalf("the incident's three updates went out as %v", h.keys())
	}
	f.write("incidents/2026-03-01-db.yaml", threeUpdates+"postmortem: The disk filled with logs.\n")
	f.write("incidents/2026-02-01-old.yaml", strings.ReplaceAll(threeUpdates, "2026-03-01", "2026-02-01")+"postmortem: Older.\n")
	later := time.Date(2026, 3, 4, 15, 0, 0, 0, time.UTC)
	f.run(later, time.Time{}, "r3")
	f.run(later.Add(time.Hour), time.Time{}, "r4")
	if got := h.keys()[3:]; len(got) != 1 || got[0] != "2026-03-01-db#postmortem" {
		t.Fatalf("after the postmortems were added, sent %v; want the new incident's postmortem, once", got)
	}
	if pm := h.took[3]; pm.Kind != KindPostmortem || pm.Postmortem != "The disk filled with logs." {
		t.Errorf("postmortem post: %+v", pm)
	}
}

// A repository whose targets all take alerts only has nothing to announce:
// a run says so and leaves it without a history folder, as it found it.
func TestNoAnnouncingTarget(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: team, type: webhook, url: \""+h.URL+"\" }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	p, s := f.run(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), "r1")
	if p.Targets != 0 || len(p.Due) != 0 || len(s.Results) != 0 || len(h.keys()) != 0 {
		t.Errorf("plan %+v, sent %v", p, h.keys())
	}
	if _, err := os.Stat(f.history); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the history folder: %v; want none", err)
	}
}

// A maintenance written without updates says nothing of when it was
// published: one already there when the log starts is not announced by
// the first run nor by any later one; one written after is announced once.
func TestFirstRunUndatedMaintenance(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [maintenance], remind_before: 0 }\n")
	undated := "title: %s\nkind: maintenance\ncomponents: [api]\nwindow: { start: 2026-03-10T06:00:00Z, end: 2026-03-10T08:00:00Z }\n"
	f.write("incidents/2026-03-10-upgrade.yaml", fmt.Sprintf(undated, "Database upgrade"))
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p, _ := f.run(now, time.Time{}, "r1")
	if len(p.Skipped) != 1 || p.Skipped[0].Key != "2026-03-10-upgrade#opened" {
		t.Errorf("first run skipped %v", p.Skipped)
	}
	f.run(now.Add(time.Hour), time.Time{}, "r2")
	if got := h.keys(); len(got) != 0 {
		t.Fatalf("a maintenance there before the log started was announced: %v", got)
	}
	f.write("incidents/2026-03-11-switch.yaml", fmt.Sprintf(undated, "Switch replacement"))
	f.run(now.Add(2*time.Hour), time.Time{}, "r3")
	f.run(now.Add(3*time.Hour), time.Time{}, "r4")
	if got := strings.Join(h.keys(), " "); got != "2026-03-11-switch#opened" {
		t.Errorf("sent %q, want the maintenance written after the log started, once", got)
	}
}
