package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// TestIssueRoundTrip replays a whole incident's events through buoy issue,
// opened, three commands, then closed, and builds the site: the incident's
// page shows every update, newest first.
func TestIssueRoundTrip(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	base := filepath.Join("testdata", "issue", "repo")
	// With auto_merge, buoy issue tells the workflow to merge.
	writeFiles(t, site, map[string]string{"status.yaml": string(mustRead(t, filepath.Join(base, "status.yaml"))) + "auto_merge: true\n"})
	events, err := filepath.Glob(filepath.Join("testdata", "issue", "roundtrip", "*.json"))
	if err != nil || len(events) != 5 {
		t.Fatalf("events: %v %v", events, err)
	}
	env, stdout, stderr := pastEnv(t, dir)
	const file = "incidents/2026-03-15-slow-pages-and-lost-chat-messages.yaml"
	for i, ev := range events {
		stdout.Reset()
		stderr.Reset()
		abs, err := filepath.Abs(ev)
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Run(context.Background(), []string{"issue", "--event", abs, "-C", "site"}); err != nil {
			t.Fatalf("%s: %v\n%s", ev, err, stderr)
		}
		want := "file=" + file + "\nbranch=buoy/issue/90\nauto_merge=true\n"
		if i == len(events)-1 {
			// Closing after /resolve changes nothing.
			want = "ignored=" + file + " is already resolved\n"
		}
		if stdout.String() != want {
			t.Errorf("%s printed %q, want %q", ev, stdout, want)
		}
	}
	s := sitetest.Open(t, site, env.Now()).Build()
	// Newest first.
	const page = "incidents/2026-03-15-slow-pages-and-lost-chat-messages/index.html"
	s.AssertFileContent(page, "Step four", "Step three", "Step two", "Step one")
	if n := strings.Count(s.FileContent(page), "Step "); n != 4 {
		t.Errorf("the page shows %d updates, want 4", n)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
