// Package buildcache keeps work of one build for the next: tables of
// results (parsed incidents, rendered Markdown) by the hash of what they
// were made from, each in one file of a folder outside the repository.
//
// A table that is missing, unreadable, damaged or written by another
// binary is empty: the cache only ever saves work, and a build without it
// gives the same site. It lives outside the repository because its
// entries are trusted as they are: a pull request that could add one
// could put any HTML on the page.
package buildcache

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// Key names an entry: the hash of everything its value was made from.
type Key [sha256.Size]byte

// KeyOf hashes parts, each with its length, so that no two lists of
// parts give the same key by running into each other.
func KeyOf(parts ...[]byte) Key {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	for _, p := range parts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k
}

// Table is one kind of result, read from its file at the start of a build
// and written back at its end with the entries the build used: an entry
// no build asks for any more (an incident changed or deleted) goes.
// A Table is safe for concurrent use.
//
// Values are strings: the HTML a renderer keeps as a string goes in
// without a copy, and the values read share the memory of one string,
// the file's.
type Table struct {
	// loaded is closed once old is read: the file is read in the
	// background, while a build reads the repository and sets Hugo up.
	loaded chan struct{}
	mu     sync.Mutex
	old    map[Key]string
	used   map[Key]string
	// grew is set when an entry was put that the file did not have.
	grew bool
}

// Get returns the value of k from the last build, and keeps it for the
// next.
func (t *Table) Get(k Key) (string, bool) {
	if t == nil {
		return "", false
	}
	<-t.loaded
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.old[k]
	if ok {
		t.used[k] = v
	}
	return v, ok
}

// Put keeps v as the value of k for the next build.
func (t *Table) Put(k Key, v string) {
	if t == nil {
		return
	}
	<-t.loaded
	t.mu.Lock()
	defer t.mu.Unlock()
	if old, ok := t.old[k]; !ok || old != v {
		t.grew = true
	}
	t.used[k] = v
}

// Len is the number of entries the next build will find.
func (t *Table) Len() int {
	if t == nil {
		return 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.used)
}

// Dir is a cache folder, for the binary whose identity is code: tables
// written by another binary (another version, another build of it) are
// not read, as the same input may give another result there.
type Dir struct {
	path string
	code string
}

// Open returns the cache in folder path (made when first written), for
// the binary code names (see Code). An empty path or code is no cache:
// its tables are always empty and never written.
func Open(path, code string) *Dir {
	if code == "" {
		path = ""
	}
	return &Dir{path: path, code: code}
}

// magic starts every table file; a new layout gets a new one.
const magic = "buoy build cache 1\n"

// Table reads the table name, in the background: Get, Put and Save wait
// for it. What cannot be read is an empty table;
// without a cache it is nil, on which Get finds nothing and Put keeps
// nothing.
func (d *Dir) Table(name string) *Table {
	if d == nil || d.path == "" {
		return nil
	}
	t := &Table{loaded: make(chan struct{}), used: map[Key]string{}}
	go func() {
		defer close(t.loaded)
		data, err := os.ReadFile(filepath.Join(d.path, name))
		if err == nil {
			t.old, _ = decode(data, d.code)
		}
	}()
	return t
}

// Save writes t as the table name, replacing the last one in one step:
// a build killed while saving leaves the old table or the new, never
// a part of one. A table the build used all of and added nothing to is
// the file as it is, and is not written again.
func (d *Dir) Save(name string, t *Table) error {
	if d == nil || d.path == "" || t == nil {
		return nil
	}
	<-t.loaded
	t.mu.Lock()
	same := !t.grew && len(t.used) == len(t.old)
	t.mu.Unlock()
	if same {
		return nil
	}
	if err := os.MkdirAll(d.path, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(d.path, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	t.mu.Lock()
	err = encode(f, t.used, d.code)
	t.mu.Unlock()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(d.path, name))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// A table file is magic, the binary's code, the number of entries, the
// entries in key order (key, length, value) and the CRC-32C of all that.
var crcTable = crc32.MakeTable(crc32.Castagnoli)

// encode writes entries to w as a table file, through a buffer rather
// than whole: at 10,000 incidents a table is tens of megabytes.
func encode(w io.Writer, entries map[Key]string, code string) error {
	keys := make([]Key, 0, len(entries))
	for k := range entries {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	sum := crc32.New(crcTable)
	bw := bufio.NewWriterSize(io.MultiWriter(w, sum), 256<<10)
	var n [binary.MaxVarintLen64]byte
	bw.WriteString(magic)
	bw.Write(binary.AppendUvarint(n[:0], uint64(len(code))))
	bw.WriteString(code)
	bw.Write(binary.AppendUvarint(n[:0], uint64(len(keys))))
	for _, k := range keys {
		v := entries[k]
		bw.Write(k[:])
		bw.Write(binary.AppendUvarint(n[:0], uint64(len(v))))
		bw.WriteString(v)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	_, err := w.Write(binary.LittleEndian.AppendUint32(nil, sum.Sum32()))
	return err
}

var errDamaged = errors.New("buildcache: damaged table")

// decode reads a table file. Its values share the memory of one copy of
// data, as a string.
func decode(data []byte, code string) (map[Key]string, error) {
	if len(data) < len(magic)+4 {
		return nil, errDamaged
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum || !bytes.HasPrefix(body, []byte(magic)) {
		return nil, errDamaged
	}
	r := reader{b: string(body[len(magic):])}
	if got := r.bytes(); r.bad || got != code {
		return nil, errDamaged
	}
	n := r.uvarint()
	// Each entry takes a key's bytes at least: a forged count cannot
	// make a huge map.
	if r.bad || n > uint64(len(r.b)/len(Key{})) {
		return nil, errDamaged
	}
	entries := make(map[Key]string, n)
	for range n {
		var k Key
		if len(r.b) < len(k) {
			return nil, errDamaged
		}
		copy(k[:], r.b)
		r.b = r.b[len(k):]
		v := r.bytes()
		if r.bad {
			return nil, errDamaged
		}
		entries[k] = v
	}
	if len(r.b) != 0 {
		return nil, errDamaged
	}
	return entries, nil
}

type reader struct {
	b   string
	bad bool
}

func (r *reader) uvarint() uint64 {
	// The most a varint takes: Uvarint reads no further.
	head := r.b[:min(len(r.b), binary.MaxVarintLen64)]
	v, n := binary.Uvarint([]byte(head))
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return ""
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}
