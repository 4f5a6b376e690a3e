package serve_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/sitetest"
)

// TestServeStartsWithBrokenLayout: a layout of the repository that does
// not parse, from the first build on, is named at its place in the
// repository (layouts/home.html:1:1), as buoy build names it, not in
// Hugo's work folder; the page is the problems page, not a blank 500.
func TestServeStartsWithBrokenLayout(t *testing.T) {
	dir := sitetest.Repo(t, repoFiles+"-- layouts/home.html --\n{{ define \"main\" }}{{ .Foo.Bar }{{ end }}\n")
	r := start(t, dir)
	body := await(t, r.base+"/", "problems page", func(code int, body string) bool {
		return code == http.StatusInternalServerError && strings.Contains(body, "buoy-problems")
	})
	for _, want := range []string{"The site does not build", "layouts/home.html:1:1: template: unexpected &#34;}&#34; in operand"} {
		if !strings.Contains(body, want) {
			t.Errorf("problems page without %q:\n%s", want, body)
		}
	}
	for _, bad := range []string{"/buoy-site", "last good site"} {
		if strings.Contains(body, bad) {
			t.Errorf("problems page with %q:\n%s", bad, body)
		}
	}
}
