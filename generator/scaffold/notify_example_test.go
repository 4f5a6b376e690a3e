package scaffold

import (
	"slices"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
)

// The commented notify: example of a new status.yaml passes buoy check
// once uncommented, and shows both halves: targets for alerts, and the
// email and Mastodon targets that take announcements by default.
func TestRepositoryNotifyExample(t *testing.T) {
	r := uncommented(t, "notify")
	var announce, alerts []string
	for _, n := range r.Config.Notify {
		if slices.Contains(n.Takes(), status.OnIncident) && slices.Contains(n.Takes(), status.OnMaintenance) {
			announce = append(announce, string(n.Type))
		}
		if slices.Contains(n.Takes(), status.AlertDown) {
			alerts = append(alerts, string(n.Type))
		}
	}
	if !slices.Equal(announce, []string{"email", "mastodon"}) || !slices.Equal(alerts, []string{"slack", "telegram"}) {
		t.Errorf("announcements go to %v, alerts to %v; want email and mastodon, slack and telegram", announce, alerts)
	}
}
