package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/spf13/afero"

	"github.com/buoystatus/buoy/generator/relurl"
	"github.com/buoystatus/buoy/generator/sitefile"
	"github.com/buoystatus/buoy/generator/view"
)

// treeWriters is how many goroutines write files. Creating a file waits
// on the disk as much as on the CPU, so a few in flight keep both busy;
// more only queue on the kernel's locks of the folder they share.
const treeWriters = 4

// publishFS is the folder Hugo publishes a build's site into: in memory,
// as Hugo renders faster there than onto a disk, where its render
// workers would wait on every create. Each file Hugo closes is handed to
// writer goroutines that write it into the site's folder (a
// sitefile.Tree) with its links made relative, while Hugo renders the
// next pages: the kernel's work on the disk overlaps the templates
// instead of following them. Once written, the file's bytes leave the
// memory: Hugo never reads its pages back while building.
//
// Hugo may write a file again (a page over a static file of the same
// name): the last bytes it closes are those written. It never removes or
// renames a published file while building; should it, the build fails
// rather than leave the file on disk.
type publishFS struct {
	afero.Fs // Hugo's publish folder in memory

	mu      sync.Mutex
	files   map[string]*pubFile // by path in the folder, "/"+rel
	dirs    []string            // the folders Hugo made, written at the end
	queue   []string            // closed files waiting for a writer
	running int                 // files being written
	work    *sync.Cond          // a file was queued, or the writers must stop
	idle    *sync.Cond          // the queue is empty and no file is being written
	stopped bool                // no file is written any more
	err     error               // the first failure, which stops the writers

	// Set by start: until then closed files wait in the queue.
	ctx context.Context
	out *sitefile.Tree
	rw  *relurl.Rewriter
	wg  sync.WaitGroup

	// articles are the incident articles view wrote, by view.ArticleKey,
	// each spliced into its page in place of its mark and then dropped;
	// entries, the incidents' entries in lists, by the key of their ref.
	articles, entries map[string]string

	folders sync.Map // folder of the tree -> *folder, made once
	// mkdir makes one folder at a time: most are made in one parent
	// (incidents/), and writers making them at once took seconds more
	// of kernel time on ext4 (docs/performance.md).
	mkdir sync.Mutex
}

// pubFile is what the writers know of a published file.
type pubFile struct {
	open    int  // handles Hugo has open for writing
	queued  bool // waiting in the queue
	running bool // a writer is writing it
	again   bool // closed again while a writer was writing it
	written bool // in the tree
	dropped bool // written, and gone from memory
	size    int64
}

// folder is a folder of the tree, made by the first writer that needs it.
type folder struct {
	once sync.Once
	err  error
}

func newPublishFS() *publishFS {
	p := &publishFS{files: map[string]*pubFile{}}
	p.work, p.idle = sync.NewCond(&p.mu), sync.NewCond(&p.mu)
	return p
}

// wrap makes p the publish folder of Hugo's file systems, over fsys.
func (p *publishFS) wrap(fsys afero.Fs) afero.Fs {
	p.Fs = fsys
	return p
}

// rel is name as a path of the tree: slash-separated, relative to the
// site's root, "" for the root itself.
func rel(name string) string {
	return strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(name)), "/")
}

// start has the writers write the files Hugo closes into out, with their
// links made relative by rw.
func (p *publishFS) start(ctx context.Context, out *sitefile.Tree, rw *relurl.Rewriter) {
	p.mu.Lock()
	p.ctx, p.out, p.rw = ctx, out, rw
	p.mu.Unlock()
	for range treeWriters {
		p.wg.Add(1)
		go p.writer()
	}
}

// finish waits until every file Hugo wrote is in the tree, makes the
// folders Hugo made that hold no file, and stops the writers. Hugo must
// be done with the folder.
func (p *publishFS) finish() error {
	p.mu.Lock()
	for p.err == nil && (len(p.queue) > 0 || p.running > 0) {
		p.idle.Wait()
	}
	dirs := p.dirs
	// A file Hugo left open was never queued: it is written as it is,
	// as Hugo's own folder on disk would have it.
	var open []string
	for name, f := range p.files {
		if !f.written {
			open = append(open, name)
		}
	}
	p.mu.Unlock()
	p.stop()
	if err := p.failure(); err != nil {
		return err
	}
	var data, page, scratch []byte
	for _, name := range open {
		var err error
		if data, page, scratch, err = p.write(name, false, data, page, scratch); err != nil {
			return err
		}
	}
	for _, d := range dirs {
		if err := p.mkdirAll(d); err != nil {
			return err
		}
	}
	return p.ctx.Err()
}

// stop stops the writers, waiting for those writing, and makes later
// closes write nothing: after a failed build, or a stalled Hugo whose
// workers may close files long after.
func (p *publishFS) stop() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
	p.work.Broadcast()
	p.wg.Wait()
}

func (p *publishFS) failure() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// fail records the first failure and stops the writers. The caller holds mu.
func (p *publishFS) fail(err error) {
	if p.err == nil {
		p.err = err
	}
	p.work.Broadcast()
	p.idle.Broadcast()
}

// writer writes the queued files until stopped.
func (p *publishFS) writer() {
	defer p.wg.Done()
	// Buffers per writer, reused: copying each page into a new slice
	// would make garbage of the whole site.
	var data, page, scratch []byte
	p.mu.Lock()
	for {
		for !p.stopped && p.err == nil && len(p.queue) == 0 {
			p.work.Wait()
		}
		if p.stopped || p.err != nil {
			p.mu.Unlock()
			return
		}
		name := p.queue[0]
		p.queue = p.queue[1:]
		f := p.files[name]
		f.queued, f.running = false, true
		p.running++
		again := f.written
		p.mu.Unlock()

		var err error
		if err = p.ctx.Err(); err == nil {
			data, page, scratch, err = p.write(name, again, data, page, scratch)
		}

		p.mu.Lock()
		f.running = false
		p.running--
		f.written = f.written || err == nil
		switch {
		case err != nil:
			p.fail(err)
		case f.again:
			f.again, f.queued = false, true
			p.queue = append(p.queue, name)
		case f.open == 0:
			// Hugo is done with it: its bytes are on disk now.
			if st, err := p.Fs.Stat(name); err == nil && p.Fs.Remove(name) == nil {
				f.dropped, f.size = true, st.Size()
			}
		}
		if p.running == 0 && len(p.queue) == 0 {
			p.idle.Broadcast()
		}
	}
}

// write writes the file name of the published folder into the tree, as
// its only version so far or over the one written before.
func (p *publishFS) write(name string, again bool, data, page, scratch []byte) ([]byte, []byte, []byte, error) {
	var err error
	if data, err = readFile(p.Fs, name, data); err != nil {
		return data, page, scratch, err
	}
	r := rel(name)
	if err := p.mkdirAll(path.Dir(r)); err != nil {
		return data, page, scratch, err
	}
	file := data
	if path.Ext(r) == ".html" {
		if file, err = p.splice(file); err != nil {
			return data, page, scratch, fmt.Errorf("%s: %w", r, err)
		}
	}
	if relurl.Applies(r) {
		page = p.rw.Page(page[:0], file, r)
		file = page
	}
	if again {
		scratch, err = p.out.Replace(r, file, scratch)
	} else {
		scratch, err = p.out.Write(r, file, scratch)
	}
	return data, page, scratch, err
}

// setArticles keeps the articles and entries of files for the pages Hugo
// will write.
func (p *publishFS) setArticles(files []view.File) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, f := range files {
		for k, a := range f.Articles {
			if p.articles == nil {
				p.articles, p.entries = map[string]string{}, map[string]string{}
			}
			p.articles[k] = a
		}
		for k, e := range f.Entries {
			p.entries[k] = e
		}
	}
}

// splice returns page with the article and entries its marks name in
// place of the marks, or page itself when it has none.
func (p *publishFS) splice(page []byte) ([]byte, error) {
	const mark = "<template data-buoy-"
	i := bytes.Index(page, []byte(mark))
	if i < 0 {
		return page, nil
	}
	out := make([]byte, 0, len(page)+4096)
	for i >= 0 {
		out = append(out, page[:i]...)
		page = page[i:]
		var entries bool
		switch {
		case bytes.HasPrefix(page, []byte(view.ArticleMarkStart)):
			page = page[len(view.ArticleMarkStart):]
		case bytes.HasPrefix(page, []byte(view.EntryMarkStart)):
			page, entries = page[len(view.EntryMarkStart):], true
		default:
			// Not a mark of buoy's (none of the page's text can be): as it is.
			out = append(out, mark...)
			page = page[len(mark):]
			i = bytes.Index(page, []byte(mark))
			continue
		}
		j := bytes.Index(page, []byte(view.ArticleMarkEnd))
		if j < 0 {
			return nil, errors.New("a mark of buoy's is not closed")
		}
		key := string(page[:j])
		page = page[j+len(view.ArticleMarkEnd):]
		p.mu.Lock()
		text, ok := "", false
		if entries {
			text, ok = p.entries[key]
		} else {
			// An article goes on one page: it leaves the memory there.
			text, ok = p.articles[key]
			delete(p.articles, key)
		}
		p.mu.Unlock()
		if !ok {
			what := map[bool]string{false: "article", true: "entry"}[entries]
			return nil, fmt.Errorf("no %s for the mark %q", what, key)
		}
		out = append(out, text...)
		i = bytes.Index(page, []byte(mark))
	}
	return append(out, page...), nil
}

// mkdirAll makes the folder d of the tree and its parents, each once,
// parents first, whichever writer needs it first; the others wait.
func (p *publishFS) mkdirAll(d string) error {
	if d == "." || d == "" {
		return nil
	}
	v, _ := p.folders.LoadOrStore(d, &folder{})
	fo := v.(*folder)
	fo.once.Do(func() {
		if fo.err = p.mkdirAll(path.Dir(d)); fo.err == nil {
			p.mkdir.Lock()
			fo.err = p.out.Mkdir(d)
			p.mkdir.Unlock()
		}
	})
	return fo.err
}

// readFile reads the file p of src into buf, which it grows when too
// small.
func readFile(src afero.Fs, p string, buf []byte) ([]byte, error) {
	f, err := src.Open(p)
	if err != nil {
		return buf, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return buf, err
	}
	if int64(cap(buf)) < st.Size() {
		buf = make([]byte, st.Size())
	}
	buf = buf[:st.Size()]
	_, err = io.ReadFull(f, buf)
	return buf, err
}

// opened notes that Hugo opened name for writing.
func (p *publishFS) opened(name string) {
	name = "/" + rel(name)
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.files[name]
	if f == nil {
		f = &pubFile{}
		p.files[name] = f
	}
	f.open++
	f.dropped = false
}

// closed queues name, which Hugo closed, for a writer.
func (p *publishFS) closed(name string) {
	name = "/" + rel(name)
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.files[name]
	f.open--
	switch {
	case p.stopped:
	case f.running:
		f.again = true
	case !f.queued:
		f.queued = true
		p.queue = append(p.queue, name)
		p.work.Signal()
	}
}

func (p *publishFS) Create(name string) (afero.File, error) {
	return p.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (p *publishFS) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR) == 0 {
		return p.Open(name)
	}
	p.opened(name)
	f, err := p.Fs.OpenFile(name, flag, perm)
	if err != nil {
		key := "/" + rel(name)
		p.mu.Lock()
		f := p.files[key]
		f.open--
		if f.open == 0 && !f.written && !f.queued && !f.running {
			delete(p.files, key)
		}
		p.mu.Unlock()
		return nil, err
	}
	return &pubWriter{File: f, fs: p, name: name}, nil
}

// Open opens name for reading. A file whose bytes left the memory cannot
// be: Hugo reading its own output back is reported, not given nothing.
func (p *publishFS) Open(name string) (afero.File, error) {
	if p.isDropped(name) {
		return nil, &os.PathError{Op: "open", Path: name, Err: errors.New("already written to disk; buoy does not keep published files in memory")}
	}
	return p.Fs.Open(name)
}

func (p *publishFS) isDropped(name string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.files["/"+rel(name)]
	return f != nil && f.dropped
}

// Stat tells of a written file as of one in memory: Hugo publishes a
// resource once, when it finds none there.
func (p *publishFS) Stat(name string) (os.FileInfo, error) {
	p.mu.Lock()
	f := p.files["/"+rel(name)]
	dropped := f != nil && f.dropped
	var size int64
	if dropped {
		size = f.size
	}
	p.mu.Unlock()
	if dropped {
		return writtenInfo{name: path.Base(rel(name)), size: size}, nil
	}
	return p.Fs.Stat(name)
}

func (p *publishFS) Mkdir(name string, perm os.FileMode) error {
	p.madeDir(name)
	return p.Fs.Mkdir(name, perm)
}

func (p *publishFS) MkdirAll(name string, perm os.FileMode) error {
	p.madeDir(name)
	return p.Fs.MkdirAll(name, perm)
}

// madeDir remembers a folder Hugo made: an empty one is in the site too.
func (p *publishFS) madeDir(name string) {
	p.mu.Lock()
	p.dirs = append(p.dirs, rel(name))
	p.mu.Unlock()
}

func (p *publishFS) Remove(name string) error { return p.refuse("remove", name) }

func (p *publishFS) RemoveAll(name string) error { return p.refuse("remove", name) }

func (p *publishFS) Rename(oldname, newname string) error { return p.refuse("rename", oldname) }

// refuse fails the build: what was written of the site cannot follow.
func (p *publishFS) refuse(op, name string) error {
	err := &os.PathError{Op: op, Path: name, Err: errors.New("hugo changed a published file, which buoy does not support")}
	p.mu.Lock()
	p.fail(fmt.Errorf("publish: %w", err))
	p.mu.Unlock()
	return err
}

// pubWriter is a file Hugo writes; closing it queues it for the writers.
type pubWriter struct {
	afero.File
	fs     *publishFS
	name   string
	closed sync.Once
}

func (w *pubWriter) Close() error {
	err := w.File.Close()
	w.closed.Do(func() { w.fs.closed(w.name) })
	return err
}

// writtenInfo describes a file whose bytes are on disk only.
type writtenInfo struct {
	name string
	size int64
}

func (i writtenInfo) Name() string       { return i.name }
func (i writtenInfo) Size() int64        { return i.size }
func (i writtenInfo) Mode() os.FileMode  { return 0o644 }
func (i writtenInfo) ModTime() time.Time { return time.Time{} }
func (i writtenInfo) IsDir() bool        { return false }
func (i writtenInfo) Sys() any           { return nil }
