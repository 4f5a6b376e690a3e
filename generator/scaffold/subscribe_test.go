package scaffold

import "testing"

// The commented subscribe: example of a new status.yaml is valid once
// uncommented, as a user would: the hash and one space off each line.
func TestRepositorySubscribeExample(t *testing.T) {
	r := uncommented(t, "subscribe")
	s := r.Config.Subscribe
	if s.Email == nil || s.Mastodon == nil || s.Telegram == "" {
		t.Errorf("subscribe = %+v, want the example's email, mastodon and telegram", s)
	}
}
