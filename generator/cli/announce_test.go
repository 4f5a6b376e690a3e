package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/announce"
	"github.com/buoystatus/buoy/generator/notify/notifytest"
	"github.com/buoystatus/buoy/generator/probe/probetest"
)

// TestAnnounceTimeout: targets that hang, whose own timeouts are long,
// end the run at its --timeout; their announcements are recorded as
// failed, for the next run, and the target that answers is sent its own.
func TestAnnounceTimeout(t *testing.T) {
	hung := probetest.SilentTCP(t)
	var took sync.Map
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		took.Store(r.Header.Get("Idempotency-Key"), true)
	}))
	defer good.Close()
	dir := statusRepo(t, fmt.Sprintf(`components: [{id: api, name: API}]
notify:
  - { id: good, type: webhook, url: "%s/", on: [incident] }
  - { id: stuck, type: webhook, url: "http://%s/", on: [incident], timeout: 10m }
  - { id: list, type: email, server: "smtp://%s", from: status@example.org, to: [all@example.org], timeout: 10m }
`, good.URL, hung, hung))
	writeFiles(t, dir, map[string]string{"incidents/2026-11-22-db.yaml": `title: Database down
components: [api]
started: 2026-11-22T10:00:00Z
updates:
  - { at: 2026-11-22T10:05:00Z, status: investigating, text: Errors. }
  - { at: 2026-11-22T11:00:00Z, status: resolved, text: Fixed. }
`})
	env, stdout, stderr := newEnv(t, dir)
	done := make(chan error, 1)
	go func() {
		done <- env.Run(context.Background(), []string{"announce", "--since", "2026-11-22", "--timeout", "300ms", "--run", "r1"})
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		// A guard, not a measure: without the deadline the run would wait
		// for the targets' 10 minutes.
		t.Fatal("announce outlived its --timeout")
	}
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("announce: %v\n%s%s", err, stdout, stderr)
	}
	for _, want := range []string{
		"announcement not sent: stuck 2026-11-22-db#opened: notify stuck: out of time: the run's deadline passed",
		"announcement not sent: list 2026-11-22-db#opened: notify list: out of time: the run's deadline passed",
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout.String(), "sent 2 of 6 announcements") {
		t.Errorf("stdout:\n%s", stdout)
	}
	log, err := os.ReadFile(filepath.Join(dir, "history", announce.LogFile))
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(string(log)), "\n") {
		for _, target := range []string{"good", "stuck", "list"} {
			for _, op := range []string{"sent", "failed"} {
				if strings.Contains(line, `"op":"`+op+`"`) && strings.Contains(line, `"target":"`+target+`"`) {
					ops[target+" "+op]++
				}
			}
		}
	}
	if ops["good sent"] != 2 || ops["stuck failed"] != 2 || ops["list failed"] != 2 || ops["stuck sent"]+ops["list sent"] != 0 {
		t.Errorf("log: %v\n%s", ops, log)
	}
	n := 0
	took.Range(func(any, any) bool { n++; return true })
	if n != 2 {
		t.Errorf("the answering target took %d posts", n)
	}
}

// TestDefaultOn: with no on:, `buoy probe` alerts the webhook and not the
// email or Mastodon targets, and `buoy announce` tells those two and not
// the webhook, as docs/announce.md and docs/alerts.md say.
func TestDefaultOn(t *testing.T) {
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer svc.Close()
	var mu sync.Mutex
	heard := map[string]int{}
	record := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			heard[name]++
			mu.Unlock()
			fmt.Fprint(w, `{"id":"1"}`)
		})
	}
	count := func() map[string]int {
		mu.Lock()
		defer mu.Unlock()
		return map[string]int{"webhook": heard["webhook"], "mastodon": heard["mastodon"]}
	}
	hook := httptest.NewServer(record("webhook"))
	defer hook.Close()
	masto := httptest.NewServer(record("mastodon"))
	defer masto.Close()
	smtp := notifytest.NewSMTP(t, notifytest.Options{})
	dir := statusRepo(t, fmt.Sprintf(`notify:
  - { id: hook, type: webhook, url: "%s/" }
  - { id: list, type: email, server: "smtp://%s", from: status@example.org, to: all@example.org }
  - { id: masto, type: mastodon, server: "%s", token: t0ken }
components:
  - id: web
    name: Web
    probes:
      - { id: home, type: http, url: %s/ }
`, hook.URL, smtp.Addr, masto.URL, svc.URL))
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var stderr strings.Builder
	for range 3 {
		env, _, errs := newEnv(t, dir)
		env.Now = func() time.Time { return now }
		if err := env.Run(context.Background(), []string{"probe"}); err != nil {
			t.Fatalf("probe: %v\n%s", err, errs)
		}
		stderr.WriteString(errs.String())
		now = now.Add(5 * time.Minute)
	}
	if got := count(); got["webhook"] != 1 || got["mastodon"] != 0 || strings.Contains(stderr.String(), "list") {
		t.Errorf("probe alerted: %v\n%s", got, stderr.String())
	}
	writeFiles(t, dir, map[string]string{"incidents/2026-11-22-web.yaml": "title: Web down\ncomponents: [web]\nstarted: 2026-11-22T12:00:00Z\nupdates:\n  - { at: 2026-11-22T12:05:00Z, status: investigating, text: Down. }\n"})
	env, stdout, errs := newEnv(t, dir)
	env.Now = func() time.Time { return now }
	err := env.Run(context.Background(), []string{"announce", "--since", "2026-11-22"})
	// The email target is sent the announcement; the test server's
	// certificate is not one the command trusts, which says it was tried.
	if !errors.Is(err, ErrFailed) || !strings.Contains(errs.String(), "announcement not sent: list 2026-11-22-web#opened: notify list: STARTTLS: the server's certificate is not trusted") {
		t.Errorf("announce: %v\n%s", err, errs)
	}
	if !strings.Contains(stdout.String(), "announced masto: 2026-11-22-web#opened") || strings.Contains(stdout.String()+errs.String(), "hook") {
		t.Errorf("announce:\n%s%s", stdout, errs)
	}
	if got := count(); got["webhook"] != 1 || got["mastodon"] != 1 {
		t.Errorf("after announce: %v", got)
	}
}
