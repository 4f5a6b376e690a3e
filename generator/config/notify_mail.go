package config

import (
	"net/mail"
	"net/url"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/buoystatus/buoy/generator/status"
	"github.com/buoystatus/buoy/generator/yamlfile"
)

// The fields of the email and mastodon notify types.

// smtpURL reads an email target's server: smtp://host[:port] (STARTTLS,
// default port 587) or smtps://host[:port] (TLS, default 465).
func smtpURL(d *yamlfile.Doc, v *yaml.Node) string {
	s := secret(d, v, "server")
	if s == "" || strings.Contains(s, "${") {
		return s
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || u.Opaque != "":
		d.Errorf(v, "server %q must be smtp://host:587 (STARTTLS) or smtps://host:465 (TLS)", s)
	case u.User != nil:
		d.Errorf(v, "server %q must not hold a user name or password: give them as username and password", s)
	case (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "":
		d.Errorf(v, "server %q must be only smtp(s)://host:port, without a path or query", s)
	default:
		return s
	}
	return ""
}

// password reads a password, which must come from the environment: a
// value in status.yaml would be published with the repository.
func password(d *yamlfile.Doc, v *yaml.Node) string {
	s := secret(d, v, "password")
	if s != "" && !strings.Contains(s, "${") {
		d.Errorf(v, "password must be read from the environment, as ${VAR}: status.yaml is public")
	}
	return s
}

// address reads an email address, "Name <addr@example.org>" or
// "addr@example.org", or a ${VAR} that expands to one.
func address(d *yamlfile.Doc, v *yaml.Node, what string) string {
	s := secret(d, v, what)
	// A control character is reported as in any text.
	if s == "" || strings.Contains(s, "${") || strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	if _, err := mail.ParseAddress(s); err != nil {
		d.Errorf(v, "%s %q is not an email address such as status@example.org or \"Example status\" <status@example.org>", what, s)
		return ""
	}
	return s
}

func addresses(d *yamlfile.Doc, v *yaml.Node, what string) []string {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
		if len(items) == 0 {
			d.Errorf(v, "%s must list at least one address", what)
		}
	}
	var out []string
	for _, item := range items {
		if s := address(d, item, what); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// unsubscribeURLs reads list_unsubscribe: mailto: or https: URLs.
func unsubscribeURLs(d *yamlfile.Doc, v *yaml.Node) []string {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	var out []string
	for _, item := range items {
		s := secret(d, item, "list_unsubscribe")
		if s == "" {
			continue
		}
		if !strings.Contains(s, "${") {
			u, err := url.Parse(s)
			if err != nil || !(u.Scheme == "mailto" && u.Opaque != "" || u.Scheme == "https" && u.Host != "") || strings.ContainsAny(s, "<> ,") {
				d.Errorf(item, "list_unsubscribe %q must be a mailto: or https: URL", s)
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

// mailField reads the keys only email and mastodon targets have; it
// reports whether key was one.
func mailField(d *yamlfile.Doc, t *status.NotifyTarget, key string, v *yaml.Node) bool {
	switch key {
	case "server":
		if t.Type == status.NotifyEmail {
			t.URL = smtpURL(d, v)
		} else {
			t.URL = secretURL(d, v, key)
		}
	case "username":
		t.Username = secret(d, v, key)
	case "password":
		t.Password = password(d, v)
	case "from":
		t.From = address(d, v, key)
	case "to":
		t.To = addresses(d, v, key)
	case "list_unsubscribe":
		t.ListUnsubscribe = unsubscribeURLs(d, v)
	case "visibility":
		t.Visibility = yamlfile.Enum(d, v, "visibility", status.MastodonVisibilities)
	case "max_characters":
		t.MaxCharacters = d.Int(v, "max_characters", 100)
	default:
		return false
	}
	return true
}
