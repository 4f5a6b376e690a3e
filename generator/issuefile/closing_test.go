package issuefile

import (
	"testing"
	"testing/fstest"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

func TestClosingWords(t *testing.T) {
	book, problems, err := words.Load(fstest.MapFS{"i18n/en.yaml": {Data: []byte("closing_resolved: All fixed.\n")}}, "")
	if err != nil || problems != nil {
		t.Fatal(err, problems)
	}
	for _, c := range []struct {
		b    *words.Book
		lang string
		s    status.UpdateStatus
		want string
	}{
		{nil, "en", status.Resolved, "This incident has been resolved."},
		{nil, "ja", status.Completed, "メンテナンスは完了しました。"},
		{nil, "pt-PT", status.Resolved, "Este incidente foi resolvido."},
		{book, "en", status.Resolved, "All fixed."},
		{book, "fr", status.Completed, "La maintenance est terminée."},
	} {
		if got := closing(c.b, c.lang, c.s); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.lang, c.s, got, c.want)
		}
	}
}
