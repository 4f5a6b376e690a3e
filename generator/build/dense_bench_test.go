package build_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/buildcache"
	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// BenchmarkBuildDense builds issue 20's dense set: 10,000 incidents, one
// every 7 hours, each with four updates and a postmortem, its times
// written in +00:00, +02:00 or -05:00 in turn, over 10 components (as
// the issue measured it: 2,000 incidents a component) or 100, with a year
// of probe history: one http probe a component, every 5 minutes, the last
// 30 days as samples and the 335 before as daily rollups, as `buoy probe`
// leaves them.
//
// Each timed build is a rebuild, as in BenchmarkBuild: cache=off without
// a build cache, cache=on with the one the untimed builds left (as `buoy
// build` keeps by default). One run takes 1-2 minutes on 2 busy cores:
//
//	go test -run '^$' -bench 'BuildDense/components=100/cache=on$' -benchtime 1x ./generator/build
//
// Profiles: add -cpuprofile cpu.out -memprofile mem.out (they cover the
// two untimed builds too). The builds run under `buoy build`'s collector
// settings (asBuildCommand); scripts/bench-dense times the binary itself.
func BenchmarkBuildDense(b *testing.B) {
	for _, components := range []int{10, 100} {
		b.Run(fmt.Sprintf("components=%d", components), func(b *testing.B) {
			dir := b.TempDir()
			writeDenseRepo(b, dir, 10000, components)
			asBuildCommand(b)
			for _, cached := range []bool{false, true} {
				b.Run(fmt.Sprintf("cache=%s", map[bool]string{false: "off", true: "on"}[cached]), func(b *testing.B) {
					s := sitetest.Open(b, dir, now)
					if cached {
						s.Cache = buildcache.Open(b.TempDir(), "bench")
					}
					timeBuilds(b, s)
				})
			}
		})
	}
}

// BenchmarkFirstBuildDense builds the dense set, over 10 components and
// over 100 (issue 20's set), where no site was before: into=new-folder
// into a folder of a new name each time, as a fresh clone does;
// into=after-delete into public/ right after the previous site and its
// spare were deleted (untimed), as after `rm -rf public`. The kernel's
// share (sys-s/op) is the difference.
//
//	go test -run '^$' -bench 'FirstBuildDense/components=100/' -benchtime 1x ./generator/build
func BenchmarkFirstBuildDense(b *testing.B) {
	for _, components := range []int{10, 100} {
		b.Run(fmt.Sprintf("components=%d", components), func(b *testing.B) {
			dir := b.TempDir()
			writeDenseRepo(b, dir, 10000, components)
			asBuildCommand(b)
			firstBuilds(b, dir)
		})
	}
}

// firstBuilds times first builds of the repository in dir, into a new
// folder and right after deleting the last site.
func firstBuilds(b *testing.B, dir string) {
	b.Run("into=new-folder", func(b *testing.B) {
		syncDisk()
		user0, sys0, ok := cpuTimes()
		for i := 0; i < b.N; i++ {
			if err := buildInto(b, dir, filepath.Join(dir, fmt.Sprintf("site-%d", i))); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, user0, sys0, ok)
	})
	b.Run("into=after-delete", func(b *testing.B) {
		out := filepath.Join(dir, "public")
		if err := buildInto(b, dir, out); err != nil {
			b.Fatal(err)
		}
		var user, sys time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			for _, old := range []string{out, filepath.Join(dir, ".public.prev")} {
				if err := os.RemoveAll(old); err != nil {
					b.Fatal(err)
				}
			}
			syncDisk()
			user0, sys0, ok := cpuTimes()
			b.StartTimer()
			if err := buildInto(b, dir, out); err != nil {
				b.Fatal(err)
			}
			if user1, sys1, ok1 := cpuTimes(); ok && ok1 {
				user, sys = user+user1-user0, sys+sys1-sys0
			}
		}
		b.ReportMetric(user.Seconds()/float64(b.N), "user-s/op")
		b.ReportMetric(sys.Seconds()/float64(b.N), "sys-s/op")
	})
}

// denseZones are the offsets the dense set's times are written in.
var denseZones = []*time.Location{
	time.FixedZone("", 0),
	time.FixedZone("", 2*60*60),
	time.FixedZone("", -5*60*60),
}

// writeDenseRepo writes the dense set: incidents generated as
// writeLargeRepo's, their times in denseZones in turn, and a year of
// probe history for every component.
func writeDenseRepo(tb testing.TB, dir string, incidents, components int) {
	tb.Helper()
	writeDenseRepoAt(tb, dir, incidents, components, now)
}

// writeDenseRepoAt writes the dense set ending at the clock's now.
func writeDenseRepoAt(tb testing.TB, dir string, incidents, components int, now time.Time) {
	tb.Helper()
	var cfg strings.Builder
	cfg.WriteString("title: Dense status\nbase_url: https://status.example.org/\ntimezone: Europe/Paris\ncomponents:\n")
	for c := range components {
		fmt.Fprintf(&cfg, "  - id: c%03d\n    name: Component %d\n    group: Group %d\n    description: Service number %d.\n", c, c, c/10, c)
		fmt.Fprintf(&cfg, "    probes:\n      - {id: https, type: http, url: \"https://c%03d.example.org/health\"}\n", c)
	}
	filetest.WriteFile(tb, filepath.Join(dir, "status.yaml"), cfg.String())

	end := now.Add(-time.Hour)
	for i := range incidents {
		start := end.Add(-time.Duration(i) * 7 * time.Hour)
		zone := denseZones[i%len(denseZones)]
		id := fmt.Sprintf("%s-incident-%d", start.In(zone).Format("2006-01-02"), i)
		at := func(min int) string {
			return start.Add(time.Duration(min) * time.Minute).In(zone).Format("2006-01-02T15:04:05-07:00")
		}
		var f strings.Builder
		fmt.Fprintf(&f, "---\ntitle: Incident %d slows component %d\n", i, i%components)
		fmt.Fprintf(&f, "components: [c%03d, c%03d]\nimpact: %s\n", i%components, (i*7+3)%components, []string{"minor", "major", "critical"}[i%3])
		det := 1 + i%15
		ident := det + 5 + (i*13)%40
		mon := ident + 10 + i%7
		res := mon + 5 + (i*37)%300
		fmt.Fprintf(&f, "started: %s\ndetected: %s\nresolved: %s\nupdates:\n", at(0), at(det), at(res))
		for k, u := range []struct {
			min    int
			status string
		}{{det, "investigating"}, {ident, "identified"}, {mon, "monitoring"}, {res, "resolved"}} {
			fmt.Fprintf(&f, "  - at: %s\n    status: %s\n    text: |\n      Update %d: requests to **component %d** are %s; see\n      https://example.org/issues/%d and `pool_size`.\n",
				at(u.min), u.status, k, i%components, u.status, i)
		}
		fmt.Fprintf(&f, "---\n"+benchPostmortem, res, i)
		filetest.WriteFile(tb, filepath.Join(dir, "incidents", id+".md"), f.String())
	}

	for c := range components {
		writeYearOfHistory(tb, filepath.Join(dir, "history", fmt.Sprintf("c%03d", c)), fmt.Sprintf("c%03d", c), c, now)
	}
}

// writeYearOfHistory writes a year of one http probe's history ending at
// now, a month a file: 5-minute samples for the last 30 days and daily
// rollups before, each day with a down quarter hour now and then.
func writeYearOfHistory(tb testing.TB, dir, component string, seed int, now time.Time) {
	tb.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	files := map[string]*bufio.Writer{}
	var closers []*os.File
	line := func(t time.Time, s string) {
		month := t.UTC().Format("2006-01")
		w, ok := files[month]
		if !ok {
			f, err := os.Create(filepath.Join(dir, month+".jsonl"))
			if err != nil {
				tb.Fatal(err)
			}
			closers = append(closers, f)
			w = bufio.NewWriter(f)
			files[month] = w
		}
		w.WriteString(s)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	rawFrom := today.AddDate(0, 0, -30)
	for day := today.AddDate(0, 0, -365); day.Before(rawFrom); day = day.AddDate(0, 0, 1) {
		n := day.YearDay() + seed
		quarters, up, down := "96*3", 288, 0
		if n%9 == 0 {
			// One quarter hour with two of its three rounds down.
			q := n % 96
			runs := []string{upRun(q), "1.0.2", upRun(95 - q)}
			quarters, up, down = strings.Trim(strings.Join(runs, ","), ","), 286, 2
			quarters = strings.ReplaceAll(quarters, ",,", ",")
		}
		line(day, fmt.Sprintf(`{"day":%q,"component":%q,"probe":"https","up":%d,"down":%d,"p50_ms":%d,"p95_ms":%d,"quarters":%q}`+"\n",
			day.Format("2006-01-02"), component, up, down, 100+n%50, 300+n%200, quarters))
	}
	for t := rawFrom; t.Before(now); t = t.Add(5 * time.Minute) {
		k := int(t.Unix()/300) + seed
		outcome, latency := "up", 80+k%90
		if k%997 == 0 {
			outcome, latency = "down", 10000
		}
		line(t, fmt.Sprintf(`{"time":%q,"component":%q,"probe":"https","outcome":%q,"latency_ms":%d}`+"\n",
			t.Format(time.RFC3339), component, outcome, latency))
	}
	for _, w := range files {
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
	}
	for _, f := range closers {
		if err := f.Close(); err != nil {
			tb.Fatal(err)
		}
	}
}

// upRun is n quarter hours of three rounds up, as a run of quarters.
func upRun(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "3"
	}
	return fmt.Sprintf("%d*3", n)
}

// denseWrite is where TestWriteDense writes the dense set, for
// scripts/bench-dense to time the buoy binary on it.
var denseWrite = flag.String("dense-write", "", "write issue 20's set (10,000 incidents, 100 components, a year of history, ending now) into this folder")

// TestWriteDense writes issue 20's set into -dense-write's folder with
// times ending now, as `buoy build` reads them at its own clock. Without
// the flag it writes a small set and builds it at the real clock, as
// scripts/bench-dense's builds read theirs.
func TestWriteDense(t *testing.T) {
	if *denseWrite != "" {
		writeDenseRepoAt(t, *denseWrite, 10000, 100, time.Now())
		return
	}
	dir := t.TempDir()
	at := time.Now()
	writeDenseRepoAt(t, dir, 60, 6, at)
	sitetest.Open(t, dir, at).Build().AssertFileContent("components/c003/index.html", "Incident 3 slows component 3")
}

// TestDenseSet builds a small dense set: its incidents' offsets and its
// history read without a warning.
func TestDenseSet(t *testing.T) {
	dir := t.TempDir()
	writeDenseRepo(t, dir, 300, 10)
	sitetest.Open(t, dir, now).Build().AssertFileContent("components/c003/index.html", "Incident 3 slows component 3")
}
