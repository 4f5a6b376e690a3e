package build_test

import (
	"runtime"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// A build leaves nothing of its site alive in the process: buoy serve
// and anything else that builds again would otherwise carry every page of
// the last build (Hugo keeps sorted page lists in a process-wide cache
// until its next render starts) and mark it on each collection.
func TestBuildReleasesMemory(t *testing.T) {
	dir := t.TempDir()
	writeLargeRepo(t, dir, 1000, 10, "")
	s := sitetest.Open(t, dir, now)
	before := liveHeap()
	s.Build()
	after := liveHeap()
	// The site's pages are about 40 MB of live heap while Hugo renders
	// them; what stays must be far less.
	if grew := int64(after) - int64(before); grew > 8<<20 {
		t.Errorf("live heap grew by %d MB over a build of 1,000 incidents (%d MB before, %d MB after)", grew>>20, before>>20, after>>20)
	}
}

func liveHeap() uint64 {
	var m runtime.MemStats
	for range 2 {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
