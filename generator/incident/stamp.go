package incident

import (
	"io/fs"
	"time"
)

// fileStamp is what a file's status tells of its content: a file whose stamp
// is the same as when it was read is taken as unchanged, not read again.
// The zero stamp is never trusted.
type fileStamp struct {
	size         int64
	mtime, ctime int64 // nanoseconds
	ino, dev     uint64
	mode         fs.FileMode
}

// racyWindow: a file modified this close to the time it was read may be
// modified again with the same times, as file systems keep them at a
// coarser grain than nanoseconds (ext4 the kernel's tick, FAT 2 s); its
// fileStamp is not kept, so it is read again (as git does for its index).
const racyWindow = 2 * time.Second

// stampOf returns st's stamp when it can be trusted for a file read at
// readAt or later (the time taken before st), the zero stamp otherwise:
// a file changed within window of readAt is not trusted.
func stampOf(st fs.FileInfo, readAt time.Time, window time.Duration) fileStamp {
	s, ok := sysStamp(st)
	settled := readAt.Add(-window)
	if !ok || !st.ModTime().Before(settled) || !time.Unix(0, s.ctime).Before(settled) {
		return fileStamp{}
	}
	s.size, s.mtime, s.mode = st.Size(), st.ModTime().UnixNano(), st.Mode()
	return s
}

// same tells whether st is the file a trusted stamp was made of.
func (s fileStamp) same(st fs.FileInfo) bool {
	if s == (fileStamp{}) {
		return false
	}
	o, ok := sysStamp(st)
	if !ok {
		return false
	}
	o.size, o.mtime, o.mode = st.Size(), st.ModTime().UnixNano(), st.Mode()
	return o == s
}
