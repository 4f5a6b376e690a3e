package announce

import (
	"context"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/eventlog"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// TestMaintenanceUpdates: a maintenance whose people write its start and
// end is announced by those updates, not by its clock; a second
// in_progress update is an update.
func TestMaintenanceUpdates(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 10, h, 0, 0, 0, time.UTC) }
	in := &status.Incident{ID: "m", Kind: status.KindMaintenance, Window: status.Window{Start: at(6), End: at(8)}, Updates: []status.Update{
		{At: at(1), Status: status.Scheduled, Text: "Soon."},
		{At: at(6), Status: status.InProgress, Text: "Started."},
		{At: at(7), Status: status.InProgress, Text: "Half way."},
		{At: at(9), Status: status.Completed, Text: "Done, late."},
	}}
	var got []string
	for _, e := range Events(in, at(10)) {
		got = append(got, string(e.Kind)+" "+e.Key)
	}
	want := []string{
		"scheduled m#opened",
		"started m@2026-03-10T06:00:00Z/in_progress",
		"update m@2026-03-10T07:00:00Z/in_progress",
		"completed m@2026-03-10T09:00:00Z/completed",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Before the window, only what was written by then.
	if evs := Events(in, at(2)); len(evs) != 1 || evs[0].Kind != KindScheduled {
		t.Errorf("at 02:00: %+v", evs)
	}
	// An overrun: in progress past the window's end, not completed.
	in.Updates = in.Updates[:3]
	for _, e := range Events(in, at(9)) {
		if e.Kind == KindCompleted {
			t.Errorf("completed while still in progress: %+v", e)
		}
	}
}

// TestWordsInEveryLanguage: a post is written in each shipped language
// with its own words, none left as a key.
func TestWordsInEveryLanguage(t *testing.T) {
	b := words.Builtin()
	in := &status.Incident{ID: "m", Kind: status.KindMaintenance, Title: "Upgrade", Components: []string{"api"},
		Window: status.Window{Start: time.Date(2026, 3, 10, 6, 0, 0, 0, time.UTC), End: time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)}}
	english := map[Kind]string{}
	for _, lang := range b.Languages() {
		cfg := &status.Config{Title: "S", BaseURL: "https://s.example/", Language: lang, Components: []status.Component{{ID: "api", Name: "API"}}}
		for _, k := range []Kind{KindReminder, KindStarted, KindCompleted} {
			p := Post(cfg, b.In(lang), status.NotifyTarget{ID: "t"}, Event{Key: "m#" + string(k), Kind: k, Incident: in, Status: status.InProgress})
			text := p.Subject + "\n" + p.Body
			if strings.Contains(text, "announce") || strings.Contains(text, "feed") || strings.Contains(text, "status_") {
				t.Errorf("%s %s: a key left as it is:\n%s", lang, k, text)
			}
			if lang == "en" {
				english[k] = text
			} else if text == english[k] {
				t.Errorf("%s %s is English:\n%s", lang, k, text)
			}
		}
	}
}

// TestSameCheckout: runs at once in one checkout take turns on the log:
// each update reaches the target once.
func TestSameCheckout(t *testing.T) {
	h := newHook(t)
	f := newFixture(t, "  - { id: hook, type: webhook, url: \""+h.URL+"\", on: [incident] }\n")
	f.write("incidents/2026-03-01-db.yaml", threeUpdates)
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	site := f.site(now)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := Run(context.Background(), site, sender(), Options{HistoryDir: f.history, Now: func() time.Time { return now }, Since: now.Add(-24 * time.Hour), Run: "run-" + string(rune('a'+i))})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if keys := h.keys(); len(keys) != 3 {
		t.Errorf("the hook took %v", keys)
	}

	// A run that finds the log locked reads it once the holder is done:
	// here the holder claims the new update first.
	f.write("incidents/2026-03-01-db.yaml", threeUpdates+"  - { at: 2026-03-01T12:30:00Z, status: resolved, text: Cause found. }\n")
	later := now.Add(time.Hour)
	unlock, err := eventlog.Lock(f.history)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan *Plan)
	waiting := f.site(later)
	go func() {
		p, err := Claim(waiting, Options{HistoryDir: f.history, Now: func() time.Time { return later }, Run: "waiting"})
		if err != nil {
			t.Error(err)
		}
		done <- p
	}()
	for range 100 {
		runtime.Gosched()
	}
	if err := appendLog(f.history, []Line{{Time: later, Op: OpClaim, Run: "holder", Target: "hook", Key: "2026-03-01-db@2026-03-01T12:30:00Z/resolved"}}); err != nil {
		t.Fatal(err)
	}
	unlock()
	if p := <-done; p == nil {
		t.Error("the waiting run failed")
	} else if len(p.Due) != 0 || len(p.Held) != 1 || p.Held[0].Run != "holder" {
		t.Errorf("the waiting run claimed %d, saw held %v", len(p.Due), p.Held)
	}
}
