package statustest

import "testing"

func TestWellFormedXMLRejectsBrokenXML(t *testing.T) {
	for _, bad := range []string{`<rss><channel></rss>`, `<rss>&nbsp;</rss>`, "<rss>\x01</rss>", `<a/><b/>`, ``} {
		if err := WellFormedXML([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if err := WellFormedXML([]byte(`<?xml version="1.0"?><rss><channel/></rss>`)); err != nil {
		t.Errorf("a well-formed document refused: %v", err)
	}
}
