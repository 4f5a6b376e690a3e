package issuefile

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Event is the part of a GitHub `issues` or `issue_comment` webhook payload
// buoy reads, in GitHub's documented JSON shape. Comment is nil for an
// `issues` event.
type Event struct {
	Action  string   `json:"action"`
	Issue   Issue    `json:"issue"`
	Comment *Comment `json:"comment"`
}

// Issue is the issue of an event.
type Issue struct {
	Number            int       `json:"number"`
	Title             string    `json:"title"`
	Body              *string   `json:"body"` // null when the issue has no description
	Labels            []Label   `json:"labels"`
	State             string    `json:"state"`
	StateReason       *string   `json:"state_reason"`
	User              User      `json:"user"`
	AuthorAssociation string    `json:"author_association"`
	CreatedAt         time.Time `json:"created_at"`
	ClosedAt          time.Time `json:"closed_at"`
	// PullRequest is set when the "issue" is a pull request: comments on
	// pull requests come as issue_comment events too.
	PullRequest *struct{} `json:"pull_request"`
}

// Label is an issue label.
type Label struct {
	Name string `json:"name"`
}

// User is the author of an issue or a comment.
type User struct {
	Login string `json:"login"`
}

// Comment is the comment of an issue_comment event.
type Comment struct {
	Body              string    `json:"body"`
	User              User      `json:"user"`
	AuthorAssociation string    `json:"author_association"`
	CreatedAt         time.Time `json:"created_at"`
}

// ParseEvent decodes an event payload. It checks the shape, not the
// content: Apply decides what the event may do.
func ParseEvent(data []byte) (*Event, error) {
	var ev Event
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("not a GitHub event payload: %w", err)
	}
	if ev.Issue.Number <= 0 {
		return nil, fmt.Errorf("not an issues or issue_comment event: no issue.number")
	}
	if ev.Action == "" {
		return nil, fmt.Errorf("not an issues or issue_comment event: no action")
	}
	return &ev, nil
}

// body is the issue's body with GitHub's CRLF line endings made LF.
func (is Issue) body() string {
	if is.Body == nil {
		return ""
	}
	return lf(*is.Body)
}

func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// kind is the label that makes the issue an incident or a maintenance; ""
// when it has neither.
func (is Issue) label() string {
	for _, l := range is.Labels {
		if l.Name == "incident" || l.Name == "maintenance" {
			return l.Name
		}
	}
	return ""
}

// trusted are the author associations that may publish: people with write
// access to the repository. The workflow checks the permission through the
// API too; this is the check that needs no token.
func trusted(association string) bool {
	switch association {
	case "OWNER", "MEMBER", "COLLABORATOR":
		return true
	}
	return false
}
