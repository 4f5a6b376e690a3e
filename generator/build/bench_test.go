package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/build"
	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/sitetest"
)

// BenchmarkBuild builds a site of 1,000 and 10,000 incidents (four updates
// and a postmortem each) over 100 components, from files to disk. The
// target is 10,000 in under 10 s on a 2-core machine.
//
// Each timed build is what `buoy build` does in a repository built
// before: it writes its site over the one the build before replaced (the
// spare, .public.prev), swaps it with public/ and keeps the replaced site
// as the next spare. Two untimed builds put a site and a spare in place
// first, so that -benchtime 1x and 3x time the same thing.
// BenchmarkFirstBuild times a build with neither, as on a fresh clone.
//
//	go test -bench Build -run '^$' ./generator/build
//
// Peak memory: go test -c -o /tmp/build.test ./generator/build &&
// /usr/bin/time -v /tmp/build.test -test.run '^$' -test.bench 'Build/incidents=10000' -test.benchtime 1x
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeLargeRepo(b, dir, n, 100, "")
			timeBuilds(b, sitetest.Open(b, dir, now))
		})
	}
}

// BenchmarkFirstBuild builds BenchmarkBuild's sites into a new folder each
// time, as in CI on a fresh clone: every file and folder is created. The
// folders are removed, untimed, after the benchmark, because creates on
// this kind of disk slow down right after many deletions (see sitefile),
// more than they would on a fresh machine.
//
//	go test -bench FirstBuild -run '^$' ./generator/build
func BenchmarkFirstBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("incidents=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			writeLargeRepo(b, dir, n, 100, "")
			syncDisk()
			i := 0
			user0, sys0, ok := cpuTimes()
			for b.Loop() {
				i++
				if err := buildInto(b, dir, filepath.Join(dir, fmt.Sprintf("site-%d", i))); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, user0, sys0, ok)
		})
	}
}

// timeBuilds builds s twice, untimed, to put a site and a spare in
// place, then b.N times, and reports beside the wall time the CPU time
// each build took in user space and in the kernel.
func timeBuilds(b *testing.B, s *sitetest.Site) {
	for range 2 {
		if err := s.BuildE(); err != nil {
			b.Fatal(err)
		}
	}
	// The repository and its sites are on disk before timing starts, as a
	// checkout built before is.
	syncDisk()
	user0, sys0, ok := cpuTimes()
	for b.Loop() {
		if err := s.BuildE(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, user0, sys0, ok)
}

// asBuildCommand runs b's builds under the collector settings `buoy
// build` sets (build.BatchGCPercent under build.BatchMemoryLimit) unless
// GOGC or GOMEMLIMIT are set, as the command does: at issue 20's size
// the collector is a fifth of the CPU either way, and figures quoted for
// the command must come from its settings.
func asBuildCommand(b *testing.B) {
	if os.Getenv("GOGC") == "" {
		old := debug.SetGCPercent(build.BatchGCPercent)
		b.Cleanup(func() { debug.SetGCPercent(old) })
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		old := debug.SetMemoryLimit(build.BatchMemoryLimit)
		b.Cleanup(func() { debug.SetMemoryLimit(old) })
	}
}

// reportCPU reports the CPU time each of b.N builds took in user space
// and in the kernel since cpuTimes gave user0 and sys0.
func reportCPU(b *testing.B, user0, sys0 time.Duration, ok bool) {
	if user1, sys1, ok1 := cpuTimes(); ok && ok1 {
		b.ReportMetric((user1-user0).Seconds()/float64(b.N), "user-s/op")
		b.ReportMetric((sys1-sys0).Seconds()/float64(b.N), "sys-s/op")
	}
}

const benchPostmortem = `## Summary

For %d minutes the service answered slowly or not at all. About a third of
requests failed; see the [dashboard](https://example.org/dash/%d) for details.

## Timeline

| Time | Event |
|------|-------|
| 0 min | Errors start |
| 6 min | First alert |
| 40 min | Cause identified |

## Root cause

A configuration change reduced the connection pool from 100 to **10**, and
under the evening load every worker waited on it. <b>Raw HTML</b> stays text.

## What we are changing

- Pool size is checked in CI.
- Alerts fire on latency, not only errors.
- This status page probes from outside.
`

// BenchmarkBuildLanguages is BenchmarkBuild's smaller site built in the
// four languages the theme ships: each language renders every page.
//
//	go test -bench BuildLanguages -run '^$' ./generator/build
func BenchmarkBuildLanguages(b *testing.B) {
	for _, langs := range []string{"[en]", "[en, fr, ja, pt-BR]"} {
		b.Run("incidents=1000/languages="+langs, func(b *testing.B) {
			dir := b.TempDir()
			writeLargeRepo(b, dir, 1000, 100, langs)
			timeBuilds(b, sitetest.Open(b, dir, now))
		})
	}
}

// writeLargeRepo writes a status repository of generated incidents;
// languages, when set, is status.yaml's languages list.
func writeLargeRepo(tb testing.TB, dir string, incidents, components int, languages string) {
	var cfg strings.Builder
	cfg.WriteString("title: Large status\nbase_url: https://status.example.org/\ntimezone: Europe/Paris\n")
	if languages != "" {
		cfg.WriteString("languages: " + languages + "\n")
	}
	cfg.WriteString("components:\n")
	for c := range components {
		fmt.Fprintf(&cfg, "  - id: c%03d\n    name: Component %d\n    group: Group %d\n    description: Service number %d.\n", c, c, c/10, c)
	}
	filetest.WriteFile(tb, filepath.Join(dir, "status.yaml"), cfg.String())

	end := now.Add(-time.Hour)
	for i := range incidents {
		start := end.Add(-time.Duration(i) * 7 * time.Hour)
		id := fmt.Sprintf("%s-incident-%d", start.Format("2006-01-02"), i)
		var f strings.Builder
		fmt.Fprintf(&f, "---\ntitle: Incident %d slows component %d\n", i, i%components)
		fmt.Fprintf(&f, "components: [c%03d, c%03d]\nimpact: %s\n", i%components, (i*7+3)%components, []string{"minor", "major", "critical"}[i%3])
		at := func(min int) string { return start.Add(time.Duration(min) * time.Minute).UTC().Format(time.RFC3339) }
		// Varied times, as real incidents have: nothing a cache keyed by
		// a duration or a time could serve twice for free.
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
}
