// Package sitefile fills a folder on disk with a built site. The folder
// may be new or hold an earlier site, the one the build before last put
// in place: a file already there with the same bytes is left alone,
// anything else is replaced, and Prune removes what the new site no
// longer has. A rebuild then creates only the files that changed and no
// folder at all.
//
// On this kind of disk creating a file or folder costs far more than
// reading one: it takes an inode and blocks, and removing an old site
// frees them again. On ext4 without a journal, inodes freed in the last
// minutes are skipped one by one by the next allocations, so each file a
// build creates and frees slows the next build's creates. Writing 10,000
// pages into a fresh folder and deleting the old one took 5 s of a 10 s
// build; bringing the earlier site up to date takes a fraction of that.
//
// A file left alone keeps its time, as rsync would, so a web server's
// Last-Modified and a deploy's comparison see it unchanged.
package sitefile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sync"
)

// Mode is the permission of every file written; folders get DirMode.
const (
	Mode    fs.FileMode = 0o644
	DirMode fs.FileMode = 0o755
)

// Tree is a folder being filled with a site. Paths are slash-separated
// and relative to the folder. Each folder is made once, after its parent
// and before the files in it; different folders and files may be made
// by many goroutines at once.
type Tree struct {
	root  string
	fresh bool // the folder was empty: nothing to compare or prune
	chmod bool // the umask takes bits off Mode and DirMode

	mu      sync.Mutex
	files   map[string]bool // written this round
	dirs    map[string]bool // made this round
	touched bool            // anything on disk was changed, or tried
}

// Touched reports whether anything under the folder was changed, or
// tried and failed, since Open.
func (t *Tree) Touched() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.touched
}

// ErrCaseInsensitive is Open's answer for an earlier site on a file
// system that takes "Logo.png" and "logo.png" for one name: comparing
// and pruning by name would lose files there. Use a new folder.
var ErrCaseInsensitive = errors.New("the file system ignores case: an earlier site cannot be reused")

// Open starts filling the existing folder root, which it makes readable
// to web servers.
func Open(root string) (*Tree, error) {
	f, err := os.Open(root)
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(1)
	f.Close()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	t := &Tree{root: root, fresh: len(names) == 0, files: map[string]bool{}, dirs: map[string]bool{".": true}}
	if err := os.Chmod(root, DirMode); err != nil {
		return nil, err
	}
	// A probe file tells what the umask does to modes and, when root
	// holds an earlier site, whether names differing in case clash.
	probe := filepath.Join(root, ".buoy-Probe")
	pf, err := os.OpenFile(probe, os.O_WRONLY|os.O_CREATE|os.O_EXCL, Mode)
	if err != nil {
		return nil, err
	}
	st, err := pf.Stat()
	pf.Close()
	defer os.Remove(probe)
	if err != nil {
		return nil, err
	}
	t.chmod = st.Mode().Perm() != Mode
	if !t.fresh {
		if _, err := os.Lstat(filepath.Join(root, ".buoy-pROBE")); err == nil {
			return nil, ErrCaseInsensitive
		}
	}
	return t, nil
}

// Root is the folder being filled.
func (t *Tree) Root() string { return t.root }

func (t *Tree) full(rel string) string { return filepath.Join(t.root, filepath.FromSlash(rel)) }

// Has reports whether rel was written this round.
func (t *Tree) Has(rel string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.files[rel]
}

// Mkdir makes the folder rel, whose parent is made already. A folder
// the earlier site has there is kept; anything else it has there is
// replaced. A file written this round is never replaced.
func (t *Tree) Mkdir(rel string) error {
	t.mu.Lock()
	done, parent, clash := t.dirs[rel], t.dirs[path.Dir(rel)], t.files[rel]
	t.mu.Unlock()
	switch {
	case done:
		return nil
	case clash:
		return fmt.Errorf("%s: a folder where a file is written", rel)
	case !parent:
		return fmt.Errorf("%s: the folder's parent is not made", rel)
	}
	t.mu.Lock()
	t.touched = true
	t.mu.Unlock()
	err := t.mkdir(rel)
	if err == nil {
		t.mu.Lock()
		t.dirs[rel] = true
		t.mu.Unlock()
	}
	return err
}

func (t *Tree) mkdir(rel string) error {
	p := t.full(rel)
	err := os.Mkdir(p, DirMode)
	if err == nil && t.chmod {
		err = os.Chmod(p, DirMode)
	}
	if err == nil || t.fresh || !errors.Is(err, fs.ErrExist) {
		return err
	}
	st, err := os.Lstat(p)
	if err != nil {
		return err
	}
	if st.IsDir() {
		if st.Mode().Perm() != DirMode {
			return os.Chmod(p, DirMode)
		}
		return nil
	}
	if err := os.Remove(p); err != nil {
		return err
	}
	if err := os.Mkdir(p, DirMode); err != nil {
		return err
	}
	return os.Chmod(p, DirMode)
}

// MkdirAll makes the folder rel and the parents it lacks.
func (t *Tree) MkdirAll(rel string) error {
	rel = path.Clean(rel)
	if rel == "." {
		return nil
	}
	t.mu.Lock()
	done := t.dirs[rel]
	t.mu.Unlock()
	if done {
		return nil
	}
	if err := t.MkdirAll(path.Dir(rel)); err != nil {
		return err
	}
	return t.Mkdir(rel)
}

// Write puts data at rel, whose folder is made already. A file there
// with the same bytes is kept as it is; anything else is removed first
// and the file created anew, never rewritten in place: a web server may
// still be sending it from before the last swap, and an older buoy may
// have linked it into another site. buf is scratch space for reading
// the file there, returned grown for the next call. A path may be
// written once per round, and not where a folder was made.
func (t *Tree) Write(rel string, data, buf []byte) ([]byte, error) {
	t.mu.Lock()
	twice, parent, clash := t.files[rel], t.dirs[path.Dir(rel)], t.dirs[rel]
	if !twice && parent && !clash {
		t.files[rel] = true
		t.touched = true
	}
	t.mu.Unlock()
	switch {
	case twice:
		return buf, fmt.Errorf("%s: written twice", rel)
	case clash:
		return buf, fmt.Errorf("%s: a file where a folder is made", rel)
	case !parent:
		// Its folder may be a link the earlier site held.
		return buf, fmt.Errorf("%s: the file's folder is not made", rel)
	}
	if t.fresh {
		return buf, t.create(t.full(rel), data)
	}
	return t.replace(t.full(rel), data, buf)
}

// Replace puts data at rel, which this round wrote already, as Write
// puts it over an earlier site's file: a site generator may write a
// file twice, the second time over the first.
func (t *Tree) Replace(rel string, data, buf []byte) ([]byte, error) {
	t.mu.Lock()
	written := t.files[rel]
	t.mu.Unlock()
	if !written {
		return buf, fmt.Errorf("%s: replaced before it was written", rel)
	}
	return t.replace(t.full(rel), data, buf)
}

// replace puts data at p unless p holds it already.
func (t *Tree) replace(p string, data, buf []byte) ([]byte, error) {
	var same bool
	if same, buf = sameBytes(p, data, buf); same {
		return buf, nil
	}
	if err := os.RemoveAll(p); err != nil {
		return buf, err
	}
	return buf, t.create(p, data)
}

// create makes the file p, which is not there, holding data.
func (t *Tree) create(p string, data []byte) error {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, Mode)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil && t.chmod {
		err = f.Chmod(Mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// sameBytes reports whether p is a regular file of mode Mode holding
// exactly data, reading it into buf.
func sameBytes(p string, data, buf []byte) (bool, []byte) {
	f, err := os.OpenFile(p, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return false, buf
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.Mode() != Mode || st.Size() != int64(len(data)) {
		return false, buf
	}
	if cap(buf) < len(data)+1 {
		buf = make([]byte, len(data)+1)
	}
	// One byte more than expected shows a file that grew since Stat.
	n, err := io.ReadFull(f, buf[:len(data)+1])
	if n != len(data) || !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return false, buf
	}
	return bytes.Equal(buf[:n], data), buf
}

// Prune removes every file and folder this round neither wrote nor
// made: what the earlier site had and the new one has not. Reading
// thousands of folders waits on the disk, so several are read at once.
func (t *Tree) Prune() error {
	if t.fresh {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.touched = true
	p := pruner{t: t, slots: make(chan struct{}, pruneReaders)}
	p.prune(".")
	p.wg.Wait()
	return p.err
}

// pruneReaders is how many folders Prune reads at once.
const pruneReaders = 8

// pruner walks a tree whose maps no one writes meanwhile.
type pruner struct {
	t     *Tree
	slots chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

func (p *pruner) fail(err error) {
	p.mu.Lock()
	if p.err == nil {
		p.err = err
	}
	p.mu.Unlock()
}

func (p *pruner) prune(dir string) {
	entries, err := os.ReadDir(p.t.full(dir))
	if err != nil {
		p.fail(err)
		return
	}
	for _, e := range entries {
		rel := path.Join(dir, e.Name())
		switch {
		case e.IsDir() && p.t.dirs[rel]:
			select {
			case p.slots <- struct{}{}:
				p.wg.Add(1)
				go func() {
					defer p.wg.Done()
					p.prune(rel)
					<-p.slots
				}()
			default:
				p.prune(rel)
			}
		case !e.IsDir() && p.t.files[rel]:
		default:
			if err := os.RemoveAll(p.t.full(rel)); err != nil {
				p.fail(err)
			}
		}
	}
}
