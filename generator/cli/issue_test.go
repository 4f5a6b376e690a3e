package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status/statustest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/issue/golden")

// TestIssueGolden runs `buoy issue` on each recorded event of
// testdata/issue/events against a fresh copy of testdata/issue/repo, and
// compares what it leaves (the files it wrote or changed, the reply, the
// output and exit code) with testdata/issue/golden/NAME.
func TestIssueGolden(t *testing.T) {
	events, err := filepath.Glob(filepath.Join("testdata", "issue", "events", "*.json"))
	if err != nil || len(events) == 0 {
		t.Fatalf("no events: %v", err)
	}
	for _, ev := range events {
		name := strings.TrimSuffix(filepath.Base(ev), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(ev)
			if err != nil {
				t.Fatal(err)
			}
			issueGolden(t, name, data)
		})
	}
	// A 1 MB body is refused before anything is written; it is made here
	// rather than stored.
	t.Run("opened-1mb-body", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "issue", "events", "opened-incident.json"))
		if err != nil {
			t.Fatal(err)
		}
		var ev map[string]any
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatal(err)
		}
		issue := ev["issue"].(map[string]any)
		issue["body"] = strings.Replace(issue["body"].(string), "Logins fail for everyone.", strings.Repeat("Logins fail for everyone.\r\n", 40_000), 1)
		if data, err = json.Marshal(ev); err != nil {
			t.Fatal(err)
		}
		issueGolden(t, "opened-1mb-body", data)
	})
}

func issueGolden(t *testing.T, name string, event []byte) {
	base := filepath.Join("testdata", "issue", "repo")
	before, err := statustest.ReadTree(base)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for p, b := range before {
		writeFiles(t, site, map[string]string{p: string(b)})
	}
	if err := os.WriteFile(filepath.Join(dir, "event.json"), event, 0o644); err != nil {
		t.Fatal(err)
	}
	env, stdout, stderr := pastEnv(t, dir)
	err = env.Run(context.Background(), []string{"issue", "--event", "event.json", "-C", "site", "--comment", "reply.md"})

	got := map[string][]byte{
		"result.txt": fmt.Appendf(nil, "exit %d\n--- stdout\n%s--- stderr\n%s", ExitCode(err), stdout, stderr),
	}
	after, err := statustest.ReadTree(site)
	if err != nil {
		t.Fatal(err)
	}
	for p, b := range after {
		if !bytes.Equal(before[p], b) {
			got["repo/"+p] = b
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("%s was removed", p)
		}
	}
	if reply, err := os.ReadFile(filepath.Join(dir, "reply.md")); err == nil {
		got["reply.md"] = reply
	}
	statustest.Golden(t, filepath.Join("testdata", "issue", "golden", name), got, *update)
	// Whatever was written, buoy check accepts.
	if len(got) > 1 {
		env, _, stderr := pastEnv(t, dir)
		if err := env.Run(context.Background(), []string{"check", "-C", "site"}); err != nil {
			t.Errorf("buoy check after buoy issue: %v\n%s", err, stderr)
		}
	}
}

// TestIssueBrokenRepo: a repository buoy check rejects gets no change, and
// the reply lists its problems at their file:line:col; an event that is
// ignored anyway is ignored without them.
func TestIssueBrokenRepo(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	writeFiles(t, site, map[string]string{
		"status.yaml": string(mustRead(t, filepath.Join("testdata", "issue", "repo", "status.yaml"))),
		"incidents/2026-03-15-api-errors.yaml": string(mustRead(t, filepath.Join("testdata", "issue", "repo", "incidents", "2026-03-15-api-errors.yaml"))) +
			"impact: huge\n",
	})
	run := func(event string) (int, string, string) {
		env, stdout, _ := pastEnv(t, dir)
		err := env.Run(context.Background(), []string{"issue", "--event", mustAbs(t, event), "-C", "site", "--comment", "reply.md"})
		reply, _ := os.ReadFile(filepath.Join(dir, "reply.md"))
		os.Remove(filepath.Join(dir, "reply.md"))
		return ExitCode(err), stdout.String(), string(reply)
	}
	code, out, reply := run("comment-chatter")
	if code != 0 || out != "ignored=the comment is not a command (/update, /resolve, /postmortem)\n" || reply != "" {
		t.Errorf("chatter: exit %d, %q, reply %q", code, out, reply)
	}
	code, out, reply = run("comment-update-identified")
	want := "```\nincidents/2026-03-15-api-errors.yaml:16:1: duplicate key \"impact\" in incident\n```"
	if code != 1 || out != "" || !strings.Contains(reply, want) || !strings.Contains(reply, "in the status repository as it stands") {
		t.Errorf("update: exit %d, %q, reply:\n%s\nwant it to hold:\n%s", code, out, reply, want)
	}
}

func mustAbs(t *testing.T, event string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", "issue", "events", event+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
