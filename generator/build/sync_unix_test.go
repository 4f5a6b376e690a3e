//go:build unix

package build_test

import "syscall"

// syncDisk flushes written files, so a benchmark does not time the
// write-back of its own setup.
func syncDisk() { syscall.Sync() }
