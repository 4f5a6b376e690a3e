package publish

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
	"github.com/buoystatus/buoy/generator/snapshot"
	"github.com/buoystatus/buoy/generator/status"
)

const statusYAML = `title: T
base_url: https://status.example/
components:
  - id: web
    name: Web
    down_after: 2
    probes:
      - { id: home, type: http, url: "https://web.example/" }
  - id: docs
    name: Docs
`

// site is a status repository on disk with a history folder that rounds
// are appended to, as buoy probe does.
type site struct {
	t     *testing.T
	root  string
	store *history.Store
}

func newSite(t *testing.T) *site {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "status.yaml"), []byte(statusYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	return &site{t: t, root: root, store: history.Open(filepath.Join(root, "history"), history.Options{NoSync: true})}
}

func (s *site) round(at time.Time, outcome status.Outcome) {
	s.t.Helper()
	err := s.store.Append([]status.Result{{Time: at, Component: "web", Probe: "home", Outcome: outcome, Latency: 80 * time.Millisecond, Reason: "HTTP 200"}})
	if err != nil {
		s.t.Fatal(err)
	}
}

// decide is what `buoy deploy-due` does: load the repository and its
// monitoring data, compare the page's states with the log, record the
// deploy when due.
func (s *site) decide(now time.Time, every time.Duration) Decision {
	s.t.Helper()
	snap, store, err := snapshot.Load(s.root, now, snapshot.Options{})
	if err != nil {
		s.t.Fatal(err)
	}
	d, err := Due(snap, store.Dir(), every, false)
	if err != nil {
		s.t.Fatal(err)
	}
	return d
}

// TestQuietDay: rounds every 5 minutes with nothing changing deploy once
// an hour; a component going down and coming back deploys at once, each
// time.
func TestQuietDay(t *testing.T) {
	s := newSite(t)
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var deploys []string
	for i := range 288 {
		at := start.Add(time.Duration(i) * 5 * time.Minute)
		outcome := status.OutcomeUp
		// Down from 10:00 to 10:30: shown down from the second failed
		// round (down_after: 2), operational again with the first good one.
		if h := at.Hour(); h == 10 && at.Minute() < 30 {
			outcome = status.OutcomeDown
		}
		s.round(at, outcome)
		if d := s.decide(at.Add(20*time.Second), time.Hour); d.Due {
			deploys = append(deploys, at.Format("15:04")+" "+d.Reason)
		}
	}
	var times []string
	for _, d := range deploys {
		times = append(times, d[:5])
	}
	want := "00:00 01:00 02:00 03:00 04:00 05:00 06:00 07:00 08:00 09:00 10:00 10:05 10:30 11:30 12:30 13:30 14:30 15:30 16:30 17:30 18:30 19:30 20:30 21:30 22:30 23:30"
	if got := strings.Join(times, " "); got != want {
		t.Errorf("deploys at\n%s\nwant\n%s\n%s", got, want, strings.Join(deploys, "\n"))
	}
	for _, w := range []string{"00:00 no deploy recorded yet", "01:00 the last deploy (2026-11-20 00:00 UTC) is 1h0m0s old, the interval is 1h0m0s", "10:05 web: operational → major_outage", "10:30 web: major_outage → operational"} {
		if !slices.Contains(deploys, w) {
			t.Errorf("no deploy %q among:\n%s", w, strings.Join(deploys, "\n"))
		}
	}
}

// TestStaleData: when rounds stop, the page must be deployed once more to
// say its data is stale, then again when they resume.
func TestStaleData(t *testing.T) {
	s := newSite(t)
	start := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for i := range 3 {
		s.round(start.Add(time.Duration(i)*5*time.Minute), status.OutcomeUp)
	}
	if d := s.decide(start.Add(10*time.Minute), time.Hour); !d.Due {
		t.Fatalf("first decision: %+v", d)
	}
	// Three intervals without a sample make the data stale (status.StaleAfter).
	if d := s.decide(start.Add(24*time.Minute), time.Hour); d.Due {
		t.Errorf("before stale: %+v", d)
	}
	d := s.decide(start.Add(40*time.Minute), time.Hour)
	if !d.Due || !strings.Contains(d.Reason, "stale probe data: [] → [web]") || !strings.Contains(d.Reason, "monitoring stale: false → true") {
		t.Errorf("stale data: %+v", d)
	}
	s.round(start.Add(45*time.Minute), status.OutcomeUp)
	if d := s.decide(start.Add(45*time.Minute), time.Hour); !d.Due || !strings.Contains(d.Reason, "[web] → []") {
		t.Errorf("data back: %+v", d)
	}
}

// TestLog: the newest line wins whatever the order regions' lines merged
// in; a torn line is skipped; an interval of 0 or a clock behind the last
// deploy deploys.
func TestLog(t *testing.T) {
	dir := t.TempDir()
	sum := Summary{States: map[string]status.ComponentStatus{"web": status.Operational}}
	t0 := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{t0.Add(time.Hour), t0} {
		if err := Record(dir, Deploy{Time: at, Summary: sum}); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.OpenFile(filepath.Join(dir, LogFile), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2026-11-20T15:00:00Z","states":{"web":"opera`)
	f.Close()
	last, err := Last(dir)
	if err != nil || last == nil || !last.Time.Equal(t0.Add(time.Hour)) {
		t.Fatalf("last = %+v, %v; want the 13:00 deploy", last, err)
	}
	for _, c := range []struct {
		at    time.Time
		every time.Duration
		due   bool
	}{
		{t0.Add(90 * time.Minute), time.Hour, false},
		{t0.Add(90 * time.Minute), 0, true},
		{t0.Add(2 * time.Hour), time.Hour, true},
		{t0, time.Hour, true},
	} {
		if d := Decide(last, sum, c.at, c.every); d.Due != c.due {
			t.Errorf("at %s every %s: %+v, want due %v", c.at.Format("15:04"), c.every, d, c.due)
		}
	}
	if d := Decide(nil, sum, t0, time.Hour); !d.Due {
		t.Errorf("without a log: %+v", d)
	}
	gone := Summary{States: map[string]status.ComponentStatus{"api": status.Operational}}
	if d := Decide(last, gone, t0.Add(90*time.Minute), time.Hour); d.Reason != "api: new component (operational); web: removed" {
		t.Errorf("components changed: %+v", d)
	}
}
