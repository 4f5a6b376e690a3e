package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestThemeExport(t *testing.T) {
	dir := t.TempDir()
	env, stdout, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"theme", "export"}); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	footer := filepath.Join(dir, "themes", "buoy", "layouts", "_partials", "footer.html")
	st, err := os.Stat(footer)
	if err != nil || st.Mode().Perm()&0o200 == 0 {
		t.Fatalf("footer: %v %v", st, err)
	}
	for _, want := range []string{"Wrote the buoy theme into themes/buoy (", "\n  layouts/_partials/footer.html\n", "replaces the built-in theme"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}

	// Again: every file exists, nothing is written, each is named.
	if err := os.WriteFile(footer, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	env, stdout, stderr = newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"theme", "export"}); ExitCode(err) != 1 {
		t.Fatalf("second export: %v", err)
	}
	if !strings.Contains(stderr.String(), "themes/buoy/layouts/_partials/footer.html: already exists\n") || !strings.Contains(stderr.String(), "--force") || stdout.Len() > 0 {
		t.Errorf("stderr:\n%s\nstdout:\n%s", stderr, stdout)
	}
	if b, _ := os.ReadFile(footer); string(b) != "mine" {
		t.Errorf("a refused export overwrote the footer")
	}
	env, _, stderr = newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"theme", "export", "--force"}); err != nil {
		t.Fatalf("forced: %v %s", err, stderr)
	}
	if b, _ := os.ReadFile(footer); string(b) == "mine" {
		t.Errorf("--force kept the old footer")
	}

	// Elsewhere, the hint says how to override a single file.
	env, stdout, _ = newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"theme", "export", "copy"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stdout.String(), "cp copy/layouts/_partials/footer.html layouts/_partials/") {
		t.Errorf("stdout:\n%s", stdout)
	}
	for _, args := range [][]string{{"theme"}, {"theme", "import"}, {"theme", "export", "a", "b"}} {
		env, _, _ := newEnv(t, dir)
		if err := env.Run(context.Background(), args); ExitCode(err) != 2 {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
