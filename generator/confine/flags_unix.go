//go:build unix

package confine

import (
	"os"
	"syscall"
)

// openFlags never block on a named pipe or a device swapped in after the
// check, and never wait for a writer.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// appendFlags open a history file for appending, created when missing.
const appendFlags = os.O_RDWR | os.O_APPEND | os.O_CREATE | syscall.O_NONBLOCK
