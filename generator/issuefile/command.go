package issuefile

import (
	"strings"
)

// command is a comment that changes the incident: its first line is
// "/update STATUS [text]", "/resolve [text]" or "/postmortem"; the text
// goes on over the following lines.
type command struct {
	name   string // update, resolve, postmortem
	status string // for update
	text   string
}

// parseCommand reads a comment body; ok is false when it is no command,
// which is a comment among people and left alone.
func parseCommand(body string) (*command, bool) {
	body = strings.TrimLeft(body, " \t\n")
	first, rest, _ := strings.Cut(body, "\n")
	word, args, _ := strings.Cut(strings.TrimSpace(first), " ")
	c := &command{name: strings.TrimPrefix(word, "/")}
	switch word {
	case "/update":
		c.status, args, _ = strings.Cut(strings.TrimSpace(args), " ")
	case "/resolve", "/postmortem":
	default:
		return nil, false
	}
	c.text = strings.TrimSpace(strings.TrimSpace(args) + "\n" + rest)
	return c, true
}
