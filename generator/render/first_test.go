package render_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// TestRenderEarly: the early files of a session's first render are the
// home pages and the theme's files, each byte for byte what Render writes
// for the whole site, and the render that follows is the whole site.
func TestRenderEarly(t *testing.T) {
	for _, v := range []struct {
		name  string
		snap  *status.Snapshot
		langs []string
		homes []string
	}{
		{"small site", smallSite(statustest.Now, ""), nil, []string{"index.html"}},
		{"two languages", smallSite(statustest.Now, ""), []string{"en", "fr"}, []string{"index.html", "fr/index.html"}},
		// More incidents than the home page lists, over several history pages.
		{"large site", largeSnapshot(80, 20), nil, []string{"index.html"}},
	} {
		t.Run(v.name, func(t *testing.T) {
			snap := v.snap
			if v.langs != nil {
				cfg := *snap.Config
				cfg.Languages = v.langs
				s := *snap
				s.Config = &cfg
				snap = &s
			}
			out := filepath.Join(t.TempDir(), "site")
			if err := renderTo(context.Background(), snap, out, render.Options{}); err != nil {
				t.Fatal(err)
			}
			sess := render.NewSession(render.Options{})
			defer sess.Close()
			var early render.Site
			site, err := sess.RenderEarly(context.Background(), snap, func(s render.Site) { early = s })
			if err != nil {
				t.Fatal(err)
			}
			sameAsRender(t, "whole site", site, snap, "")
			for _, h := range v.homes {
				if _, ok := early[h]; !ok {
					t.Errorf("no early %s", h)
				}
			}
			css := false
			for p, got := range early {
				css = css || strings.HasSuffix(p, ".css")
				want, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
				if err != nil {
					t.Errorf("early %s: %v", p, err)
				} else if string(got) != string(want) {
					t.Errorf("early %s differs from Render's:\n%s\nwant\n%s", p, got, want)
				}
			}
			if !css {
				t.Error("no early stylesheet")
			}
			if len(early) >= len(site)/2 {
				t.Errorf("%d early files of %d: not only the home pages", len(early), len(site))
			}
			// Only a render that starts Hugo afresh shows pages early.
			called := false
			if _, err := sess.RenderEarly(context.Background(), snap, func(render.Site) { called = true }); err != nil {
				t.Fatal(err)
			}
			if called {
				t.Error("early called on a render that did not start afresh")
			}
		})
	}
}
