package cli

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// Every command answers -h, --help and `buoy help NAME` with its own help
// on stdout, and succeeds: nothing else runs.
func TestHelp(t *testing.T) {
	for name, cmd := range commands() {
		for _, args := range [][]string{{name, "-h"}, {name, "--help"}, {"help", name}} {
			env, stdout, stderr := newEnv(t, t.TempDir())
			if err := env.Run(context.Background(), args); err != nil {
				t.Errorf("%q: %v", args, err)
			}
			want := "Usage: buoy " + cmd.usage + "\n"
			if !strings.HasPrefix(stdout.String(), want) {
				t.Errorf("%q printed\n%s\nwant it to start with %q", args, stdout, want)
			}
			if stderr.Len() > 0 {
				t.Errorf("%q wrote to stderr: %s", args, stderr)
			}
		}
	}
	env, stdout, _ := newEnv(t, t.TempDir())
	if err := env.Run(context.Background(), []string{"build", "--help"}); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"\n  -C DIR\n", "\n  -o OUT\n", "\n  --history DIR\n"} {
		if !strings.Contains(stdout.String(), flag) {
			t.Errorf("build's help lacks %q:\n%s", flag, stdout)
		}
	}
}

// A usage error is said once, with the command's name and where its help
// is, and exits 2.
func TestUsageErrorsSaidOnce(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "-x"}, "buoy build: flag provided but not defined: -x\nRun 'buoy help build' for usage.\n"},
		{[]string{"build", "extra"}, "buoy build: build takes no arguments, got [\"extra\"]\nRun 'buoy help build' for usage.\n"},
		{[]string{"new", "incident"}, "buoy new: new takes a kind and a title"},
		{[]string{"help", "nope"}, "buoy help: no command \"nope\"; run 'buoy help' for the list\n"},
		{[]string{"nope"}, "buoy: unknown command \"nope\"\n\nbuoy: a static status page generator"},
		{nil, "buoy: a static status page generator"},
	} {
		env, stdout, stderr := newEnv(t, t.TempDir())
		err := env.Run(context.Background(), tc.args)
		if ExitCode(err) != 2 || !errors.Is(err, ErrFailed) {
			t.Errorf("%q: %v, want a usage error already reported", tc.args, err)
		}
		if !strings.HasPrefix(stderr.String(), tc.want) {
			t.Errorf("%q wrote\n%s\nwant it to start with\n%s", tc.args, stderr, tc.want)
		}
		if strings.Count(stderr.String(), "buoy ") == 0 || strings.Contains(stderr.String(), "usage error") {
			t.Errorf("%q: %q", tc.args, stderr)
		}
		if stdout.Len() > 0 {
			t.Errorf("%q wrote to stdout: %s", tc.args, stdout)
		}
	}
}

// TestEnvAbs: user paths resolve with the platform's rules, cleaned.
func TestEnvAbs(t *testing.T) {
	dir := t.TempDir()
	env := &Env{Dir: dir}
	for in, want := range map[string]string{
		"":                              "",
		"site":                          filepath.Join(dir, "site"),
		filepath.Join("a", "..", "b"):   filepath.Join(dir, "b"),
		filepath.Join(dir, "elsewhere"): filepath.Join(dir, "elsewhere"),
	} {
		if got := env.abs(in); got != want {
			t.Errorf("abs(%q) = %q, want %q", in, got, want)
		}
	}
}
