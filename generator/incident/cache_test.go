package incident

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/status"
)

func cachedRead(t *testing.T, d *buildcache.Dir, fsys fstest.MapFS, c *status.Config, at time.Time) ([]status.Incident, string) {
	t.Helper()
	table := d.Table("incidents")
	got, problems := ReadDirCached(fsys, c, at, table)
	if err := d.Save("incidents", table); err != nil {
		t.Fatal(err)
	}
	return got, problems.Error()
}

// Read through a cache, a folder gives what ReadDir gives: after a file
// changed, the components changed, and with the clock set back before a
// time a cached incident was valid at.
func TestReadDirCached(t *testing.T) {
	d := buildcache.Open(t.TempDir(), "test")
	at := now()
	soon := at.Add(30 * time.Minute).UTC().Format(time.RFC3339)
	fsys := fstest.MapFS{
		"incidents/2021-03-01-a.yaml":   {Data: []byte("title: A\ncomponents: [api]\nstarted: 2021-03-01T10:00:00+02:00\nupdates:\n  - { at: 2021-03-01T11:00:00-05:00, status: investigating, text: Looking. }\n")},
		"incidents/2021-03-02-b.md":     {Data: []byte("---\ntitle: B\ncomponents: [\"*\"]\nstarted: " + soon + "\ntimezone: Europe/Paris\n---\nA *postmortem*.\n")},
		"incidents/2021-03-03-bad.yaml": {Data: []byte("title: Bad\ncomponents: [nope]\nstarted: 2021-03-03T10:00:00Z\n")},
	}
	check := func(what string, fsys fstest.MapFS, c *status.Config, at time.Time) {
		t.Helper()
		want, wantProblems := ReadDir(fsys, c, at)
		for round := range 2 {
			got, problems := cachedRead(t, d, fsys, c, at)
			if problems != wantProblems.Error() {
				t.Errorf("%s, read %d: problems\n%s\nwant\n%s", what, round, problems, wantProblems.Error())
			}
			if len(got) != len(want) {
				t.Fatalf("%s, read %d: %d incidents, want %d", what, round, len(got), len(want))
			}
			for i := range want {
				sameIncident(t, &got[i], &want[i])
			}
		}
	}
	// B starts 30 minutes ahead: valid only from 20 minutes on.
	later := at.Add(time.Hour)
	check("first", fsys, cfg, later)
	fsys["incidents/2021-03-01-a.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(fsys["incidents/2021-03-01-a.yaml"].Data), "title: A", "title: A changed", 1))}
	check("a file changed", fsys, cfg, later)
	check("the clock set back", fsys, cfg, at)
	check("and forward again", fsys, cfg, later)
	fewer := *cfg
	fewer.Components = cfg.Components[:1]
	check("components changed", fsys, &fewer, later)
}

// Only valid incidents are kept, and only those the last read used.
func TestReadDirCachedKeeps(t *testing.T) {
	d := buildcache.Open(t.TempDir(), "test")
	fsys := fstest.MapFS{
		"incidents/2021-03-01-a.yaml":   {Data: []byte("title: A\ncomponents: [api]\nstarted: 2021-03-01T10:00:00Z\n")},
		"incidents/2021-03-03-bad.yaml": {Data: []byte("title: Bad\ncomponents: [nope]\nstarted: 2021-03-03T10:00:00Z\n")},
	}
	table := d.Table("incidents")
	ReadDirCached(fsys, cfg, now(), table)
	if n := table.Len(); n != 1 {
		t.Errorf("kept %d incidents, want the valid one", n)
	}
}
