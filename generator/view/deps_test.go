package view_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The view model stays apart from Hugo, whose Go API carries no
// compatibility promise: only package render may import it.
func TestNoHugo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.HasPrefix(pkg, "github.com/gohugoio/") {
			t.Errorf("view depends on %s", pkg)
		}
	}
}
