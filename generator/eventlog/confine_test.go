//go:build unix

package eventlog

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/filetest"
)

// A log planted as a link out of the history folder is neither read nor
// appended to; a named pipe neither, and nothing hangs; a line too long
// to be buoy's is skipped without stopping the read.
func TestLogConfined(t *testing.T) {
	base := t.TempDir()
	outside := filepath.Join(base, "profile")
	filetest.WriteFile(t, outside, "{\"n\":7}\n")
	path := filepath.Join(base, "history", "log.jsonl")
	all := func(ev) bool { return true }
	for _, tc := range filetest.HostileFiles(outside) {
		os.Remove(path)
		tc.Plant(t, path)
		if got, err := Read(path, all); !errors.Is(err, tc.Err) {
			t.Errorf("%s: Read = %v, %v; want %v", tc.Name, got, err, tc.Err)
		}
		if err := Append(path, []ev{{N: 1}}); !errors.Is(err, tc.Err) {
			t.Errorf("%s: Append = %v; want %v", tc.Name, err, tc.Err)
		}
	}
	if b, _ := os.ReadFile(outside); string(b) != "{\"n\":7}\n" {
		t.Errorf("the file outside changed: %q", b)
	}

	os.Remove(path)
	long := "{\"n\":2,\"s\":\"" + strings.Repeat("x", 200_000) + "\"}\n"
	if err := os.WriteFile(path, []byte("{\"n\":1}\n"+long+"{\"n\":3}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path, all)
	if err != nil || len(got) != 2 || got[0].N != 1 || got[1].N != 3 {
		t.Errorf("Read = %+v, %v; want events 1 and 3", got, err)
	}
}
