package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const parisConfig = `title: T
base_url: https://status.example.org/
timezone: Europe/Paris
components:
  - { id: website, name: Website }
  - { id: api, name: API }
  - { id: chat, name: Chat }
`

func runOK(t *testing.T, env *Env, args ...string) string {
	t.Helper()
	stdout, stderr := env.Stdout.(*bytes.Buffer), env.Stderr.(*bytes.Buffer)
	stdout.Reset()
	stderr.Reset()
	if err := env.Run(context.Background(), args); err != nil {
		t.Fatalf("buoy %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return stdout.String()
}

// TestNew writes an incident and a maintenance into a fresh repository and
// builds the site with them, unedited.
func TestNew(t *testing.T) {
	dir := t.TempDir()
	env, _, _ := pastEnv(t, dir)
	runOK(t, env, "init", "site")
	got := runOK(t, env, "new", "incident", "Panne réseau", "--components", "website, api", "--impact", "major", "-C", "site")
	if got != "site/incidents/2026-03-15-panne-reseau.yaml\n" {
		t.Errorf("new incident printed %q", got)
	}
	got = runOK(t, env, "new", "maintenance", "Database upgrade", "-C", "site", "--components=*", "--start", "2026-03-20 22:00", "--end", "2026-03-21T01:30:00Z")
	if got != "site/incidents/2026-03-20-database-upgrade.yaml\n" {
		t.Errorf("new maintenance printed %q", got)
	}
	if out := runOK(t, env, "check", "-C", "site"); !strings.Contains(out, "2 incidents, 1 maintenance window\n") {
		t.Errorf("check: %s", out)
	}
	runOK(t, env, "build", "-C", "site")
	index, err := os.ReadFile(filepath.Join(dir, "site", "public", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Panne réseau", "Database upgrade"} {
		if !strings.Contains(string(index), s) {
			t.Errorf("index.html does not show %q", s)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "public", "incidents", "2026-03-15-panne-reseau", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestNewTimes: times are written in the site's zone with its offset, and
// --start/--end read wall-clock times in that zone.
func TestNewTimes(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"status.yaml": parisConfig})
	env, _, _ := newEnv(t, dir) // 2026-11-22 12:00 UTC, 13:00 in Paris
	p := strings.TrimSpace(runOK(t, env, "new", "incident", "Chat is slow", "--components", "chat"))
	data, _ := os.ReadFile(filepath.Join(dir, p))
	for _, s := range []string{"started: 2026-11-22T13:00:00+01:00", "  - at: 2026-11-22T13:00:00+01:00", "impact: minor", "components: [chat]"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("%s lacks %q:\n%s", p, s, data)
		}
	}
	p = strings.TrimSpace(runOK(t, env, "new", "incident", "API errors", "--components", "api", "--start", "2026-11-22 12:40"))
	data, _ = os.ReadFile(filepath.Join(dir, p))
	if !strings.Contains(string(data), "started: 2026-11-22T12:40:00+01:00") || !strings.Contains(string(data), "  - at: 2026-11-22T13:00:00+01:00") {
		t.Errorf("--start for an incident:\n%s", data)
	}
	// Summer time: the offset is the one in force at that date.
	p = strings.TrimSpace(runOK(t, env, "new", "maintenance", "Power work", "--components", "website,api", "--start", "2027-07-01 08:00", "--end", "2027-07-01 10:00"))
	if p != "incidents/2027-07-01-power-work.yaml" {
		t.Errorf("path %s", p)
	}
	data, _ = os.ReadFile(filepath.Join(dir, p))
	for _, s := range []string{"  start: 2027-07-01T08:00:00+02:00\n", "  end: 2027-07-01T10:00:00+02:00\n", "  - at: 2026-11-22T13:00:00+01:00\n", "status: scheduled"} {
		if !strings.Contains(string(data), s) {
			t.Errorf("%s lacks %q:\n%s", p, s, data)
		}
	}
	runOK(t, env, "check")
}

func TestNewNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"status.yaml":                    "title: T\nbase_url: https://s.example/\ncomponents: [{id: web, name: Web}]\n",
		"incidents/2026-11-22-outage.md": "---\ntitle: Mine\ncomponents: [web]\nstarted: 2026-11-22T10:00:00Z\n---\n",
	})
	env, _, _ := newEnv(t, dir)
	// One component: --components may be left out.
	if got := runOK(t, env, "new", "incident", "Outage"); got != "incidents/2026-11-22-outage-2.yaml\n" {
		t.Errorf("got %q", got)
	}
	if got := runOK(t, env, "new", "incident", "Outage"); got != "incidents/2026-11-22-outage-3.yaml\n" {
		t.Errorf("got %q", got)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "incidents/2026-11-22-outage.md")); !strings.Contains(string(data), "title: Mine") {
		t.Errorf("existing incident changed: %s", data)
	}
	runOK(t, env, "check")
}

func TestNewUsageErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"status.yaml": parisConfig})
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"new"}, "a kind and a title"},
		{[]string{"new", "incident"}, "a kind and a title"},
		{[]string{"new", "outage", "X"}, "incident or a maintenance"},
		{[]string{"new", "incident", "X"}, "--components with one or more of website, api, chat"},
		{[]string{"new", "incident", "X", "--components", "website,wesbite,db"}, `unknown component "wesbite" (did you mean "website"?), "db"; the components are website, api, chat`},
		{[]string{"new", "incident", "X", "--components", "*,api"}, `do not list others`},
		{[]string{"new", "incident", "X", "--components", "api", "--impact", "huge"}, "none, minor, major or critical"},
		{[]string{"new", "incident", "X", "--components", "api", "--end", "2026-11-22 14:00"}, "--end is for maintenance"},
		{[]string{"new", "incident", "X", "--components", "api", "--start", "2026-11-22 14:00"}, "in the future"},
		{[]string{"new", "maintenance", "X", "--components", "api"}, "--start and --end"},
		{[]string{"new", "maintenance", "X", "--components", "api", "--impact", "major", "--start", "2026-12-01 08:00", "--end", "2026-12-01 09:00"}, "--impact is for incidents"},
		{[]string{"new", "maintenance", "X", "--components", "api", "--start", "tomorrow", "--end", "2026-12-01 09:00"}, `--start "tomorrow" is not a time`},
		{[]string{"new", "maintenance", "X", "--components", "api", "--start", "2026-12-01 09:00", "--end", "2026-12-01 09:00"}, "must be after --start"},
		{[]string{"new", "incident", "a\nb", "--components", "api"}, "one line"},
	} {
		env, stdout, stderr := newEnv(t, dir)
		err := env.Run(context.Background(), tc.args)
		if ExitCode(err) != 2 || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%q: exit %d, %s; want exit 2 and %q", tc.args, ExitCode(err), stderr, tc.want)
		}
		if stdout.Len() > 0 {
			t.Errorf("%q printed %q", tc.args, stdout)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "incidents")); len(entries) > 0 {
		t.Errorf("usage errors wrote %v", entries)
	}
}

func TestNewOutsideARepository(t *testing.T) {
	env, _, stderr := newEnv(t, t.TempDir())
	err := env.Run(context.Background(), []string{"new", "incident", "X"})
	if ExitCode(err) != 1 || !strings.Contains(stderr.String(), "status.yaml: not found") {
		t.Errorf("exit %d (%v), stderr %s", ExitCode(err), err, stderr)
	}
}
