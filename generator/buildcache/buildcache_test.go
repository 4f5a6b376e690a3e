package buildcache

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// read is how many entries t found in its file, once read.
func read(t *Table) int {
	<-t.loaded
	return len(t.old)
}

func filled(d *Dir, n int) *Table {
	t := d.Table("t")
	for i := range n {
		t.Put(KeyOf([]byte(fmt.Sprint(i))), strings.Repeat(string(rune('a'+i%26)), i))
	}
	return t
}

// A table comes back as it was saved, with only the entries the build
// used: those it got from the last table and those it put.
func TestSaveThenTable(t *testing.T) {
	d := Open(t.TempDir(), "code 1")
	if err := d.Save("t", filled(d, 100)); err != nil {
		t.Fatal(err)
	}
	next := d.Table("t")
	for i := range 100 {
		v, ok := next.Get(KeyOf([]byte(fmt.Sprint(i))))
		if !ok || v != strings.Repeat(string(rune('a'+i%26)), i) {
			t.Fatalf("entry %d = %q, %v", i, v, ok)
		}
		if i >= 10 {
			break
		}
	}
	if _, ok := next.Get(KeyOf([]byte("none"))); ok {
		t.Fatal("an entry never put was found")
	}
	next.Put(KeyOf([]byte("new")), "v")
	if err := d.Save("t", next); err != nil {
		t.Fatal(err)
	}
	last := d.Table("t")
	if n := read(last); n != 12 {
		t.Errorf("the table saved after a build that used 11 entries and made 1 has %d", n)
	}
	if v, ok := last.Get(KeyOf([]byte("new"))); !ok || v != "v" {
		t.Errorf("new entry = %q, %v", v, ok)
	}
}

// The same entries give the same file, whatever order they came in.
func TestSaveIsDeterministic(t *testing.T) {
	a, b := Open(t.TempDir(), "c"), Open(t.TempDir(), "c")
	ta, tb := a.Table("t"), b.Table("t")
	for i := range 50 {
		ta.Put(KeyOf([]byte(fmt.Sprint(i))), fmt.Sprint(i))
		tb.Put(KeyOf([]byte(fmt.Sprint(49-i))), fmt.Sprint(49-i))
	}
	a.Save("t", ta)
	b.Save("t", tb)
	fa, _ := os.ReadFile(filepath.Join(a.path, "t"))
	fb, _ := os.ReadFile(filepath.Join(b.path, "t"))
	if !bytes.Equal(fa, fb) {
		t.Error("the same entries saved in another order give another file")
	}
}

// A table another binary wrote, or one damaged in any byte or cut short
// anywhere, is empty: never an entry that was not put.
func TestDamagedTableIsEmpty(t *testing.T) {
	dir := t.TempDir()
	d := Open(dir, "code 1")
	if err := d.Save("t", filled(d, 20)); err != nil {
		t.Fatal(err)
	}
	if n := read(Open(dir, "code 2").Table("t")); n != 0 {
		t.Errorf("another binary's table has %d entries", n)
	}
	good, err := os.ReadFile(filepath.Join(dir, "t"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range good {
		for _, bad := range [][]byte{good[:i], flip(good, i)} {
			if entries, err := decode(bad, "code 1"); err == nil || entries != nil {
				t.Fatalf("a table damaged at byte %d of %d was read: %d entries", i, len(good), len(entries))
			}
		}
	}
}

func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0x20
	return c
}

// What is no cache never reads or writes: no folder, or no way to tell
// the binary.
func TestNoCache(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []*Dir{nil, Open("", "c"), Open(dir, "")} {
		tb := d.Table("t")
		if tb != nil {
			t.Fatalf("%+v gave a table", d)
		}
		tb.Put(KeyOf([]byte("k")), "v")
		if _, ok := tb.Get(KeyOf([]byte("k"))); ok || tb.Len() != 0 {
			t.Fatal("a nil table kept an entry")
		}
		if err := d.Save("t", tb); err != nil {
			t.Fatal(err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("no cache wrote %v", entries)
	}
}

// Parts are hashed with their lengths: moving a byte from one part to
// the next gives another key.
func TestKeyOf(t *testing.T) {
	if KeyOf([]byte("ab"), []byte("c")) == KeyOf([]byte("a"), []byte("bc")) {
		t.Error("parts run into each other")
	}
	if KeyOf([]byte("a")) != KeyOf([]byte("a")) {
		t.Error("a key is not the same twice")
	}
}

func FuzzDecode(f *testing.F) {
	d := Open(f.TempDir(), "c")
	d.Save("t", filled(d, 3))
	good, _ := os.ReadFile(filepath.Join(d.path, "t"))
	f.Add(good)
	f.Add([]byte(magic))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, err := decode(b, "c")
		if err == nil {
			// What reads must be what would be written.
			var again bytes.Buffer
			if encode(&again, entries, "c"); !bytes.Equal(again.Bytes(), b) {
				t.Fatalf("decoded %d entries that encode to other bytes", len(entries))
			}
		}
	})
}

// A build that used every entry and added none leaves the file alone;
// one that used fewer writes it again.
func TestSaveUnchanged(t *testing.T) {
	dir := t.TempDir()
	d := Open(dir, "c")
	if err := d.Save("t", filled(d, 3)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "t")
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(file, old, old); err != nil {
		t.Fatal(err)
	}
	modified := func() bool {
		st, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		return !st.ModTime().Equal(old)
	}
	all := d.Table("t")
	for i := range 3 {
		all.Get(KeyOf([]byte(fmt.Sprint(i))))
	}
	if d.Save("t", all); modified() {
		t.Error("a table used whole and unchanged was written again")
	}
	fewer := d.Table("t")
	fewer.Get(KeyOf([]byte("0")))
	if d.Save("t", fewer); !modified() {
		t.Error("a table with fewer entries was not written")
	}
	if n := read(d.Table("t")); n != 1 {
		t.Errorf("%d entries, want 1", n)
	}
}

// Trim removes the cache folders no build used for longer than it keeps
// them, and nothing else.
func TestTrim(t *testing.T) {
	root := t.TempDir()
	now := time.Now()
	old := now.Add(-40 * 24 * time.Hour)
	for _, name := range []string{"stale", "fresh", "stale-but-used"} {
		d := Open(filepath.Join(root, name), "c")
		if err := d.Save("t", filled(d, 2)); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(filepath.Join(root, name, "t"), old, old)
		os.Chtimes(filepath.Join(root, name), old, old)
	}
	if err := Open(filepath.Join(root, "stale-but-used"), "c").Used(); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(filepath.Join(root, "fresh", "t"), now, now)
	os.WriteFile(filepath.Join(root, "a file"), nil, 0o600)
	os.Chtimes(filepath.Join(root, "a file"), old, old)
	if err := Trim(root, 30*24*time.Hour, now); err != nil {
		t.Fatal(err)
	}
	var left []string
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if got := strings.Join(left, ","); got != "a file,fresh,stale-but-used" {
		t.Errorf("left %s", got)
	}
	if err := Trim(filepath.Join(root, "none"), time.Hour, now); err != nil {
		t.Errorf("a missing root: %v", err)
	}
}
