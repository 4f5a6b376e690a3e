//go:build !unix

package build_test

import "time"

func syncDisk() {}

// cpuTimes is unknown here; benchmarks then report no CPU figures.
func cpuTimes() (user, sys time.Duration, ok bool) { return 0, 0, false }
