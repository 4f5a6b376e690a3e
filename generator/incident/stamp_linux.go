package incident

import (
	"io/fs"
	"syscall"
)

// sysStamp takes the inode, device and change time from st, which a file
// replaced by another of the same size and times still changes.
func sysStamp(st fs.FileInfo) (fileStamp, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return fileStamp{}, false
	}
	return fileStamp{ino: uint64(sys.Ino), dev: uint64(sys.Dev), ctime: sys.Ctim.Nano()}, true
}
