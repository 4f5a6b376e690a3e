package feed

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzIndent compares indent with json.Indent on the compact form of any
// valid JSON.
func FuzzIndent(f *testing.F) {
	for _, s := range []string{
		`{}`, `[]`, `""`, `0`, `null`, `{"a":[],"b":{},"c":[{}],"d":[[]]}`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"x","content_html":"<p>a \"b\" \\</p>\n","tags":["c\\\\","d\\\"e"]}]}`,
		`[1,-2.5e3,true,false,null,"\u00e9\\u0022"]`, `{"k\\":"v\\\\","":":,{}[]"}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(s)) != nil {
			return
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact.Bytes(), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indent(nil, compact.Bytes()); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("indent(%s)\n= %s\njson.Indent gives\n  %s", compact.Bytes(), got, want.Bytes())
		}
	})
}
