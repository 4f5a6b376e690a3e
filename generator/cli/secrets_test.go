package cli

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// leakSecret has characters that URL, JSON, Go quoting and base64 each
// write differently.
const leakSecret = "Tk/+9=ab&c-x~yZ_q1Q"

// leakForms are the ways a server may write the secret back.
func leakForms() []string {
	v := leakSecret
	var uesc, pct strings.Builder
	for _, r := range v {
		fmt.Fprintf(&uesc, `\u%04x`, r)
	}
	for _, b := range []byte(v) {
		fmt.Fprintf(&pct, "%%%02X", b)
	}
	return []string{v, strings.ToUpper(v), url.QueryEscape(v), url.PathEscape(v), pct.String(), uesc.String(),
		strconv.Quote(v), hex.EncodeToString([]byte(v)), base64.StdEncoding.EncodeToString([]byte(v)),
		base64.RawURLEncoding.EncodeToString([]byte(v)), base64.StdEncoding.EncodeToString([]byte("u:" + v))}
}

// TestProbeNeverWritesASecret runs `buoy probe` round after round against
// a service and a webhook that both echo the secret they were sent, each
// round in another encoding, then builds the site: no form of the secret
// is in stdout, stderr, history, the alert log, the drafts or the site.
func TestProbeNeverWritesASecret(t *testing.T) {
	forms := leakForms()
	var round atomic.Int32
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != leakSecret {
			t.Errorf("service got X-Api-Key %q", r.Header.Get("X-Api-Key"))
		}
		json.NewEncoder(w).Encode(map[string]string{"who": "key " + forms[int(round.Load())%len(forms)]})
	}))
	defer svc.Close()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The secret straddles the 200 bytes an error quotes.
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, strings.Repeat("x", 182)+"bad token "+forms[int(round.Load())%len(forms)]+" for "+r.Header.Get("Authorization"))
	}))
	defer hook.Close()
	var payloads strings.Builder
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		payloads.Write(b) // one target's messages go one at a time
	}))
	defer good.Close()

	dir := statusRepo(t, fmt.Sprintf(`notify:
  - { type: webhook, url: "%s/", headers: { Authorization: "Bearer ${TOKEN}" } }
  - { id: good, type: webhook, url: "%s/" }
components:
  - id: web
    name: Web
    probes:
      - id: api
        type: http
        url: %s/
        headers: { X-Api-Key: "${TOKEN}" }
        expect: { json: { who: nobody } }
`, hook.URL, good.URL, svc.URL))

	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var printed strings.Builder
	for i := range forms {
		round.Store(int32(i))
		env, stdout, stderr := newEnv(t, dir)
		env.Now = func() time.Time { return now }
		env.Getenv = func(k string) string { return map[string]string{"TOKEN": leakSecret}[k] }
		if err := env.Run(context.Background(), []string{"probe", "--draft-incidents"}); err != nil {
			t.Fatalf("round %d: %v\n%s", i, err, stderr)
		}
		printed.WriteString(stdout.String() + stderr.String())
		now = now.Add(5 * time.Minute)
	}
	if !strings.Contains(printed.String(), "alert not sent: web down: notify") || !strings.Contains(printed.String(), "[redacted]") {
		t.Fatalf("the echoes did not reach the output:\n%s", printed.String())
	}
	env, stdout, stderr := newEnv(t, dir)
	if err := env.Run(context.Background(), []string{"build"}); err != nil {
		t.Fatalf("build: %v\n%s%s", err, stdout, stderr)
	}

	leaks := func(what, text string) {
		low := strings.ToLower(text)
		for _, f := range forms {
			// As it is, and as JSON writes it (history, logs, payloads).
			j, _ := json.Marshal(f)
			for _, g := range []string{f, string(j[1 : len(j)-1])} {
				if strings.Contains(low, strings.ToLower(g)) {
					t.Errorf("%s holds the secret as %q", what, g)
				}
			}
		}
	}
	leaks("output", printed.String())
	if !strings.Contains(payloads.String(), `"reason":"api: HTTP 200, JSON who is`) {
		t.Errorf("the accepting webhook got %s", payloads.String())
	}
	leaks("webhook payloads", payloads.String())
	var files []string
	var pages, redacted, redactedPages int
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(dir, "status.yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		leaks(rel, string(data))
		if !strings.HasPrefix(rel, "public") {
			files = append(files, rel)
		}
		if strings.HasPrefix(rel, "public"+string(filepath.Separator)) {
			pages++
		}
		if strings.Contains(string(data), "[redacted]") {
			redacted++
			if strings.HasPrefix(rel, "public") {
				redactedPages++
			}
		}
		return nil
	})
	t.Logf("scanned %v and %d files in public/", files, pages)
	for _, f := range []string{"history/alerts.jsonl", "incidents/2026-11-22-web-is-unavailable.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if pages == 0 || redacted < 3 || redactedPages == 0 {
		t.Errorf("%d files in public/, %d files with a redacted echo (%d pages): the scan saw too little", pages, redacted, redactedPages)
	}
}
