// Package confine reads the files of a folder that strangers edit (a
// status repository takes pull requests) without ever reading anything
// else: every path must resolve inside the folder, links included, and
// only regular files and folders are read. A link out of the folder, a
// named pipe, a device or a socket is refused at its path before it is
// opened, so nothing outside is published and nothing can hang a read or
// feed it without end. Reads are bounded too: a file over the limit is
// refused, and a file that grows while it is read is cut at the limit.
package confine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// MaxYAML bounds status.yaml and each incident file: a status page's
// texts are far smaller, and a file this size already parses in well
// under a second.
const MaxYAML = 1 << 20

// MaxAsset bounds each file of a theme, layouts/, static/, i18n/ and
// assets/: the site holds a copy of each in memory, so one file can add
// a few times this much to a build's memory, not more.
const MaxAsset = 32 << 20

// The kinds of Refusal, for errors.Is.
var (
	ErrOutside    = errors.New("a link leads outside")
	ErrNotRegular = errors.New("not a regular file")
	ErrTooLarge   = errors.New("file too large")
)

// A Refusal is why a file is not read. Its text is meant to follow the
// file's path in a message.
type Refusal struct {
	Kind   error // ErrOutside, ErrNotRegular or ErrTooLarge
	Detail string
}

func (r *Refusal) Error() string { return r.Detail }
func (r *Refusal) Unwrap() error { return r.Kind }

// Reason returns the Refusal in err's chain, or nil when err is another
// failure.
func Reason(err error) *Refusal {
	var r *Refusal
	if errors.As(err, &r) {
		return r
	}
	return nil
}

// Dir is an open folder whose files are read through FS.
type Dir struct {
	root *os.Root
	what string

	// Folders inside root, each opened once as a root of its own: a path
	// resolved from root opens every folder on its way, three times per
	// file read (stat, open, and the reader's own stat), which reading
	// thousands of incidents from one folder repeats thousands of times.
	// A nil root is a folder not opened (see folder).
	mu      sync.Mutex
	folders map[string]*os.Root
}

// maxFolders bounds the folders a Dir keeps open: a repository has a
// few that hold many files.
const maxFolders = 64

// Open opens the folder dir, named what in refusals ("the status
// repository"). The folder itself may be reached through links; what
// is inside it may not lead out.
func Open(dir, what string) (*Dir, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Dir{root: root, what: what}, nil
}

// Close releases the folder.
func (d *Dir) Close() error {
	d.mu.Lock()
	for _, r := range d.folders {
		if r != nil {
			r.Close()
		}
	}
	d.folders = nil
	d.mu.Unlock()
	return d.root.Close()
}

// folder returns the folder of name opened as a root, and name inside
// it; nil when name is in root itself, or its folder cannot be opened
// (then root resolves name, and refuses it as it should).
//
// What a folder's root resolves stays inside that folder, so inside
// root: a file there needs no other check. Its root refuses a link
// leading out of the folder, even to elsewhere inside root; the caller
// then resolves name from root, which takes such a link.
func (d *Dir) folder(name string) (*os.Root, string) {
	dir, base := path.Split(name)
	if dir == "" {
		return nil, name
	}
	dir = strings.TrimSuffix(dir, "/")
	d.mu.Lock()
	defer d.mu.Unlock()
	r, ok := d.folders[dir]
	if !ok && len(d.folders) < maxFolders {
		var err error
		if r, err = d.root.OpenRoot(dir); err != nil {
			r = nil
		}
		if d.folders == nil {
			d.folders = map[string]*os.Root{}
		}
		d.folders[dir] = r
	}
	return r, base
}

// rootStat stats name, as root.Stat does.
func (d *Dir) rootStat(name string) (fs.FileInfo, error) {
	if r, base := d.folder(name); r != nil {
		if st, err := r.Stat(base); err == nil {
			return st, nil
		}
	}
	return d.root.Stat(name)
}

// rootOpen opens name, as root.OpenFile does.
func (d *Dir) rootOpen(name string, flag int) (*os.File, error) {
	if r, base := d.folder(name); r != nil {
		if f, err := r.OpenFile(base, flag, 0); err == nil {
			return f, nil
		}
	}
	return d.root.OpenFile(name, flag, 0)
}

// FS is the folder as an fs.FS whose files are read up to limit bytes
// each; limit 0 means MaxYAML.
func (d *Dir) FS(limit int64) *FS {
	if limit <= 0 {
		limit = MaxYAML
	}
	return &FS{d: d, limit: limit}
}

// FS is a Dir's file system. Open, Stat, ReadFile and ReadDir resolve
// links inside the folder and refuse anything else; ReadDir lists entries
// as they are (a link as a link), so a walk meets each refusal at the
// entry's own path when it opens or stats it.
type FS struct {
	d     *Dir
	limit int64
}

var (
	_ fs.ReadFileFS = (*FS)(nil)
	_ fs.ReadDirFS  = (*FS)(nil)
	_ fs.StatFS     = (*FS)(nil)
)

// Stat returns the file info of name, links followed; a special file is
// refused.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.stat("stat", name) }

func (f *FS) stat(op, name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	st, err := f.d.rootStat(name)
	if err != nil {
		return nil, f.d.pathError(op, name, err)
	}
	if err := kindOK(st); err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return st, nil
}

// kindOK refuses what is neither a regular file nor a folder.
func kindOK(st fs.FileInfo) error {
	m := st.Mode()
	if m.IsRegular() || m.IsDir() {
		return nil
	}
	return &Refusal{Kind: ErrNotRegular, Detail: "not a regular file but " + kindName(m)}
}

func kindName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a link"
	}
	return "a special file (" + m.Type().String() + ")"
}

// Open opens name for reading: a folder, or a regular file whose reads
// stop at the limit.
func (f *FS) Open(name string) (fs.File, error) {
	file, st, err := f.open(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return file, nil
	}
	return &limitedFile{File: file, r: io.LimitReader(file, f.limit)}, nil
}

// open checks name without opening it, then opens it so that even a file
// swapped for a named pipe in between cannot block (O_NONBLOCK), and
// checks what it opened.
func (f *FS) open(name string) (*os.File, fs.FileInfo, error) {
	st, err := f.stat("open", name)
	if err != nil {
		return nil, nil, err
	}
	file, err := f.d.rootOpen(name, openFlags)
	if err != nil {
		return nil, nil, f.d.pathError("open", name, err)
	}
	if st, err = file.Stat(); err == nil {
		err = kindOK(st)
	}
	if err == nil && st.Mode().IsRegular() && st.Size() > f.limit {
		err = tooLarge(st.Size(), f.limit)
	}
	if err != nil {
		file.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return file, st, nil
}

func tooLarge(size, limit int64) error {
	return &Refusal{Kind: ErrTooLarge, Detail: fmt.Sprintf("%s, over the limit of %s", Size(size), Size(limit))}
}

// Size formats a size in bytes for a message.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReadFile reads the regular file name, refusing one over the limit,
// however it grows while it is read.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, st, err := f.open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	// One byte more than the limit tells a file that grew past it.
	data := make([]byte, 0, st.Size()+1)
	for {
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > f.limit {
			return nil, &fs.PathError{Op: "read", Path: name, Err: tooLarge(int64(len(data)), f.limit)}
		}
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, min(int(f.limit)+1-len(data), max(len(data), 512)))
		}
	}
}

// ReadDir lists the folder name, sorted by name, links unresolved.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, st, err := f.open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if !st.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	entries, err := file.ReadDir(-1)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// OpenRegular opens the regular file name for a reader that bounds its
// own reads (history reads line by line): no size limit applies.
func (f *FS) OpenRegular(name string) (*os.File, error) {
	file, st, err := (&FS{d: f.d, limit: 1<<63 - 1}).open(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("is a folder")}
	}
	return file, nil
}

// MkdirAll creates the folder name and its parents inside the folder; a
// link out of it is refused, not followed.
func (d *Dir) MkdirAll(name string, perm fs.FileMode) error {
	if err := d.root.MkdirAll(name, perm); err != nil {
		return d.pathError("mkdir", name, err)
	}
	return nil
}

// OpenAppend opens the regular file name for reading and appending,
// creating it with perm when missing; a link out of the folder, or a
// special file, is refused as by Open.
func (d *Dir) OpenAppend(name string, perm fs.FileMode) (*os.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if st, err := d.root.Stat(name); err == nil {
		if err := kindOK(st); err != nil || st.IsDir() {
			if err == nil {
				err = errors.New("is a folder")
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, d.pathError("open", name, err)
	}
	f, err := d.root.OpenFile(name, appendFlags, perm)
	if err != nil {
		return nil, d.pathError("open", name, err)
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = &Refusal{Kind: ErrNotRegular, Detail: "not a regular file but " + kindName(st.Mode())}
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f, nil
}

// pathError turns an error of os.Root into one naming name, with the
// escape it reports as a Refusal.
func (d *Dir) pathError(op, name string, err error) error {
	inner := err
	var pe *fs.PathError
	if errors.As(err, &pe) {
		inner = pe.Err
	}
	// os.Root's escape error is not exported; its text is stable.
	if strings.Contains(inner.Error(), "path escapes from parent") {
		detail := fmt.Sprintf("a link leads outside %s (links must be relative and stay inside it)", d.what)
		if target := d.absoluteLink(name); target != "" {
			// An absolute target may name a file inside: the same clone
			// elsewhere would read another file, so it is refused too.
			detail = fmt.Sprintf("a link leads outside %s or to an absolute path (%s): links must be relative and stay inside it", d.what, target)
		}
		inner = &Refusal{Kind: ErrOutside, Detail: detail}
	}
	return &fs.PathError{Op: op, Path: path.Clean(name), Err: inner}
}

// absoluteLink returns the target of the first link on the way to name
// when that target is an absolute path, and "" otherwise.
func (d *Dir) absoluteLink(name string) string {
	parts := strings.Split(path.Clean(name), "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		st, err := d.root.Lstat(p)
		if err != nil {
			return ""
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			target, err := d.root.Readlink(p)
			if err != nil || !filepath.IsAbs(target) {
				return ""
			}
			return target
		}
	}
	return ""
}

// limitedFile is a regular file whose reads stop at the limit.
type limitedFile struct {
	*os.File
	r io.Reader
}

func (l *limitedFile) Read(b []byte) (int, error) { return l.r.Read(b) }
