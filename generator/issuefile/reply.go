package issuefile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/buoystatus/buoy/generator/diag"
	"github.com/buoystatus/buoy/generator/status"
)

// WrittenReply is the comment saying what was written and where the page
// will be.
func WrittenReply(res *Result, cfg *status.Config) string {
	id := strings.TrimSuffix(res.Path[strings.LastIndexByte(res.Path, '/')+1:], ".yaml")
	verb := "Updated"
	if res.Created {
		verb = "Wrote"
	}
	return fmt.Sprintf("%s `%s` on the branch `%s`.\n\nPreview: %s (live once the pull request is merged and the site deployed).\n",
		verb, res.Path, res.Branch(), cfg.IncidentURL(id))
}

// RefusedReply is the comment saying why nothing was written: a refusal
// of the input, or the problems buoy check would report in the file, at
// their file:line:col.
func RefusedReply(err error) string {
	var refusal *Refusal
	var problems diag.List
	switch {
	case errors.As(err, &refusal):
		return fmt.Sprintf("Nothing was written: %s.\n\nEdit the issue or post a new comment to try again.\n", strings.TrimSuffix(refusal.Msg, "."))
	case errors.As(err, &problems):
		return "Nothing was written: `buoy check` finds these problems in the file it would write:\n\n" +
			codeBlock(problems) + "\nEdit the issue or post a new comment to try again.\n"
	}
	return fmt.Sprintf("Nothing was written: %v.\n", err)
}

// BrokenReply is the comment when the repository itself fails buoy check:
// no change is made on top of it.
func BrokenReply(problems diag.List) string {
	return "Nothing was written: `buoy check` finds problems in the status repository as it stands. Fix them, then edit the issue or post the comment again:\n\n" + codeBlock(problems)
}

func codeBlock(problems diag.List) string {
	var b strings.Builder
	b.WriteString("```\n")
	for _, p := range problems {
		// A fence inside a message cannot end the code block early.
		b.WriteString(strings.ReplaceAll(p.String(), "```", "'''") + "\n")
	}
	b.WriteString("```\n")
	return b.String()
}

func outsiderReply(login string) string {
	return fmt.Sprintf("Thank you for the report, @%s. Only people with write access to this repository can publish to the status page, so nothing was published from this. A maintainer will read it and follow up.\n", login)
}
