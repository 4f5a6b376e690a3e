// Package sitefile writes the files of a new site next to the site it
// replaces. A file whose bytes the previous site already holds is linked
// from it instead of written again.
//
// A rebuild changes few files, and on disk creating a file costs far more
// than linking one: it takes an inode, blocks, and later a write-back, and
// removing the previous site then frees all of those. On ext4 without a
// journal, inodes freed in the last minutes are skipped one by one by the
// next allocations, so each file a build creates and the next build frees
// slows that build's creates. A link keeps the inode and its blocks
// alive in the new site; removing the previous site only drops a name.
//
// The previous site is never written: a failed build leaves it as it was.
// A linked file keeps the previous file's time, as rsync would, so a web
// server's Last-Modified and a deploy's comparison see it unchanged.
package sitefile

import (
	"bytes"
	"io"
	"os"
)

// Write makes the file to hold data, linking it from prev when prev is
// a regular file with the same bytes. An empty prev means no previous
// site. buf is scratch space for reading prev, grown when too small and
// returned for the next call.
func Write(prev, to string, data, buf []byte) ([]byte, error) {
	if prev != "" {
		var same bool
		if same, buf = sameBytes(prev, data, buf); same {
			if os.Link(prev, to) == nil {
				return buf, nil
			}
			// Another file system, a file system without links, a
			// limit on links: the bytes are written instead.
		}
	}
	return buf, os.WriteFile(to, data, 0o644)
}

// sameBytes reports whether p is a regular file holding data. A link, a
// folder or a file it cannot read is not the same. Nothing writes into a
// published site while a build runs, so what is read here is what gets
// linked.
func sameBytes(p string, data, buf []byte) (bool, []byte) {
	lst, err := os.Lstat(p)
	if err != nil || !lst.Mode().IsRegular() || lst.Size() != int64(len(data)) {
		return false, buf
	}
	f, err := os.Open(p)
	if err != nil {
		return false, buf
	}
	defer f.Close()
	// The name may have been replaced between Lstat and Open.
	if st, err := f.Stat(); err != nil || !os.SameFile(lst, st) {
		return false, buf
	}
	if cap(buf) < len(data) {
		buf = make([]byte, len(data))
	}
	b := buf[:len(data)]
	if _, err := io.ReadFull(f, b); err != nil {
		return false, buf
	}
	return bytes.Equal(b, data), buf
}
