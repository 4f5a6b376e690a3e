//go:build unix

package build

import (
	"errors"
	"os"
	"syscall"
)

// folderLock is an exclusive advisory lock (flock) on a folder, held by
// the build that writes or deletes it. The kernel releases it when the
// process dies, however it dies, so a folder nobody holds is a dead
// build's. The lock is on the folder itself, not its name: it follows
// the folder through renames.
type folderLock struct{ f *os.File }

// errLocked is a folder a live build holds.
var errLocked = errors.New("held by a running build")

// lockFolder locks dir; unless wait, a folder held by another build is
// errLocked at once.
func lockFolder(dir string, wait bool) (*folderLock, error) {
	f, err := os.OpenFile(dir, os.O_RDONLY|syscall.O_DIRECTORY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	how := syscall.LOCK_EX
	if !wait {
		how |= syscall.LOCK_NB
	}
	for {
		err = syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, errLocked
		}
		return nil, err
	}
	return &folderLock{f: f}, nil
}

// locksWork tells whether a free lock proves a folder dead.
const locksWork = true

func (l *folderLock) unlock() {
	if l != nil {
		l.f.Close() // closing the last descriptor releases the lock
	}
}
