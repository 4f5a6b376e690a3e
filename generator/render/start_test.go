package render_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/sitefile"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// startedRender renders snap with Hugo set up, by Start, for cfg.
func startedRender(t *testing.T, cfg *status.Config, snap *status.Snapshot, opts render.Options) (string, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "site")
	if err := os.MkdirAll(out, sitefile.DirMode); err != nil {
		t.Fatal(err)
	}
	tree, err := sitefile.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	s := render.Start(cfg, opts)
	defer s.Close()
	return out, s.Render(context.Background(), snap, tree)
}

// A snapshot whose configuration is not the one Hugo was set up with is
// rendered with its own: its title and languages, not Start's.
func TestStartedRenderOtherConfig(t *testing.T) {
	snap := statustest.SmallSite()
	other := *snap.Config
	other.Title = "Set up for another title"
	other.Languages = []string{"en", "fr"}
	out, err := startedRender(t, &other, snap, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	home := read(t, out, "index.html")
	has(t, "index.html", home, "<title>Example status</title>")
	hasNot(t, "index.html", home, "another title")
	if _, err := os.Stat(filepath.Join(out, "fr")); err == nil {
		t.Error("fr/ rendered: Start's languages, not the snapshot's")
	}
}

// What Hugo and the theme log while Hugo is set up waits for Render: a
// build whose repository is invalid closes its Started unrendered and
// reports nothing from it.
func TestStartedLogHeldUntilRender(t *testing.T) {
	snap := statustest.SmallSite()
	cfg := *snap.Config
	// A language without UI strings of its own is warned about.
	cfg.Languages = []string{"en", "xx"}
	var closed strings.Builder
	s := render.Start(&cfg, render.Options{Log: &closed})
	s.Close()
	if closed.Len() != 0 {
		t.Errorf("closed unrendered, logged:\n%s", closed.String())
	}

	var log strings.Builder
	snap.Config = &cfg
	if _, err := startedRender(t, &cfg, snap, render.Options{Log: &log}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), `no UI strings for language "xx"`) {
		t.Errorf("rendered, logged:\n%s\nwant the warning about xx", log.String())
	}
}
