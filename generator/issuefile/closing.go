package issuefile

import (
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// closing is the text of an update that resolves an incident or completes
// a maintenance when the issue is closed, or /resolve comes with no text,
// in the site's language.
func closing(b *words.Book, tag string, s status.UpdateStatus) string {
	if b == nil {
		b = words.Builtin()
	}
	return b.T(tag, "closing_"+string(s), nil)
}
