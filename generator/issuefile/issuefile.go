// Package issuefile turns a GitHub issue or issue comment event into the
// incident file it writes or updates: an issue opened with the incident or
// maintenance form becomes incidents/DATE-SLUG.yaml, recording `issue: N`;
// /update, /resolve and /postmortem comments, edits and closing the issue
// change that file. It is pure: the caller reads the event and the
// repository, passes the clock, and writes the result.
//
// User text only ever becomes values of a YAML node tree, which is encoded
// and decoded again to check that the file says exactly that tree.
package issuefile

import (
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/buoystatus/buoy/generator/confine"
	"github.com/buoystatus/buoy/generator/safetext"
	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/words"
)

// MaxText bounds a title, an issue body and a comment: a status update is
// a few paragraphs, and sixteen of the largest still fit the 1 MiB an
// incident file may hold.
const MaxText = 64 << 10

// Repo is what Apply reads of the status repository: its valid, loaded
// configuration and incidents, and its files.
type Repo struct {
	Config    *status.Config
	Incidents []status.Incident
	FS        fs.FS
	// Words are the site's theme's, for the texts buoy writes itself; nil
	// means the built-in theme's.
	Words *words.Book
}

// Result is what an event does.
type Result struct {
	// Ignored says why nothing is written; "" when Data is.
	Ignored string
	// Reply is the Markdown to post on the issue; "" when the event is
	// ignored without a word (a comment that is no command).
	Reply string
	// Path (slash-separated, relative to the repository) and Data are the
	// file to write; Created is set when it is new.
	Path    string
	Data    []byte
	Created bool
	// Issue is the issue's number, for the branch name.
	Issue int
}

// Branch is the branch the workflow commits the change to.
func (r *Result) Branch() string { return fmt.Sprintf("buoy/issue/%d", r.Issue) }

// Triage returns the result of an event that is ignored whatever the
// repository holds: a pull request, an issue without the incident or
// maintenance label, a comment that is no command, an action buoy does not
// read, or an author without write access (who gets a polite reply). It
// returns nil for an event Apply acts on.
func Triage(ev *Event) *Result {
	is := ev.Issue
	ignore := func(format string, args ...any) *Result {
		return &Result{Issue: is.Number, Ignored: fmt.Sprintf(format, args...)}
	}
	switch {
	case is.PullRequest != nil:
		return ignore("#%d is a pull request", is.Number)
	case is.label() == "":
		return ignore("issue #%d has neither the incident nor the maintenance label", is.Number)
	}
	author, login := is.AuthorAssociation, is.User.Login
	if ev.Comment != nil {
		if ev.Action != "created" {
			return ignore("a comment %s: only new comments are read", ev.Action)
		}
		if _, ok := parseCommand(lf(ev.Comment.Body)); !ok {
			return ignore("the comment is not a command (/update, /resolve, /postmortem)")
		}
		author, login = ev.Comment.AuthorAssociation, ev.Comment.User.Login
	} else if ev.Action != "opened" && ev.Action != "edited" && ev.Action != "closed" {
		return ignore("an issue %s: only opened, edited and closed issues are read", ev.Action)
	}
	if !trusted(author) {
		res := ignore("%s (%s) has no write access", login, strings.ToLower(author))
		res.Reply = outsiderReply(login)
		return res
	}
	return nil
}

// Apply decides what ev does to the repository at now. A *Refusal is input
// that cannot be written (the author is told why); a diag.List is a file
// that buoy check would reject; any other error is a failure.
func Apply(ev *Event, r Repo, now time.Time) (*Result, error) {
	if res := Triage(ev); res != nil {
		return res, nil
	}
	is := ev.Issue
	kind := status.Kind(is.label())
	ignore := func(format string, args ...any) (*Result, error) {
		return &Result{Issue: is.Number, Ignored: fmt.Sprintf(format, args...)}, nil
	}
	var cmd *command
	if ev.Comment != nil {
		cmd, _ = parseCommand(lf(ev.Comment.Body))
	}
	// Only what is written is checked: a comment does not carry the
	// issue's title and description into the file.
	if ev.Comment != nil {
		if err := checkText("the comment", lf(ev.Comment.Body)); err != nil {
			return nil, err
		}
	} else {
		if err := checkText("the title", is.Title); err != nil {
			return nil, err
		}
		if err := checkText("the issue's description", is.body()); err != nil {
			return nil, err
		}
	}
	var found *status.Incident
	for i := range r.Incidents {
		if r.Incidents[i].Issue == is.Number {
			found = &r.Incidents[i]
		}
	}
	e := &editor{repo: r, now: now, issue: is.Number, loc: r.Config.Loc()}
	switch {
	case cmd != nil:
		if found == nil {
			return nil, refusef("no incident file records issue #%d yet: open the issue with the incident or maintenance form first", is.Number)
		}
		at := ev.Comment.CreatedAt
		if at.IsZero() {
			at = now
		}
		return e.command(found, cmd, at.In(e.loc))
	case ev.Action == "closed":
		if is.StateReason == nil || *is.StateReason != "completed" {
			return ignore("issue #%d was closed as not planned: the incident is left as it is", is.Number)
		}
		if found == nil {
			return ignore("no incident file records issue #%d", is.Number)
		}
		at := is.ClosedAt
		if at.IsZero() {
			at = now
		}
		res, err := e.close(found, at.In(e.loc))
		if res == nil && err == nil {
			return ignore("%s is already resolved", found.Path)
		}
		return res, err
	}
	f, err := readForm(is.body()).read(kind, is.Title, r.Config)
	if err != nil {
		return nil, err
	}
	if found != nil {
		return e.edit(found, f)
	}
	opened := is.CreatedAt
	if opened.IsZero() {
		opened = now
	}
	return e.create(f, opened.In(e.loc))
}

// checkText refuses what no incident may hold, before it is written.
func checkText(what, s string) error {
	if len(s) > MaxText {
		return refusef("%s is %d KiB: at most %d KiB goes into a status update; link to a longer document instead", what, len(s)>>10, MaxText>>10)
	}
	if off, bad, ok := safetext.Bad(s); ok {
		line := 1 + strings.Count(s[:off], "\n")
		return refusef("%s holds %s on its line %d: remove it", what, bad, line)
	}
	return nil
}

// maxFile is the size an incident file may reach: the limit buoy reads.
const maxFile = confine.MaxYAML
