package build_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// exampleDir is the example site this repository carries at its root
// (status.yaml, incidents/): what `go run ./cmd/buoy build` builds.
const exampleDir = "../.."

// exampleNow is a clock at which every incident of the example has
// happened but its scheduled maintenance is still to come.
var exampleNow = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

// BenchmarkBuildExample builds the repository's own example site, a few
// incidents in four languages: the size of most status pages, whose build
// is all fixed cost (Hugo's set-up, the theme, the languages). "first"
// builds into a new folder each time, as on a fresh clone; "rebuild"
// writes over the site the build before replaced, as a second `buoy
// build` does. Both report the CPU time of a build beside its wall time;
// the target is 0.25 s of wall time on 2 cores.
//
//	go test -run '^$' -bench BuildExample -count 5 ./generator/build
func BenchmarkBuildExample(b *testing.B) {
	b.Run("first", func(b *testing.B) {
		tmp := b.TempDir()
		// One build untimed: the first in a process also pays for what
		// Go and Hugo set up once (their package-level tables).
		if err := buildExampleInto(b, filepath.Join(tmp, "warm")); err != nil {
			b.Fatal(err)
		}
		syncDisk()
		i := 0
		user0, sys0, ok := cpuTimes()
		for b.Loop() {
			i++
			if err := buildExampleInto(b, filepath.Join(tmp, fmt.Sprintf("site-%d", i))); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, user0, sys0, ok)
	})
	b.Run("rebuild", func(b *testing.B) {
		s := sitetest.Open(b, exampleDir, exampleNow)
		s.Out = filepath.Join(b.TempDir(), "public")
		timeBuilds(b, s)
	})
}

// buildExampleInto builds the example site at exampleNow into out.
func buildExampleInto(tb testing.TB, out string) error {
	s := sitetest.Open(tb, exampleDir, exampleNow)
	s.Out = out
	return s.BuildE()
}
