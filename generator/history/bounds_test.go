package history

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

// A line over MaxLine is refused with a warning naming file and line, and
// the lines around it are read; one longer than a whole read chunk too,
// without being held in memory.
func TestLongLineRefused(t *testing.T) {
	dir := t.TempDir()
	s := Open(dir, Options{})
	path := filepath.Join(dir, "web", "2025-03-01", "12.jsonl")
	add := func(at time.Duration, reason string) {
		t.Helper()
		if err := s.Append([]status.Result{result("web", "p", t0.Add(at), status.OutcomeUp, 1, reason)}); err != nil {
			t.Fatal(err)
		}
	}
	raw := func(data string) {
		t.Helper()
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(data); err != nil {
			t.Fatal(err)
		}
	}
	add(0, "a")
	// Valid JSON, a reason just over the bound: refused all the same.
	long := string(appendSample(nil, result("web", "p", t0.Add(time.Minute), status.OutcomeUp, 1, strings.Repeat("x", MaxLine))))
	raw(long)
	add(2*time.Minute, "b")
	raw(strings.Repeat("y", 3*readChunk) + "\n")
	add(3*time.Minute, "c")
	raw(strings.Repeat("z", MaxLine+1)) // the last line, with no newline

	got, warn := loadReasons(t, dir)
	if got != "a,b,c" {
		t.Errorf("kept %v; warnings:\n%s", got, warn)
	}
	for _, n := range []int{2, 4, 6} {
		want := fmt.Sprintf("%s:%d: skipped a line over 64 KiB", path, n)
		if !strings.Contains(warn, want) {
			t.Errorf("warnings lack %q:\n%s", want, warn)
		}
	}
}

// eachLineOf, which reads a chunk at a time, sees the lines eachLine sees
// in the whole file, with the same numbers, wherever chunks end.
func TestEachLineOfMatchesEachLine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var data []byte
	for len(data) < 3*readChunk {
		switch rng.IntN(10) {
		case 0:
			data = append(data, '\n')
		case 1:
			data = append(data, "  \r\n"...)
		default:
			data = append(data, bytes.Repeat([]byte{'a' + byte(rng.IntN(26))}, rng.IntN(4000))...)
			if rng.IntN(3) == 0 {
				data = append(data, '\r')
			}
			data = append(data, '\n')
		}
	}
	data = append(data, "last line without newline"...)
	type line struct {
		n int
		s string
	}
	var want, got []line
	eachLine(data, func(n int, l []byte) { want = append(want, line{n, string(l)}) })
	var buf []byte
	if err := eachLineOf(bytes.NewReader(data), &buf, func(n int, l []byte) { got = append(got, line{n, string(l)}) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("line %d: got %d %.20q, want %d %.20q", i, got[i].n, got[i].s, want[i].n, want[i].s)
		}
	}
}
