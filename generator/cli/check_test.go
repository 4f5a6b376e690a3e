package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/filetest"
)

// newEnv runs commands in dir with a fixed clock and no real environment.
func newEnv(t *testing.T, dir string) (*Env, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	env := &Env{Stdout: &stdout, Stderr: &stderr, Now: func() time.Time { return now }, Getenv: func(string) string { return "" }, Dir: dir}
	return env, &stdout, &stderr
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		filetest.WriteFile(t, filepath.Join(dir, name), data)
	}
}

// statusRepo writes a repository in a new folder whose status.yaml is a
// title and base URL, then rest (components, notify), and returns it.
func statusRepo(t *testing.T, rest string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"status.yaml": "title: T\nbase_url: https://s.example/\n" + rest})
	return dir
}

const okConfig = "title: T\nbase_url: https://s.example/\ncomponents: [{id: web, name: Web}]\n"

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"site/status.yaml":                 okConfig,
		"site/incidents/2026-01-01-a.yaml": "title: A\ncomponents: [web]\nstarted: 2026-01-01T00:00:00Z\n",
		"site/incidents/2026-01-02-b.yaml": "title: B\ncomponents: [wbe]\nstarted: 2026-01-02T00:00:00Z\nresolved: 2026-01-01T00:00:00Z\n",
		"ok/status.yaml":                   okConfig,
		"ok/incidents/2026-01-01-fine.md":  "---\ntitle: A\ncomponents: [web]\nstarted: 2026-01-01T00:00:00Z\n---\nPostmortem.\n",
	})
	t.Run("problems", func(t *testing.T) {
		env, stdout, stderr := newEnv(t, dir)
		err := env.Run(context.Background(), []string{"check", "-C", "site"})
		if ExitCode(err) != 1 {
			t.Fatalf("exit %d (%v), want 1", ExitCode(err), err)
		}
		want := "incidents/2026-01-02-b.yaml:2:14: unknown component \"wbe\" (did you mean \"web\"?)\n" +
			"incidents/2026-01-02-b.yaml:4:11: resolved (2026-01-01T00:00:00Z) is before started (2026-01-02T00:00:00Z)\n" +
			"2 problems found\n"
		if stderr.String() != want || stdout.Len() != 0 {
			t.Errorf("stderr:\n%s\nwant:\n%s\nstdout: %q", stderr, want, stdout)
		}
	})
	t.Run("github annotations", func(t *testing.T) {
		env, stdout, _ := newEnv(t, dir)
		err := env.Run(context.Background(), []string{"check", "--format", "github", "-C", filepath.Join(dir, "site")})
		if ExitCode(err) != 1 {
			t.Fatalf("exit %d, want 1", ExitCode(err))
		}
		first := strings.SplitN(stdout.String(), "\n", 2)[0]
		if want := `::error file=incidents/2026-01-02-b.yaml,line=2,col=14::unknown component "wbe" (did you mean "web"?)`; first != want {
			t.Errorf("got  %s\nwant %s", first, want)
		}
	})
	t.Run("valid", func(t *testing.T) {
		env, stdout, stderr := newEnv(t, dir)
		if err := env.Run(context.Background(), []string{"check", "-C", "ok"}); err != nil {
			t.Fatalf("err = %v, stderr %s", err, stderr)
		}
		if !strings.Contains(stdout.String(), "ok: 1 component, 1 incident, 0 maintenance windows\n") {
			t.Errorf("stdout = %q", stdout)
		}
	})
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"check", "--nope"}, {"check", "extra"}, {"check", "--format", "xml"}, {"version", "x"}} {
		env, _, _ := newEnv(t, t.TempDir())
		if err := env.Run(context.Background(), args); ExitCode(err) != 2 {
			t.Errorf("%q: exit %d (%v), want 2", args, ExitCode(err), err)
		}
	}
}

func TestAnnotationEscaping(t *testing.T) {
	got := annotation(diag.Problem{Path: "a,b:c.yaml", Line: 1, Col: 2, Msg: "50% done\nnext"})
	if want := "::error file=a%2Cb%3Ac.yaml,line=1,col=2::50%25 done%0Anext"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// A file name can hold a terminal escape sequence: neither form prints it raw.
func TestProblemsEscapeControlCharacters(t *testing.T) {
	p := diag.Problem{Path: "incidents/\x1b]0;pwned\a\u202e.yaml", Line: 1, Col: 1, Msg: "incidents/\x1b[2J.md has the same name"}
	if got, want := p.String(), `incidents/\x1b]0;pwned\a\u202e.yaml:1:1: incidents/\x1b[2J.md has the same name`; got != want {
		t.Errorf("text:\n got %s\nwant %s", got, want)
	}
	if got, want := annotation(p), `::error file=incidents/\x1b]0;pwned\a\u202e.yaml,line=1,col=1::incidents/\x1b[2J.md has the same name`; got != want {
		t.Errorf("github:\n got %s\nwant %s", got, want)
	}
}

// Problems with a file as a whole (its name) still come out as
// path:line:col, the one form problem matchers and editors parse.
func TestCheckEveryProblemHasPosition(t *testing.T) {
	dir := t.TempDir()
	ok := "title: A\ncomponents: [web]\nstarted: 2026-01-01T00:00:00Z\n"
	writeFiles(t, dir, map[string]string{
		"status.yaml":                    okConfig,
		"incidents/2026-01-01-a.yaml":    ok,
		"incidents/2026/2026-01-01-a.md": "---\n" + ok + "---\n",
		"incidents/outage-notes.yaml":    ok,
	})
	env, _, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"check"}); ExitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1", ExitCode(err), err)
	}
	want := "incidents/2026-01-01-a.yaml:1:1: duplicate incident id \"2026-01-01-a\": incidents/2026/2026-01-01-a.md has the same name\n" +
		"incidents/outage-notes.yaml:1:1: incident files are named YYYY-MM-DD-slug.yaml or YYYY-MM-DD-slug.md (slug: a-z, 0-9 and dashes)\n" +
		"2 problems found\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

// A template that would fail the build fails the check, at its place in
// the repository, in both formats.
func TestCheckTemplates(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"status.yaml":                   okConfig,
		"layouts/_partials/footer.html": "<footer>\n<p>{{ .Foo </p>\n</footer>\n",
	})
	env, _, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"check"}); ExitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1", ExitCode(err), err)
	}
	want := "layouts/_partials/footer.html:2:1: template: unexpected \"<\" in operand\n1 problem found\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	env, stdout, _ := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"check", "--format", "github"}); ExitCode(err) != 1 {
		t.Fatalf("exit %d (%v), want 1", ExitCode(err), err)
	}
	if want := "::error file=layouts/_partials/footer.html,line=2,col=1::template: unexpected \"<\" in operand\n"; stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant:\n%s", stdout, want)
	}
}
