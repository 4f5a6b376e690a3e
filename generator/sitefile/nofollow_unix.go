//go:build unix

package sitefile

import "syscall"

// noFollow makes opening a symlink fail: a link in an earlier site is
// replaced, never read through.
const noFollow = syscall.O_NOFOLLOW
