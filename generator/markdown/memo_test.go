package markdown_test

import (
	"testing"

	"github.com/buoystatus/buoy/generator/markdown"
)

func TestMemoSameHTML(t *testing.T) {
	plain := markdown.New(markdown.HeadingBase(3))
	memo := markdown.New(markdown.HeadingBase(3), markdown.Memo())
	for _, src := range []string{"# Title\n\n*x* <b>y</b>", "[a](javascript:alert(1))", "# Title\n\n*x* <b>y</b>", ""} {
		for round := range 3 {
			want, _ := plain.HTML(src)
			got, err := memo.HTML(src)
			if err != nil || got != want {
				t.Errorf("round %d, %q: %q, %v; want %q", round, src, got, err, want)
			}
			memo.Sweep()
		}
	}
}
