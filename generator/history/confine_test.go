//go:build unix

package history

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/filetest"
	"github.com/buoystatus/buoy/generator/status"
)

// A month file planted as a link out of the history folder (to a shell's
// start-up file, say) is neither read nor appended to; a named pipe
// neither, and nothing hangs.
func TestHistoryConfined(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "history")
	outside := filepath.Join(base, "bashrc")
	filetest.WriteFile(t, outside, "echo hi\n")
	file := filepath.Join(dir, "web", "2025-03-01", "12.jsonl")
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	s := Open(dir, Options{})
	add := func() error {
		return s.Append([]status.Result{result("web", "p", t0, status.OutcomeUp, 1, "a")})
	}
	for _, tc := range filetest.HostileFiles(outside) {
		t.Run(tc.Name, func(t *testing.T) {
			os.Remove(file)
			tc.Plant(t, file)
			err := add()
			if !errors.Is(err, tc.Err) || !strings.Contains(err.Error(), file) {
				t.Errorf("Append: %v, want %v naming %s", err, tc.Err, file)
			}
			for _, components := range [][]string{nil, {"web"}} {
				_, err = s.Load(components, time.Time{})
				if !errors.Is(err, tc.Err) || !strings.Contains(err.Error(), file) {
					t.Errorf("Load(%v): %v, want %v naming %s", components, err, tc.Err, file)
				}
			}
			if _, err := s.Compact(t0.AddDate(0, 3, 0), nil); !errors.Is(err, tc.Err) {
				t.Errorf("Compact: %v, want %v", err, tc.Err)
			}
			if b, _ := os.ReadFile(outside); string(b) != "echo hi\n" {
				t.Errorf("the file outside changed: %q", b)
			}
		})
	}

	// A link inside the folder is appended to and read.
	os.Remove(file)
	filetest.WriteFile(t, filepath.Join(dir, "web", "real.jsonl"), "")
	filetest.Symlink(t, "../real.jsonl", file)
	if err := add(); err != nil {
		t.Fatal(err)
	}
	set, err := s.Load([]string{"web"}, time.Time{})
	if err != nil || len(set.Component("web")) != 1 {
		t.Errorf("Load through a link inside: %v, %v", set, err)
	}
}
