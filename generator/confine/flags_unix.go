//go:build unix

package confine

import (
	"os"
	"syscall"
)

// openFlags never block on a named pipe or a device swapped in after the
// check, and never wait for a writer.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
