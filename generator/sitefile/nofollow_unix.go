//go:build unix

package sitefile

import "syscall"

// noFollow makes opening a symlink fail, and opening a FIFO not wait
// for a writer: what an earlier site holds there is replaced, never read
// through.
const noFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
