//go:build unix

package build_test

import (
	"syscall"
	"time"
)

// syncDisk flushes written files, so a benchmark does not time the
// write-back of its own setup.
func syncDisk() { syscall.Sync() }

// cpuTimes is the process's user and system time so far. On a shared
// machine wall time says more about the neighbours than about the build,
// and system time is most of what writing the site costs.
func cpuTimes() (user, sys time.Duration, ok bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0, false
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano()), true
}
