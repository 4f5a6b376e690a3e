package ical

import (
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

// The calendar's name and each event's description speak the site's
// language; the announcements stay as written.
func TestWordsInSiteLanguage(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"Example status maintenance", "DNS maintenance – Example status", "Affects: DNS", "In progress ("},
		"fr": {"Maintenances de Example status", "Maintenances de DNS – Example status", "Concerne : DNS", "En cours ("},
		"ja": {"Example status メンテナンス", "DNS メンテナンス – Example status", "対象：DNS", "実施中 ("},
	} {
		s := statustest.SmallSite()
		s.Config.Language = lang
		files, err := FilesIn(words.Builtin())(s)
		if err != nil {
			t.Fatal(err)
		}
		site := decode(t, lang, files[File])
		comp := decode(t, lang, files["components/dns/"+File])
		name, _ := site.Props.Text("NAME")
		compName, _ := comp.Props.Text("X-WR-CALNAME")
		var desc string
		for _, e := range site.Events() {
			if propText(t, e, "SUMMARY") == "DNS server upgrade" {
				desc = propText(t, e, "DESCRIPTION")
			}
		}
		got := []string{name, compName, desc, desc}
		for i, w := range want {
			if i < 2 && got[i] != w || i >= 2 && !strings.Contains(got[i], w) {
				t.Errorf("%s: got %q, want %q", lang, got[i], w)
			}
		}
	}
}
