package incident

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// What has happened cannot be dated after now (beyond Slack); maintenance
// is announced ahead, and so are its scheduled updates.
func TestFutureTimes(t *testing.T) {
	present := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	head := "title: T\ncomponents: [website]\n"
	mhead := "title: M\nkind: maintenance\ncomponents: [website]\n"
	later := "2025-06-03T12:00:00Z" // two days ahead
	soon := "2025-06-01T12:09:00Z"  // within Slack
	tests := []struct {
		name, src, want string
	}{
		{"started ahead", head + "started: " + later + "\n",
			":3:10: started (2025-06-03T12:00:00Z) is in the future (now is 2025-06-01T12:00:00Z): write what has happened, when it happened"},
		{"detected ahead", head + "started: 2025-06-01T11:00:00Z\ndetected: " + later + "\n",
			":4:11: detected (2025-06-03T12:00:00Z) is in the future (now is 2025-06-01T12:00:00Z): write what has happened, when it happened"},
		{"resolved ahead", head + "started: 2025-06-01T11:00:00Z\nresolved: " + later + "\n",
			":4:11: resolved (2025-06-03T12:00:00Z) is in the future (now is 2025-06-01T12:00:00Z): write what has happened, when it happened"},
		{"update ahead", head + "started: 2025-06-01T11:00:00Z\nupdates:\n  - {at: " + later + ", status: identified, text: x}\n",
			":5:10: update at 2025-06-03T12:00:00Z is in the future (now is 2025-06-01T12:00:00Z): only a scheduled update may be written ahead"},
		{"resolved update ahead", head + "started: 2025-06-01T11:00:00Z\nupdates:\n  - {at: " + later + ", status: resolved, text: x}\n",
			":5:10: update at 2025-06-03T12:00:00Z is in the future (now is 2025-06-01T12:00:00Z): only a scheduled update may be written ahead"},
		{"maintenance completed ahead", mhead + "window: {start: 2025-06-05T00:00:00Z, end: 2025-06-05T02:00:00Z}\nupdates:\n  - {at: 2025-06-05T01:00:00Z, status: completed, text: x}\n",
			":6:10: update at 2025-06-05T01:00:00Z is in the future (now is 2025-06-01T12:00:00Z): only a scheduled update may be written ahead"},
		{"in another zone", "timezone: Asia/Tokyo\n" + head + "started: 2025-06-01 21:11\n",
			":4:10: started (2025-06-01T21:11:00+09:00) is in the future (now is 2025-06-01T12:00:00Z): write what has happened, when it happened"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := "incidents/2025-06-01-x.yaml"
			in, problems := Parse(file, []byte(tt.src), cfg, present)
			if in != nil || len(problems) != 1 || problems[0].String() != file+tt.want {
				t.Errorf("problems:\n  %v\nwant:\n  %s", problems, file+tt.want)
			}
		})
	}

	for name, src := range map[string]string{
		"within slack":           head + "started: " + soon + "\nupdates:\n  - {at: " + soon + ", status: investigating, text: x}\n",
		"maintenance ahead":      mhead + "window: {start: " + later + ", end: 2025-06-03T14:00:00Z}\nupdates:\n  - {at: 2025-06-01T10:00:00Z, status: scheduled, text: x}\n",
		"scheduled update ahead": mhead + "window: {start: " + later + ", end: 2025-06-03T14:00:00Z}\nupdates:\n  - {at: 2025-06-02T10:00:00Z, status: scheduled, text: x}\n",
	} {
		if in, problems := Parse("incidents/2025-06-01-x.yaml", []byte(src), cfg, present); in == nil {
			t.Errorf("%s: refused: %v", name, problems)
		}
	}
}

// A file refused for a future time is read again by the next ReadDirMemo:
// once its time has come, it is valid.
func TestMemoRereadsWhenTimeComes(t *testing.T) {
	fsys := fstest.MapFS{"incidents/2025-06-01-x.yaml": {Data: []byte("title: T\ncomponents: [website]\nstarted: 2025-06-01T13:00:00Z\n")}}
	memo := &Memo{}
	first := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	if _, problems := ReadDirMemo(fsys, cfg, first, memo); len(problems) != 1 {
		t.Fatalf("problems at 12:00: %v", problems)
	}
	got, problems := ReadDirMemo(fsys, cfg, first.Add(time.Hour), memo)
	if len(problems) != 0 || len(got) != 1 || got[0].Started.Hour() != 13 {
		t.Errorf("at 13:00: %v, %v", got, problems)
	}
}

func TestFileNameIsARealDate(t *testing.T) {
	src := "title: T\ncomponents: [website]\nstarted: 2020-04-13T15:31:00Z\n"
	for _, name := range []string{"2025-13-45-x.yaml", "2025-02-30-x.md", "2025-00-10-x.yaml", "0000-00-00-x.yaml"} {
		_, problems := Parse("incidents/"+name, []byte(src), cfg, now())
		if len(problems) != 1 || !strings.HasPrefix(problems[0].String(), "incidents/"+name+":1:1: "+name[:10]+" is not a date of the calendar: incident files are named YYYY-MM-DD-slug") {
			t.Errorf("%s: %v", name, problems)
		}
	}
	if in, problems := Parse("incidents/2024-02-29-leap.yaml", []byte(src), cfg, now()); in == nil {
		t.Errorf("a leap day refused: %v", problems)
	}
}
