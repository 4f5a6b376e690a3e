package incident

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/config"
	"github.com/buoystatus/buoy/generator/status"
)

// A cache entry must be what Parse would have returned: the same values,
// the same nil or empty lists, and times in the same location and zone.
func sameIncident(t testing.TB, got, want *status.Incident) {
	t.Helper()
	g, w := *got, *want
	g.Updates, w.Updates = slices.Clone(g.Updates), slices.Clone(w.Updates)
	times := [][2]*time.Time{
		{&g.Started, &w.Started}, {&g.Detected, &w.Detected}, {&g.Resolved, &w.Resolved},
		{&g.Window.Start, &w.Window.Start}, {&g.Window.End, &w.Window.End},
	}
	for i := range min(len(g.Updates), len(w.Updates)) {
		times = append(times, [2]*time.Time{&g.Updates[i].At, &w.Updates[i].At})
	}
	for _, p := range times {
		sameTime(t, *p[0], *p[1])
		*p[0], *p[1] = time.Time{}, time.Time{}
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("decoded\n  %#v\nwant\n  %#v", g, w)
	}
}

func sameTime(t testing.TB, got, want time.Time) {
	t.Helper()
	gName, gOff := got.Zone()
	wName, wOff := want.Zone()
	// == on the UTC forms compares the representation, not only the
	// instant; == on the times themselves tells time.Time{} apart.
	if got.IsZero() != want.IsZero() || !got.Equal(want) || got.In(time.UTC) != want.In(time.UTC) ||
		(got == time.Time{}) != (want == time.Time{}) ||
		got.Location().String() != want.Location().String() || gName != wName || gOff != wOff {
		t.Errorf("time %v (%q, %s %d) decoded as %v (%q, %s %d)",
			want, want.Location(), wName, wOff, got, got.Location(), gName, gOff)
	}
}

// roundTrip checks that in survives encoding, and returns its bytes.
func roundTrip(t testing.TB, d *Decoder, in *status.Incident) []byte {
	t.Helper()
	enc := AppendBinary(nil, in)
	for range 5 { // map order must not leak into the bytes
		if again := AppendBinary(nil, in); !bytes.Equal(again, enc) {
			t.Fatalf("%s: two encodings differ:\n%x\n%x", in.ID, enc, again)
		}
	}
	for _, dec := range []func([]byte) (*status.Incident, bool){DecodeBinary, d.Decode} {
		got, ok := dec(enc)
		if !ok {
			t.Fatalf("%s: its own encoding does not decode: %x", in.ID, enc)
		}
		sameIncident(t, got, in)
		if re := AppendBinary(nil, got); !bytes.Equal(re, enc) {
			t.Fatalf("%s: decoded incident encodes differently:\n%x\n%x", in.ID, enc, re)
		}
	}
	return enc
}

func mustParse(t testing.TB, file, src string, c *status.Config) *status.Incident {
	t.Helper()
	in, problems := Parse(file, []byte(src), c, now())
	if len(problems) > 0 {
		t.Fatalf("%s: %v", file, problems)
	}
	return in
}

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// codecCases are incidents as Parse makes them, and by hand those it
// cannot make, each covering corners of the encoding.
func codecCases(t testing.TB) []*status.Incident {
	noComponents := &status.Config{}
	var out []*status.Incident
	for _, tc := range []struct {
		file, src string
		cfg       *status.Config
	}{
		{"incidents/2021-05-01-all.yaml", "title: \"Überlastung — 過負荷 🚨\"\nlang: de-CH\ncomponents: [website, api]\nimpact: critical\n" +
			"affects: {website: major_outage, api: degraded_performance}\n" +
			"started: 2021-05-01T10:00:00.123456789+02:00\ndetected: 2021-05-01T03:05:00-05:00\nresolved: 2021-05-01T09:00:00Z\n" +
			"updates:\n  - {at: 2021-05-01T08:05:00Z, status: investigating, text: \"Wir prüfen.\"}\n" +
			"  - {at: 2021-05-01T10:06:00+02:00, status: identified, text: \"原因が判明\"}\n" +
			"  - {at: 2021-05-01 03:10 -05:00, status: monitoring, text: x}\n" +
			"  - {at: 2021-05-01T09:00:00Z, status: resolved, text: done}\n" +
			"postmortem: |\n  ## Cause\n  A disk.\nissue: 42\n", cfg},
		// The window spans the night Paris moves its clocks forward.
		{"incidents/2021-03-28-paris.yaml", "title: M\nkind: maintenance\ntimezone: Europe/Paris\ncomponents: ['*']\n" +
			"window: {start: 2021-03-28 01:30, end: 2021-03-28 03:30}\n" +
			"updates:\n  - {at: 2021-03-20 12:00, status: scheduled, text: Soon.}\n  - {at: 2021-03-28T04:00:00+02:00, status: completed, text: Done.}\n", cfg},
		// 01:30 happens twice in New York that night.
		{"incidents/2021-11-07-new-york.md", "---\ntitle: NY\ntimezone: America/New_York\ncomponents: [api]\n" +
			"started: 2021-11-07 01:30\nresolved: 2021-11-07 03:00\nupdates:\n  - {at: 2021-11-07 02:00, status: resolved, text: ok}\n---\n\n## Postmortem\n\nClocks.\n", cfg},
		{"incidents/2021-06-01-kolkata.yaml", "title: K\ntimezone: Asia/Kolkata\ncomponents: [api]\nstarted: 2021-06-01 10:00:00.5\n", cfg},
		{"incidents/2021-06-01-utc.yaml", "title: U\ntimezone: UTC\ncomponents: [api]\nstarted: 2021-06-01 10:00\ndetected: 2021-06-01T10:00:00+00:00\n", cfg},
		{"incidents/2021-06-01-empty.yaml", "title: E\ncomponents: [website]\naffects: {}\nupdates: []\nstarted: 2021-06-01T10:00:00Z\n", cfg},
		{"incidents/2021-06-01-none.yaml", "title: N\ncomponents: ['*']\nstarted: 2021-06-01T10:00:00Z\n", noComponents},
	} {
		out = append(out, mustParse(t, tc.file, tc.src, tc.cfg))
	}

	paris, ny := mustLoad(t, "Europe/Paris"), mustLoad(t, "America/New_York")
	// time.Parse, not FixedZone: it picks Local when the offset is Local's,
	// and so must what the decoder gives back.
	plus2, err := time.Parse(time.RFC3339, "2024-07-01T10:00:00+02:00")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 7, 1, 8, 0, 0, 999999999, time.UTC)
	out = append(out,
		&status.Incident{
			ID: "2024-07-01-all", Path: "incidents/x/2024-07-01-all.md", Kind: status.KindMaintenance,
			Title: "NUL \x00 and \xff not UTF-8, ünïcödé", Lang: "pt-BR",
			Components: []string{"a", "", "\x00", "ß"}, Impact: status.ImpactMajor,
			Affects:  map[string]status.ComponentStatus{"z": status.MajorOutage, "a": status.PartialOutage, "": "", "m": status.UnderMaintenance, "b\x00": "odd"},
			Started:  at.In(time.Local),
			Detected: at.In(paris), Resolved: at.In(ny),
			Window: status.Window{Start: plus2, End: time.Date(2024, 1, 15, 12, 0, 0, 0, time.Local)},
			Updates: []status.Update{
				{At: at, Status: status.Scheduled, Text: "a\x00b"},
				{Status: status.Completed},
				{At: time.Unix(1<<40, 1).UTC(), Text: strings.Repeat("long ", 100)},
				{At: time.Unix(-1<<40, 0).In(paris)},
			},
			Postmortem: "## 事後分析\n", Issue: math.MaxInt,
		},
		&status.Incident{ID: "empty", Components: []string{}, Affects: map[string]status.ComponentStatus{}, Updates: []status.Update{}, Issue: -7},
		&status.Incident{ID: "zero"},
		// The instant of time.Time{} in another location is not time.Time{}.
		&status.Incident{ID: "year-one", Started: time.Time{}.In(time.Local), Detected: time.Time{}.In(paris)},
	)
	return out
}

// What Parse makes of absent and empty lists, which the encoding keeps.
func TestParseNilOrEmpty(t *testing.T) {
	cs := codecCases(t)
	all, empty, none := cs[0], cs[5], cs[6]
	if all.Components == nil || all.Affects == nil || all.Updates == nil {
		t.Errorf("given lists should be set: %#v", all)
	}
	if empty.Affects == nil || len(empty.Affects) != 0 {
		t.Errorf("affects: {} should be an empty map: %#v", empty.Affects)
	}
	if empty.Updates != nil || none.Components != nil || none.Affects != nil || none.Updates != nil {
		t.Errorf("updates: [], absent keys and \"*\" without components should be nil: %#v %#v", empty, none)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	var d Decoder
	for _, in := range codecCases(t) {
		roundTrip(t, &d, in)
	}
}

// Every incident file of the repository, as Parse reads it.
func TestCodecRepoFiles(t *testing.T) {
	root := filepath.Join("..", "..")
	var files []string
	all := &status.Config{}
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch ext := filepath.Ext(p); {
		case e.Name() == "status.yaml":
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if c, problems := config.Parse(p, data); len(problems) == 0 {
				all.Components = append(all.Components, c.Components...)
			}
		case filepath.Base(filepath.Dir(p)) == Dir && (ext == ".yaml" || ext == ".md"):
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 {
		t.Fatalf("only %d incident files found under %s", len(files), root)
	}
	var d Decoder
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, p)
		in, problems := Parse(filepath.ToSlash(rel), data, all, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC))
		if len(problems) > 0 {
			t.Errorf("%s: %v", rel, problems)
			continue
		}
		roundTrip(t, &d, in)
	}
	t.Logf("%d files", len(files))
}

// A new field of status.Incident needs encoding, and codecVersion bumped.
func TestCodecKnowsEveryField(t *testing.T) {
	var got []string
	typ := reflect.TypeFor[status.Incident]()
	for i := range typ.NumField() {
		got = append(got, typ.Field(i).Name)
	}
	want := []string{"ID", "Path", "Kind", "Title", "Lang", "Components", "Impact", "Affects",
		"Started", "Detected", "Resolved", "Window", "Updates", "Postmortem", "Issue"}
	if !slices.Equal(got, want) {
		t.Errorf("status.Incident has fields %v; the codec knows %v: encode the change and bump codecVersion", got, want)
	}
}

// forge is the encoding of an empty incident with the byte at i (a nil
// count, an empty string or a zero time) replaced by raw.
func forge(t *testing.T, i int, raw ...[]byte) []byte {
	b := AppendBinary(nil, &status.Incident{})
	if len(b) != 17 || b[i] != 0 {
		t.Fatalf("the layout changed; fix forge's offsets: %x", b)
	}
	return slices.Concat(append([][]byte{b[:i]}, append(raw, b[i+1:])...)...)
}

// Offsets of fields in an empty incident's encoding.
const (
	atID         = 1
	atComponents = 6
	atAffects    = 8
	atStarted    = 9
)

func rawTime(tag byte, sec int64, nsec uint64, rest ...[]byte) []byte {
	b := binary.AppendUvarint(binary.AppendVarint([]byte{tag}, sec), nsec)
	return slices.Concat(append([][]byte{b}, rest...)...)
}

func varint(v int64) []byte   { return binary.AppendVarint(nil, v) }
func uvarint(v uint64) []byte { return binary.AppendUvarint(nil, v) }
func str(s string) []byte     { return appendString(nil, s) }

func TestDecodeRefuses(t *testing.T) {
	paris := mustLoad(t, "Europe/Paris")
	sec := time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC).Unix()
	_, localOff := time.Unix(sec, 0).In(time.Local).Zone()
	_, parisOff := time.Unix(sec, 0).In(paris).Zone()
	if _, ok := DecodeBinary(forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(int64(parisOff)), str("Europe/Paris")))); !ok {
		t.Fatal("forge makes no valid encoding; the cases below prove nothing")
	}
	valid := AppendBinary(nil, codecCases(t)[0])
	for name, b := range map[string][]byte{
		"nothing":             nil,
		"other version":       append([]byte{codecVersion + 1}, valid[1:]...),
		"trailing byte":       append(slices.Clone(valid), 0),
		"long string":         forge(t, atID, uvarint(1<<62)),
		"many components":     forge(t, atComponents, uvarint(1<<40)),
		"max count":           forge(t, atComponents, uvarint(math.MaxUint64)),
		"many affects":        forge(t, atAffects, uvarint(1<<40)),
		"overlong varint":     forge(t, atID, []byte{0x80, 0x00}),
		"varint overflow":     forge(t, atID, bytes.Repeat([]byte{0xff}, 11)),
		"unsorted affects":    forge(t, atAffects, uvarint(3), str("b"), str("x"), str("a"), str("x")),
		"repeated affects":    forge(t, atAffects, uvarint(3), str("a"), str("x"), str("a"), str("x")),
		"unknown tag":         forge(t, atStarted, rawTime(tagNamed+1, sec, 0, varint(0))),
		"nanoseconds":         forge(t, atStarted, rawTime(tagUTC, sec, 1e9)),
		"zero as UTC":         forge(t, atStarted, rawTime(tagUTC, time.Time{}.Unix(), 0)),
		"Local's offset":      forge(t, atStarted, rawTime(tagLocal, sec, 0, varint(int64(localOff+60)))),
		"fixed at Local's":    forge(t, atStarted, rawTime(tagFixed, sec, 0, varint(int64(localOff)))),
		"unknown zone":        forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(0), str("Europe/Pariss"))),
		"zone by path":        forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(0), str("/etc/localtime"))),
		"zone's offset":       forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(int64(parisOff+3600)), str("Europe/Paris"))),
		"UTC by name":         forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(0), str("UTC"))),
		"Local by name":       forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(int64(localOff)), str("Local"))),
		"nameless named zone": forge(t, atStarted, rawTime(tagNamed, sec, 0, varint(0), str(""))),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		in, ok := DecodeBinary(b)
		runtime.ReadMemStats(&after)
		if ok || in != nil {
			t.Errorf("%s: %x decoded as %#v", name, b, in)
		}
		if n := after.TotalAlloc - before.TotalAlloc; n > 1<<16 {
			t.Errorf("%s: refusing took %d bytes", name, n)
		}
	}
}

// Damaged bytes decode as nothing or as the incident they spell, never
// as a panic.
func TestDecodeDamaged(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, in := range codecCases(t) {
		enc := AppendBinary(nil, in)
		for n := range len(enc) {
			if _, ok := DecodeBinary(enc[:n]); ok {
				t.Errorf("%s: truncated to %d of %d bytes, it still decodes", in.ID, n, len(enc))
			}
		}
		for range 20 * len(enc) {
			b := slices.Clone(enc)
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			if got, ok := DecodeBinary(b); ok && !bytes.Equal(AppendBinary(nil, got), b) {
				t.Errorf("%s: damaged %x decodes to an incident of other bytes", in.ID, b)
			}
		}
	}
}

func FuzzDecodeBinary(f *testing.F) {
	for _, in := range codecCases(f) {
		f.Add(AppendBinary(nil, in))
	}
	var d Decoder
	f.Fuzz(func(t *testing.T, b []byte) {
		in, ok := d.Decode(b)
		if ok != (in != nil) {
			t.Fatalf("ok %v with incident %v", ok, in)
		}
		if ok && !bytes.Equal(AppendBinary(nil, in), b) {
			t.Fatalf("%x decodes to an incident that encodes as %x", b, AppendBinary(nil, in))
		}
	})
}

// typical is an incident of four updates and a postmortem, as
// BenchmarkReadDir writes them; zoned is the same written in local time.
const (
	typical = "title: Incident 7\ncomponents: [website]\nimpact: major\nstarted: 2020-04-13T15:31:00Z\nresolved: 2020-04-13T17:01:00Z\nupdates:\n" +
		"  - {at: 2020-04-13T15:36:00Z, status: investigating, text: \"We are looking into it.\"}\n" +
		"  - {at: 2020-04-13T15:51:00Z, status: identified, text: \"The cause is known.\"}\n" +
		"  - {at: 2020-04-13T16:31:00Z, status: monitoring, text: \"A fix is out.\"}\n" +
		"  - {at: 2020-04-13T17:01:00Z, status: resolved, text: \"All good.\"}\n" +
		"postmortem: |\n  ## Root cause\n  A disk filled up.\n"
	zoned = "title: Incident 7\ntimezone: Europe/Paris\ncomponents: [website]\nimpact: major\nstarted: 2020-04-13 17:31\nresolved: 2020-04-13 19:01\nupdates:\n" +
		"  - {at: 2020-04-13 17:36, status: investigating, text: \"We are looking into it.\"}\n" +
		"  - {at: 2020-04-13 17:51, status: identified, text: \"The cause is known.\"}\n" +
		"  - {at: 2020-04-13 18:31, status: monitoring, text: \"A fix is out.\"}\n" +
		"  - {at: 2020-04-13 19:01, status: resolved, text: \"All good.\"}\n" +
		"postmortem: |\n  ## Root cause\n  A disk filled up.\n"
)

func BenchmarkParse(b *testing.B) {
	for _, bc := range []struct{ name, src string }{{"utc", typical}, {"timezone", zoned}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, problems := Parse("incidents/2020-04-13-incident-7.yaml", []byte(bc.src), cfg, now()); len(problems) > 0 {
					b.Fatal(problems)
				}
			}
		})
	}
}

// BenchmarkDecodeBinary decodes what BenchmarkParse parses; "fresh" loads
// the zone again each time, as DecodeBinary without a Decoder does.
func BenchmarkDecodeBinary(b *testing.B) {
	for _, bc := range []struct {
		name, src string
		fresh     bool
	}{{"utc", typical, false}, {"timezone", zoned, false}, {"timezone-fresh", zoned, true}} {
		b.Run(bc.name, func(b *testing.B) {
			enc := AppendBinary(nil, mustParse(b, "incidents/2020-04-13-incident-7.yaml", bc.src, cfg))
			var d Decoder
			b.SetBytes(int64(len(enc)))
			for b.Loop() {
				dec := d.Decode
				if bc.fresh {
					dec = DecodeBinary
				}
				if _, ok := dec(enc); !ok {
					b.Fatal("does not decode")
				}
			}
		})
	}
}
