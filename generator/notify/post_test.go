package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/buoystatus/buoy/generator/status"
)

// A webhook receives a post's Event as it is, with its Key as the
// Idempotency-Key; a type that cannot take posts is a configuration error.
func TestDeliverWebhook(t *testing.T) {
	var got []map[string]any
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Errorf("body %q: %v", b, err)
		}
		got = append(got, v)
		keys = append(keys, r.Header.Get("Idempotency-Key"))
	}))
	defer srv.Close()
	hook := status.NotifyTarget{ID: "hook", Type: status.NotifyWebhook, URL: srv.URL}
	posts := []Post{
		{Target: hook, Key: "k1", Thread: "k1", Event: map[string]any{"n": 1}},
		{Target: hook, Key: "k2", Thread: "k1", Event: map[string]any{"n": 2}},
	}
	res := NewSender(Options{Client: srv.Client()}).Deliver(context.Background(), posts)
	for i, r := range res {
		if r.Err != nil || r.Attempts != 1 {
			t.Errorf("post %d: %+v", i, r)
		}
	}
	if len(got) != 2 || got[0]["n"] != 1.0 || got[1]["n"] != 2.0 || keys[0] != "k1" || keys[1] != "k2" {
		t.Errorf("received %v with keys %v", got, keys)
	}
}
