package ical

import (
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/buoystatus/buoy/generator/outputtest"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/status/statustest"
)

// decode reads a calendar as outputtest.Calendar does: decoded and
// encoded again by a real iCalendar library.
func decode(t *testing.T, name string, b []byte) *goical.Calendar {
	t.Helper()
	cal, err := outputtest.Calendar(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cal
}

func propText(t *testing.T, e goical.Event, prop string) string {
	t.Helper()
	v, err := e.Props.Text(prop)
	if err != nil {
		t.Fatalf("%s: %v", prop, err)
	}
	return v
}

func TestCalendarsReadByICalLibrary(t *testing.T) {
	s := statustest.SmallSite()
	files := statustest.Write(t, Files, s)
	cal := decode(t, File, files[File])
	if name, _ := cal.Props.Text("X-WR-CALNAME"); name != "Example status maintenance" {
		t.Errorf("X-WR-CALNAME = %q", name)
	}
	events := cal.Events()
	if len(events) != 3 {
		t.Fatalf("%d events, want the 3 maintenance windows", len(events))
	}
	byUID := map[string]goical.Event{}
	for _, e := range events {
		byUID[propText(t, e, "UID")] = e
		stamp, err := e.Props.DateTime("DTSTAMP", nil)
		if err != nil || !stamp.Equal(s.Now) {
			t.Errorf("DTSTAMP = %v, %v; want the build time", stamp, err)
		}
		for _, p := range []string{"DTSTAMP", "DTSTART", "DTEND"} {
			if v := e.Props.Get(p).Value; !strings.HasSuffix(v, "Z") || e.Props.Get(p).Params.Get("TZID") != "" {
				t.Errorf("%s = %q, want a UTC time", p, v)
			}
		}
	}

	power, ok := byUID["2024-03-20-power-work@status.example.org"]
	if !ok {
		t.Fatalf("no event for the power work; UIDs: %v", keys(byUID))
	}
	if got, want := propText(t, power, "SUMMARY"), "Power work; site «Paris-1», rack 4, 電源工事"; got != want {
		t.Errorf("SUMMARY = %q, want %q", got, want)
	}
	if len(statustest.LongText) < 200 {
		t.Fatalf("the long text is %d bytes, want at least 200", len(statustest.LongText))
	}
	if d := propText(t, power, "DESCRIPTION"); !strings.Contains(d, statustest.LongText) || !strings.HasPrefix(d, "Affects: Website, API, DNS, Mail\n") {
		t.Errorf("DESCRIPTION = %q, want the components then the announcement, intact", d)
	}
	start, err1 := power.DateTimeStart(nil)
	end, err2 := power.DateTimeEnd(nil)
	if err1 != nil || err2 != nil || !start.Equal(time.Date(2024, 3, 20, 7, 0, 0, 0, time.UTC)) || !end.Equal(time.Date(2024, 3, 20, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("window %v–%v (%v, %v), want 07:00–09:00 UTC", start, end, err1, err2)
	}
	if u, err := power.Props.URI("URL"); err != nil || u.String() != "https://status.example.org/incidents/2024-03-20-power-work/" {
		t.Errorf("URL = %v, %v", u, err)
	}

	mail := byUID["2024-01-05-mail-maintenance@status.example.org"]
	if end, err := mail.DateTimeEnd(nil); err != nil || !end.Equal(time.Date(2024, 1, 5, 21, 10, 0, 0, time.UTC)) {
		t.Errorf("early-completed window ends %v, %v; want when it completed", end, err)
	}
}

func TestComponentCalendars(t *testing.T) {
	files := statustest.Write(t, Files, statustest.SmallSite())
	for id, want := range map[string][]string{
		"mail": {"2024-01-05-mail-maintenance@status.example.org", "2024-03-20-power-work@status.example.org"},
		"dns":  {"2024-03-10-dns-maintenance@status.example.org", "2024-03-20-power-work@status.example.org"},
		"chat": nil,
	} {
		path := "components/" + id + "/" + File
		b, ok := files[path]
		if !ok {
			t.Errorf("no %s", path)
			continue
		}
		var got []string
		for _, e := range decode(t, path, b).Events() {
			got = append(got, propText(t, e, "UID"))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: events %v, want %v", path, got, want)
		}
	}
}

// What RFC 5545 asks of the bytes, which a lenient parser would not notice.
func TestContentLines(t *testing.T) {
	for path, b := range statustest.Write(t, Files, statustest.SmallSite()) {
		if err := outputtest.ContentLines(string(b)); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
}

func TestFoldingKeepsCharactersWhole(t *testing.T) {
	for _, value := range []string{
		strings.Repeat("日本語", 60),
		strings.Repeat("é", 100) + strings.Repeat("a", 3),
		strings.Repeat("a", 74),
		strings.Repeat("a", 73) + "é",
		strings.Repeat("a", 62) + `\n\n\\\n`,
	} {
		var w writer
		w.line("DESCRIPTION", value)
		out := w.String()
		if err := outputtest.ContentLines(out); err != nil {
			t.Fatalf("%d bytes of %q…: %v", len(value), value[:6], err)
		}
		unfolded := strings.ReplaceAll(strings.TrimSuffix(out, "\r\n"), "\r\n ", "")
		if unfolded != "DESCRIPTION:"+value {
			t.Errorf("unfolding does not give the line back:\n%q", out)
		}
		for _, l := range strings.Split(out, "\r\n") {
			if escapeOpen(l) {
				t.Errorf("a fold cut an escape in two:\n%q", out)
			}
		}
	}
}

func TestTextEscaping(t *testing.T) {
	in := "a,b;c\\d\nline 2\r\nline 3\x07"
	want := `a\,b\;c\\d\nline 2\nline 3`
	if got := text(in); got != want {
		t.Errorf("text(%q) = %q, want %q", in, got, want)
	}
	// And a real parser reads back what was written.
	var w writer
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//test//EN")
	w.line("BEGIN", "VEVENT")
	w.line("UID", "x")
	w.line("DTSTAMP", "20240101T000000Z")
	w.line("SUMMARY", text("Titre, avec; ponctuation \\ et 日本"))
	w.line("END", "VEVENT")
	w.line("END", "VCALENDAR")
	cal := decode(t, "escaping", []byte(w.String()))
	if got := propText(t, cal.Events()[0], "SUMMARY"); got != "Titre, avec; ponctuation \\ et 日本" {
		t.Errorf("read back %q", got)
	}
}

// A calendar that refreshes must see the same event, updated.
func TestUIDStableAcrossUpdates(t *testing.T) {
	before := statustest.SmallSite()
	after := statustest.SmallSite()
	in, _ := after.Incident("2024-03-20-power-work")
	at := time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)
	in.Updates = append(in.Updates, status.Update{At: at, Status: status.Scheduled, Text: "Moved by one hour."})
	in.Window.Start = in.Window.Start.Add(time.Hour)
	in.Window.End = in.Window.End.Add(time.Hour)
	after = status.NewSnapshot(after.Config, after.Incidents, at)

	find := func(s *status.Snapshot) goical.Event {
		for _, e := range decode(t, File, statustest.Write(t, Files, s)[File]).Events() {
			if propText(t, e, "UID") == "2024-03-20-power-work@status.example.org" {
				return e
			}
		}
		t.Fatal("power work event missing")
		return goical.Event{}
	}
	a, b := find(before), find(after)
	sa, _ := a.DateTimeStart(nil)
	sb, _ := b.DateTimeStart(nil)
	if !sb.Equal(sa.Add(time.Hour)) {
		t.Errorf("start %v after the move, want %v", sb, sa.Add(time.Hour))
	}
	if lm, err := b.Props.DateTime("LAST-MODIFIED", nil); err != nil || !lm.Equal(at) {
		t.Errorf("LAST-MODIFIED = %v, %v; want %v", lm, err, at)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
