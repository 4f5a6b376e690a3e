package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/serve/servetest"
)

// TestServe runs `buoy serve` on a repository made by `buoy init` and
// stops it as Ctrl-C does, by cancelling the context.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	env, _, _ := newEnv(t, dir)
	runOK(t, env, "init")

	out, stdout := io.Pipe()
	stderr := &servetest.Buffer{}
	env.Stdout, env.Stderr = stdout, stderr
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- env.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0"}) }()

	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, out)
	_, url, ok := strings.Cut(strings.TrimSpace(line), " on ")
	url, _, _ = strings.Cut(url, " ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("serve printed %q", line)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url + "/")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(b), "<html") {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no site at %s within 30 s; log:\n%s", url, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop 10 s after its context was cancelled")
	}
}

func TestServeUsage(t *testing.T) {
	env, _, _ := newEnv(t, t.TempDir())
	for _, args := range [][]string{{"serve", "extra"}, {"serve", "--port", "1"}} {
		if err := env.Run(context.Background(), args); !errors.Is(err, ErrUsage) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
	if err := env.Run(context.Background(), []string{"serve", "--addr", "256.0.0.1:99999"}); err == nil || errors.Is(err, ErrUsage) {
		t.Errorf("bad address: %v, want a failure", err)
	}
}
