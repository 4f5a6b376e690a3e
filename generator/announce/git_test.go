package announce

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/history"
)

// TestConcurrentRuns: two deploys on two machines announce one site, their
// logs meeting only through pushes to one data branch (a bare repository on
// disk, the history branch's union merge driver). With the claim protocol
// the deploy workflow follows, the run that loses the push race claims
// nothing; when a union merge keeps both runs' claims, the earlier one
// alone sends. Either way each update reaches the target once.
func TestConcurrentRuns(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed to test the union merge of the announce log")
	}
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [incident] }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	tmp := t.TempDir()
	env := append(os.Environ(), "HOME="+tmp, "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=b", "GIT_AUTHOR_EMAIL=b@example.org", "GIT_COMMITTER_NAME=b", "GIT_COMMITTER_EMAIL=b@example.org")
	git := func(dir string, args ...string) error {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Logf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return err
	}
	must := func(dir string, args ...string) {
		t.Helper()
		if err := git(dir, args...); err != nil {
			t.Fatal("git failed")
		}
	}
	origin := filepath.Join(tmp, "origin.git")
	must(tmp, "init", "-q", "--bare", "-b", "data", origin)
	seed := filepath.Join(tmp, "seed")
	must(tmp, "clone", "-q", origin, seed)
	if err := os.WriteFile(filepath.Join(seed, ".gitattributes"), []byte(history.GitAttributes), 0o644); err != nil {
		t.Fatal(err)
	}
	must(seed, "add", ".")
	must(seed, "commit", "-q", "-m", "start")
	must(seed, "push", "-q", "origin", "HEAD:data")
	clone := func(name string) string {
		dir := filepath.Join(tmp, name)
		must(tmp, "clone", "-q", "-b", "data", origin, dir)
		return dir
	}
	a, b := clone("a"), clone("b")
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	opts := func(dir, run string, at time.Time) Options {
		return Options{HistoryDir: dir, Run: run, Since: since, Now: func() time.Time { return at }}
	}
	claim := func(o Options) int {
		t.Helper()
		p, err := Claim(f.site(o.Now()), o)
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Due)
	}
	send := func(o Options) *Sent {
		t.Helper()
		s, err := Send(context.Background(), f.site(o.Now()), sender(), o)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	commit := func(dir, msg string) {
		must(dir, "add", LogFile)
		must(dir, "commit", "-q", "-m", msg)
	}
	// push replays the commit onto the branch's newest until it lands,
	// as the workflow's publishing of what was sent does.
	push := func(dir string) {
		t.Helper()
		for range 3 {
			if git(dir, "push", "-q", "origin", "HEAD:data") == nil {
				return
			}
			must(dir, "pull", "-q", "--rebase", "origin", "data")
		}
		t.Fatal("could not push")
	}

	// Phase 1 at once on both machines: both claim the three updates.
	oa, ob := opts(a, "run-a", now), opts(b, "run-b", now.Add(time.Second))
	if n, m := claim(oa), claim(ob); n != 3 || m != 3 {
		t.Fatalf("claims: %d and %d", n, m)
	}
	commit(a, "claims a")
	commit(b, "claims b")
	must(a, "push", "-q", "origin", "HEAD:data")
	if git(b, "push", "-q", "origin", "HEAD:data") == nil {
		t.Fatal("the second push did not race")
	}
	// b lost: it drops its claims for the branch's, and claims again.
	must(b, "fetch", "-q", "origin", "data")
	must(b, "reset", "-q", "--hard", "origin/data")
	if n := claim(ob); n != 0 {
		t.Fatalf("b claimed %d after a's claims arrived", n)
	}
	// Phase 2: each sends its standing claims, then publishes the result.
	if s := send(oa); len(s.Results) != 3 {
		t.Fatalf("a sent %d", len(s.Results))
	}
	if s := send(ob); len(s.Results) != 0 {
		t.Fatalf("b sent %d", len(s.Results))
	}
	commit(a, "sent a")
	push(a)
	push(b)

	// A new update; this time the loser merges (union) instead of
	// dropping its claims, and both runs' claims are in the log.
	f.write("incidents/2026-03-01-db.yaml", threeUpdates+"  - { at: 2026-03-01T12:30:00Z, status: resolved, text: Cause found. }\n")
	later := now.Add(time.Hour)
	must(a, "pull", "-q", "origin", "data")
	must(b, "pull", "-q", "origin", "data")
	oa, ob = opts(a, "run-a2", later.Add(time.Second)), opts(b, "run-b2", later)
	if n, m := claim(oa), claim(ob); n != 1 || m != 1 {
		t.Fatalf("claims of the new update: %d and %d", n, m)
	}
	commit(a, "claims a2")
	commit(b, "claims b2")
	push(a)
	push(b)
	must(a, "pull", "-q", "--rebase", "origin", "data")
	sa, sb := send(oa), send(ob)
	if len(sa.Results) != 0 || len(sa.Lost) != 1 || sa.Lost[0].Run != "run-b2" || len(sb.Results) != 1 {
		t.Errorf("after a union merge: a sent %d (lost %v), b sent %d", len(sa.Results), sa.Lost, len(sb.Results))
	}
	commit(b, "sent b2")
	push(b)
	push(a)

	keys := h.keys()
	want := []string{"2026-03-01-db#opened", "2026-03-01-db@2026-03-01T10:30:00Z/identified", "2026-03-01-db@2026-03-01T11:00:00Z/resolved", "2026-03-01-db@2026-03-01T12:30:00Z/resolved"}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("the hook took %v, want each update once: %v", keys, want)
	}
	// Both machines now agree nothing is left.
	must(a, "pull", "-q", "--rebase", "origin", "data")
	for _, dir := range []string{a, b} {
		p, err := Claim(f.site(later), opts(dir, "run-c", later.Add(time.Minute)))
		if err != nil || len(p.Due) != 0 || len(p.Held) != 0 {
			t.Errorf("%s: %+v %v", dir, p, err)
		}
	}
}
