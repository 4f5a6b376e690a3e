//go:build unix

package probe

import (
	"os"
	"syscall"
)

// openFiles returns the soft open-file limit, raised to the hard one where
// the system allows, and how many descriptors are open. The Go runtime
// raises the soft limit to one below the hard one at start (and gives
// child processes the original back); this covers a limit lowered since.
func openFiles() (limit uint64, open int, ok bool) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, 0, false
	}
	if lim.Cur < lim.Max-1 {
		raised := syscall.Rlimit{Cur: lim.Max, Max: lim.Max}
		// macOS refuses an unlimited soft value; the current one stands.
		if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &raised) == nil {
			lim = raised
		}
	}
	// uint64 also where the fields are int64 (FreeBSD).
	return uint64(lim.Cur), openDescriptors(), true
}

// openDescriptors counts the process's open descriptors where the system
// lists them (/proc/self/fd on Linux, /dev/fd on macOS and the BSDs), and
// is 0 where it does not: the reserve covers a few.
func openDescriptors() int {
	for _, dir := range []string{"/proc/self/fd", "/dev/fd"} {
		f, err := os.Open(dir)
		if err != nil {
			continue
		}
		names, err := f.Readdirnames(-1)
		f.Close()
		if err == nil {
			// The listing counts the descriptor that read it.
			return max(len(names)-1, 0)
		}
	}
	return 0
}
