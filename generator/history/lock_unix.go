//go:build unix

package history

import (
	"os"
	"syscall"
)

// lockDir takes an advisory lock on a component's directory: shared for
// appends, which O_APPEND already keeps apart, exclusive for compaction,
// which replaces files and must not lose an append made meanwhile.
func lockDir(dir string, exclusive bool) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
