package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"testing"
	"time"

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
			// A free loopback port for `buoy serve`, as $PORT.
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			env.Setenv("PORT", strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
			// A terminal escape sequence, for file names that hold one.
			env.Setenv("ESC", "\x1b[2J")
			return l.Close()
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"httpget": httpget},
	})
}

// httpget URL FILE [REGEXP] fetches URL from a server started in the
// background into FILE, asking again while the server is not up yet, or
// while the body does not match REGEXP (a rebuild still running). It gives
// up after a minute.
func httpget(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 || len(args) > 3 {
		ts.Fatalf("usage: httpget URL FILE [REGEXP]")
	}
	var re *regexp.Regexp
	if len(args) == 3 {
		re = regexp.MustCompile(args[2])
	}
	deadline := time.Now().Add(time.Minute)
	for {
		body, err := fetch(args[0])
		if err == nil && (re == nil || re.Match(body)) {
			ts.Check(os.WriteFile(ts.MkAbs(args[1]), body, 0o644))
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("GET %s: %v; last body:\n%s", args[0], err, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func fetch(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s", resp.Status)
	}
	return body, err
}
