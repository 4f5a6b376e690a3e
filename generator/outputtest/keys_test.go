package outputtest

import "testing"

func TestKeyCheckCatchesDrift(t *testing.T) {
	if err := keysExactly(map[string]any{"id": 1, "extra": 2}, []string{"id"}); err == nil {
		t.Error("an unknown key passed")
	}
	if err := keysExactly(map[string]any{"id": 1}, []string{"id", "name"}); err == nil {
		t.Error("a missing key passed")
	}
	if _, err := DecodeStatusAPI([]byte(`{"page":{"id":"x","nope":1}}`)); err == nil {
		t.Error("the mirror structs accepted an unknown field")
	}
	if _, err := StatusAPI("status.json", []byte(`{"page":{"id":"x","name":"n","url":"u","time_zone":"z","updated_at":"t"}}`)); err == nil {
		t.Error("status.json without its status passed")
	}
}
