package scaffold

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/repo"
	"github.com/buoystatus/buoy/generator/status"
)

// The commented notify: example of a new status.yaml passes buoy check
// once uncommented, and shows both halves: targets for alerts, and the
// email and Mastodon targets that take announcements by default.
func TestRepositoryNotifyExample(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 22, 1, 0, 0, 0, time.UTC)
	files, err := Repository(Options{Now: now, Version: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, files); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "status.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	in := false
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "# notify:"):
			in = true
		case in && !strings.HasPrefix(l, "#   "):
			in = false
		}
		if in {
			lines[i] = strings.TrimPrefix(l, "# ")
		}
	}
	if err := os.WriteFile(p, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := repo.Load(dir, now)
	if err != nil {
		t.Fatalf("the uncommented example does not pass buoy check: %v", err)
	}
	var announce, alerts []string
	for _, n := range r.Config.Notify {
		if slices.Contains(n.Takes(), status.OnIncident) && slices.Contains(n.Takes(), status.OnMaintenance) {
			announce = append(announce, string(n.Type))
		}
		if slices.Contains(n.Takes(), status.AlertDown) {
			alerts = append(alerts, string(n.Type))
		}
	}
	if !slices.Equal(announce, []string{"email", "mastodon"}) || !slices.Equal(alerts, []string{"slack", "telegram"}) {
		t.Errorf("announcements go to %v, alerts to %v; want email and mastodon, slack and telegram", announce, alerts)
	}
}
