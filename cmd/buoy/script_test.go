package main

import (
	"flag"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScripts runs the command lines that README.md and docs/ show, as
// written, against the real buoy binary (this test binary, registered as
// `buoy` in TestMain). One file per page or topic under testdata/script;
// each runs in a fresh folder with no network and a fixed HOME.
//
// Run one with: go test ./cmd/buoy -run TestScripts/NAME
// Refresh a script's expected output files with: go test ./cmd/buoy -run TestScripts -update
var update = flag.Bool("update", false, "rewrite the expected output in testdata/script files")

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			// Commands read the clock through TZ and the environment
			// through os.Getenv: keep both fixed and free of the host's.
			env.Setenv("TZ", "UTC")
			env.Setenv("GOFLAGS", "")
			// A terminal escape sequence, for file names that hold one.
			env.Setenv("ESC", "\x1b[2J")
			return nil
		},
	})
}
