package eventlog

import (
	"os"
	"path/filepath"
	"testing"
)

type ev struct {
	N int    `json:"n"`
	S string `json:"s,omitempty"`
}

// A torn last line and garbage from a bad merge cost only themselves:
// the next append starts on a line of its own and every good line reads.
func TestTornAndGarbageLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "log.jsonl")
	if got, err := Read(path, func(ev) bool { return true }); err != nil || len(got) != 0 {
		t.Fatalf("missing log: %v, %v", got, err)
	}
	if err := Append(path, []ev{{N: 1}, {N: 2, S: "é\n"}}); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("<<<<<<< HEAD\n{\"n\":")
	f.Close()
	if err := Append(path, []ev{{N: 3}}); err != nil {
		t.Fatal(err)
	}
	got, err := Read(path, func(e ev) bool { return e.N != 0 })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].N != 1 || got[1].S != "é\n" || got[2].N != 3 {
		t.Errorf("read %+v", got)
	}
	if err := Append[ev](path, nil); err != nil {
		t.Errorf("appending nothing: %v", err)
	}
}
