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
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"hash/crc32"
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
type Table struct {
	mu   sync.Mutex
	old  map[Key][]byte
	used map[Key][]byte
}

// Get returns the value of k from the last build, and keeps it for the
// next.
func (t *Table) Get(k Key) ([]byte, bool) {
	if t == nil {
		return nil, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.old[k]
	if ok {
		t.used[k] = v
	}
	return v, ok
}

// Put keeps v as the value of k for the next build. v must not change
// afterwards.
func (t *Table) Put(k Key, v []byte) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
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

// Table reads the table name. What cannot be read is an empty table;
// without a cache it is nil, on which Get finds nothing and Put keeps
// nothing.
func (d *Dir) Table(name string) *Table {
	if d == nil || d.path == "" {
		return nil
	}
	t := &Table{used: map[Key][]byte{}}
	data, err := os.ReadFile(filepath.Join(d.path, name))
	if err == nil {
		t.old, _ = decode(data, d.code)
	}
	return t
}

// Save writes t as the table name, replacing the last one in one step:
// a build killed while saving leaves the old table or the new, never
// a part of one.
func (d *Dir) Save(name string, t *Table) error {
	if d == nil || d.path == "" || t == nil {
		return nil
	}
	t.mu.Lock()
	data := encode(t.used, d.code)
	t.mu.Unlock()
	if err := os.MkdirAll(d.path, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(d.path, "."+name+".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
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

func encode(entries map[Key][]byte, code string) []byte {
	keys := make([]Key, 0, len(entries))
	size := len(magic) + len(code) + 2*binary.MaxVarintLen64 + 4
	for k, v := range entries {
		keys = append(keys, k)
		size += len(k) + binary.MaxVarintLen64 + len(v)
	}
	slices.SortFunc(keys, func(a, b Key) int { return bytes.Compare(a[:], b[:]) })
	b := make([]byte, 0, size)
	b = append(b, magic...)
	b = binary.AppendUvarint(b, uint64(len(code)))
	b = append(b, code...)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(entries[k])))
		b = append(b, entries[k]...)
	}
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, crcTable))
}

var errDamaged = errors.New("buildcache: damaged table")

// decode reads a table file; its values share data's memory.
func decode(data []byte, code string) (map[Key][]byte, error) {
	if len(data) < len(magic)+4 {
		return nil, errDamaged
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, crcTable) != sum || !bytes.HasPrefix(body, []byte(magic)) {
		return nil, errDamaged
	}
	r := reader{b: body[len(magic):]}
	if got := r.bytes(); r.bad || string(got) != code {
		return nil, errDamaged
	}
	n := r.uvarint()
	// Each entry takes a key's bytes at least: a forged count cannot
	// make a huge map.
	if r.bad || n > uint64(len(r.b)/len(Key{})) {
		return nil, errDamaged
	}
	entries := make(map[Key][]byte, n)
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
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.b)) {
		r.bad = true
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}
