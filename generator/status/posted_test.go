package status

import (
	"testing"
	"time"
)

func TestPosted(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2024, 5, 1, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name        string
		in          Incident
		first, last time.Time
	}{
		{"incident: start to resolution", Incident{
			Kind: KindIncident, Started: at(1), Detected: at(2), Resolved: at(5),
			Updates: []Update{{At: at(3)}, {At: at(4)}},
		}, at(1), at(5)},
		{"incident: an update after resolution", Incident{
			Kind: KindIncident, Started: at(1), Resolved: at(2), Updates: []Update{{At: at(6)}},
		}, at(1), at(6)},
		{"ongoing incident without updates", Incident{Kind: KindIncident, Started: at(1)}, at(1), at(1)},
		{"maintenance: announcements, not the window", Incident{
			Kind: KindMaintenance, Window: Window{Start: at(20), End: at(22)},
			Updates: []Update{{At: at(3)}, {At: at(2)}},
		}, at(2), at(3)},
		{"maintenance without updates", Incident{
			Kind: KindMaintenance, Window: Window{Start: at(20), End: at(22)},
		}, at(20), at(20)},
	} {
		first, last := tc.in.Posted()
		if !first.Equal(tc.first) || !last.Equal(tc.last) {
			t.Errorf("%s: Posted() = %v, %v; want %v, %v", tc.name, first, last, tc.first, tc.last)
		}
	}
}
