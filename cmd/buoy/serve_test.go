package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/serve/servetest"
)

// TestServeInterruptWithClientsThatDoNotRead: Ctrl-C (SIGINT) ends a real
// `buoy serve` process with exit status 0, promptly, while it has clients
// that read nothing: a connection that never sends its request, a
// live-reload stream never read, and a client asking for page after page
// without reading any answer.
func TestServeInterruptWithClientsThatDoNotRead(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	site := t.TempDir()
	write(t, filepath.Join(site, "status.yaml"), "title: Example status\nbase_url: https://status.example.org/\n"+
		"components:\n  - {id: web, name: Web site}\n")
	write(t, filepath.Join(site, "incidents", "2026-01-02-outage.yaml"), "title: Web site down\ncomponents: [web]\n"+
		"impact: major\nstarted: 2026-01-02T10:00:00Z\nresolved: 2026-01-02T11:00:00Z\n")

	cmd := exec.Command(self, "serve", "--addr", "127.0.0.1:0")
	cmd.Dir = site
	cmd.Env = append(os.Environ(), "BUOY_AS_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("no first line from buoy serve: %v", err)
	}
	m := regexp.MustCompile(`on http://(\S+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("buoy serve printed %q", line)
	}
	addr := m[1]
	awaitSite(t, "http://"+addr+"/", "Example status")

	servetest.StuckClients(t, addr, "/")

	began := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		t.Fatalf("buoy serve still runs 10 s after SIGINT; stderr:\n%s", stderr.String())
	}
	t.Logf("buoy serve exited %s after SIGINT", time.Since(began).Round(time.Millisecond))
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("buoy serve exited with status %d after SIGINT; stderr:\n%s", code, stderr.String())
	}
}

// awaitSite polls url until it answers 200 with want in its body.
func awaitSite(t *testing.T, url, want string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(body), want) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no page with %q within 60 s (last error %v)", url, want, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
