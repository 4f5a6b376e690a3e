package round

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/probe"
)

// TestRunSpeaksSiteWords: the round's alerts and drafts are in the site's
// language, in the words of the repository's i18n/ over the theme's.
func TestRunSpeaksSiteWords(t *testing.T) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer hook.Close()
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer svc.Close()
	dir := site(t, svc, fmt.Sprintf("language: fr\nnotify:\n  - { type: webhook, url: %q }", hook.URL+"/"))
	if err := os.MkdirAll(filepath.Join(dir, "i18n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "i18n", "fr.yaml"), []byte("alertDown: \"{{ .Component }} ne répond plus : {{ .Reason }}\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := func(k string) string { return map[string]string{"TOKEN": "t"}[k] }
	var headlines, drafted []string
	for i := range 2 {
		now := start.Add(time.Duration(i) * 5 * time.Minute)
		rep, err := Run(context.Background(), Options{
			Dir: dir, Now: func() time.Time { return now }, Alerts: true, Drafts: true, Probe: probe.Options{Getenv: getenv},
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range rep.Deliveries {
			headlines = append(headlines, d.Message.Headline())
		}
		for _, d := range rep.Drafted {
			drafted = append(drafted, d.Path)
		}
	}
	if len(headlines) != 1 || !strings.HasPrefix(headlines[0], "🔴 Web ne répond plus : ") {
		t.Errorf("headlines %q", headlines)
	}
	if len(drafted) != 1 {
		t.Fatalf("drafted %q", drafted)
	}
	b, err := os.ReadFile(filepath.Join(dir, drafted[0]))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "Web est indisponible") || !strings.Contains(string(b), "Nos sondes automatiques signalent que Web ne fonctionne pas") {
		t.Errorf("draft not in French:\n%s", b)
	}
}
