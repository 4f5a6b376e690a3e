package feed

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/buoystatus/buoy/generator/markdown"
	"github.com/buoystatus/buoy/generator/status/statustest"
	"github.com/buoystatus/buoy/generator/words"
)

// Feeds speak the site's language: descriptions, summaries and the state
// lines of each entry; the incidents' own text stays as written.
func TestWordsInSiteLanguage(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"Incidents and maintenance of Example status", "Incidents and maintenance of API on Example status",
			"Identified. Major impact. Affects API.", "In progress maintenance, ", "<strong>Identified</strong> · Major impact · Affects <bdi>API</bdi></p>\n<p>Started <time"},
		"fr": {"Incidents et maintenances de Example status", "Incidents et maintenances de API sur Example status",
			"Cause identifiée. Impact important. Concerne API.", "Maintenance en cours, ", "<strong>Cause identifiée</strong> · Impact important · Concerne <bdi>API</bdi></p>\n<p>Début le <time"},
		"ja": {"Example statusの障害とメンテナンス", "Example status：APIの障害とメンテナンス",
			"原因特定。重大な影響。対象：API。", "メンテナンス実施中：", "<strong>原因特定</strong> · 重大な影響 · 対象：<bdi>API</bdi></p>\n<p>発生：<time"},
	} {
		s := statustest.SmallSite()
		s.Config.Language = lang
		s.Config.Description = ""
		files, err := FilesIn(markdown.New(markdown.HeadingBase(3)), words.Builtin())(s)
		if err != nil {
			t.Fatal(err)
		}
		site, api := decodeJSONFeed(t, files[JSONFile]), decodeJSONFeed(t, files["components/api/"+JSONFile])
		all := site.Description + "\n" + api.Description + "\n"
		for _, it := range site.Items {
			all += it.Summary + "\n" + it.ContentHTML + "\n"
		}
		for _, w := range want {
			if !strings.Contains(all, w) {
				t.Errorf("%s: %q not in the feed:\n%s", lang, w, all)
			}
		}
	}
}

type jsonFeed struct {
	Description string `json:"description"`
	Items       []struct {
		Summary     string `json:"summary"`
		ContentHTML string `json:"content_html"`
	} `json:"items"`
}

func decodeJSONFeed(t *testing.T, b []byte) jsonFeed {
	t.Helper()
	var f jsonFeed
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}
