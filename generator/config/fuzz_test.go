package config

import (
	"testing"

	"github.com/buoystatus/buoy/generator/safetext"
)

// FuzzParse checks what Parse promises for any bytes: a config or
// problems, never both; every problem at a line of status.yaml; and an
// accepted config holds only text in every string a user writes.
func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(fill("", "")))
	f.Add([]byte(fill("HEADERVALUE", `"a\r\nb"`)))
	f.Add([]byte("\uFEFFtitle: T\r\nbase_url: https://s.example/\r\ncomponents: [{id: a, name: \"\\e\"}]\r\n"))
	f.Add([]byte("title: [\nbase_url"))
	f.Add([]byte(subscribeBase + subscribeValid))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, problems := Parse(File, data)
		if (cfg == nil) == (len(problems) == 0) {
			t.Fatalf("config %v with problems %v", cfg, problems)
		}
		for _, p := range problems {
			if p.Path != File || p.Line < 1 || p.Col < 0 {
				t.Fatalf("problem without a position: %+v", p)
			}
		}
		if cfg == nil {
			return
		}
		texts := []string{cfg.Title, cfg.Description, cfg.BaseURL}
		for _, c := range cfg.Components {
			texts = append(texts, c.ID, c.Name, c.Group, c.Description, c.URL)
			for _, p := range c.Probes {
				texts = append(texts, p.ID, p.URL, p.Address, p.Name)
				for k, v := range p.Headers {
					texts = append(texts, k, v)
				}
			}
		}
		sub := cfg.Subscribe
		texts = append(texts, sub.Telegram, sub.Slack, sub.Discord)
		if sub.Email != nil {
			texts = append(texts, sub.Email.Address, sub.Email.URL)
		}
		if sub.Mastodon != nil {
			texts = append(texts, sub.Mastodon.Account, sub.Mastodon.URL)
		}
		for _, l := range sub.Links {
			texts = append(texts, l.Label, l.URL)
		}
		for _, s := range texts {
			if off, what, bad := safetext.Bad(s); bad {
				t.Fatalf("accepted text %q holds %s at %d", s, what, off)
			}
		}
	})
}
