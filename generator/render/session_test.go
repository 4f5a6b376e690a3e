package render_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/buoystatus/buoy/generator/render"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// TestSessionMatchesRender: a session's site, first and after each
// incremental change, is byte for byte the site Render writes for the
// same snapshot, so the preview shows what a build publishes.
func TestSessionMatchesRender(t *testing.T) {
	sess := render.NewSession(render.Options{})
	defer sess.Close()

	base := statustest.SmallSite()
	edited := statustest.SmallSite()
	edited.Incidents[1].Title = "An edited title"
	edited.Incidents[1].Updates[0].Text = "Edited **text**."
	// Snapshots are built from incidents; rebuild one without the first.
	removed := status.NewSnapshot(base.Config, base.Incidents[1:], base.Now)

	for _, step := range []struct {
		name string
		snap *status.Snapshot
	}{{"first", base}, {"edited", edited}, {"unchanged", edited}, {"removed", removed}, {"back", base}} {
		site, err := sess.Render(context.Background(), step.snap)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		out := filepath.Join(t.TempDir(), "site")
		if err := render.Render(context.Background(), step.snap, out, render.Options{}); err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		n := 0
		err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			n++
			rel, _ := filepath.Rel(out, p)
			want, err := os.ReadFile(p)
			if got, ok := site[filepath.ToSlash(rel)]; !ok {
				t.Errorf("%s: session has no %s", step.name, rel)
			} else if !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs from Render's", step.name, rel)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != len(site) {
			t.Errorf("%s: session has %d files, Render wrote %d", step.name, len(site), n)
		}
	}
}
