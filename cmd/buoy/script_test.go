package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
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
			// buoy build's cache goes to the user's cache folder: one of
			// the script's own, not the host's.
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
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
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"httpget": httpget, "webhook": webhook},
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

// webhook VAR FILE starts a webhook receiver on loopback for the rest of
// the script, its URL in $VAR: each POST's JSON body is checked and
// appended to FILE as one line; a body that is not JSON is refused (400).
func webhook(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: webhook VAR FILE")
	}
	file := ts.MkAbs(args[1])
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil || r.Method != http.MethodPost || !json.Valid(body) || r.Header.Get("Idempotency-Key") == "" {
			http.Error(w, "not a webhook POST with a JSON body", http.StatusBadRequest)
			return
		}
		var compact bytes.Buffer
		json.Compact(&compact, body)
		compact.WriteByte('\n')
		mu.Lock()
		defer mu.Unlock()
		f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer f.Close()
		f.Write(compact.Bytes())
		w.WriteHeader(http.StatusNoContent)
	}))
	ts.Defer(srv.Close)
	ts.Setenv(args[0], srv.URL)
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
