package cli

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProbe(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/broken":
			w.WriteHeader(502)
		case r.Header.Get("Authorization") != "Bearer tok3n-value":
			w.WriteHeader(401)
		default:
			fmt.Fprint(w, `{"status":"ok"}`)
		}
	}))
	defer srv.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()

	dir := statusRepo(t, fmt.Sprintf(`components:
  - id: web
    name: Web
    probes:
      - { id: home, type: http, url: %[1]s/, headers: { Authorization: "Bearer ${TOKEN}" }, expect: { json: { status: ok } } }
      - { id: broken, type: http, url: %[1]s/broken }
  - id: ssh
    name: SSH
    probes:
      - { id: port, type: tcp, address: "%[2]s", timeout: 1s }
`, srv.URL, closed))

	env, stdout, stderr := newEnv(t, dir)
	env.Getenv = func(k string) string { return map[string]string{"TOKEN": "tok3n-value", "BUOY_REGION": "ci-eu"}[k] }
	if err := env.Run(context.Background(), []string{"probe"}); err != nil {
		t.Fatalf("probe: %v\n%s", err, stderr)
	}
	out := stdout.String()
	for _, want := range []string{"web/home", "up", "HTTP 200", "web/broken", "HTTP 502", "ssh/port", "connection refused", "recorded 3 results (1 up, 0 degraded, 2 down)"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	web, err := os.ReadFile(filepath.Join(dir, "history", "web", "2026-11-22", "12.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(web), "\n"); n != 2 || !strings.Contains(string(web), `"region":"ci-eu"`) || strings.Contains(string(web), "tok3n") {
		t.Errorf("history:\n%s", web)
	}
	if _, err := os.Stat(filepath.Join(dir, "history", ".gitattributes")); err != nil {
		t.Error(err)
	}

	// Without the secret, the other probes are still recorded, but the
	// run fails so that CI shows the broken setup.
	env, stdout, stderr = newEnv(t, dir)
	err = env.Run(context.Background(), []string{"probe", "--history", "h2", "--region", "us"})
	if ExitCode(err) != 1 || !strings.Contains(stderr.String(), "TOKEN is not set") || !strings.Contains(stdout.String(), "recorded 2 results") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", ExitCode(err), stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "h2", "ssh", "2026-11-22", "12.jsonl")); err != nil {
		t.Error(err)
	}

	env, _, _ = newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"probe", "--region", "../x"}); ExitCode(err) != 2 {
		t.Errorf("bad region: exit %d", ExitCode(err))
	}
}
