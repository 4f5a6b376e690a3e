package config

import (
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

const valid = `title: Example status
description: Public status
base_url: https://status.example.org
language: fr
languages: [fr, en]
timezone: Europe/Paris
history_days: 30
components:
  - id: website
    name: Website
    group: Web
    down_after: 3
    probes:
      - id: https
        type: http
        url: https://example.org/health
        headers: { Authorization: "Bearer ${STATUS_TOKEN}" }
        timeout: 5s
        expect:
          status: [200, 204]
          body_contains: ok
          body_matches: 'version \d+'
          json: { status: ok, healthy: true, count: 3 }
          max_latency: 2s
      - id: cert
        type: tls
        address: example.org:443
        expect: { min_days_left: 14 }
      - id: dns
        type: dns
        name: example.org
        record: a
        resolver: 192.0.2.53:53
        expect: { values: [203.0.113.10] }
  - id: ssh
    name: SSH
    probes:
      - { id: port, type: tcp, address: "host.example.org:22" }
`

func TestParseValid(t *testing.T) {
	cfg, problems := Parse("status.yaml", []byte(valid))
	if len(problems) > 0 {
		t.Fatalf("unexpected problems:\n%v", problems)
	}
	if cfg.BaseURL != "https://status.example.org/" {
		t.Errorf("BaseURL = %q, want a trailing slash added", cfg.BaseURL)
	}
	if cfg.Location.String() != "Europe/Paris" || cfg.HistoryDays != 30 || cfg.Theme != "buoy" {
		t.Errorf("zone %v, history %d, theme %q", cfg.Location, cfg.HistoryDays, cfg.Theme)
	}
	web := cfg.Components[0]
	if web.DownAfter != 3 || cfg.Components[1].DownAfter != status.DefaultDownAfter {
		t.Errorf("down_after = %d and %d", web.DownAfter, cfg.Components[1].DownAfter)
	}
	h := web.Probes[0]
	if h.Method != "GET" || h.Timeout != 5*time.Second || h.Headers["Authorization"] != "Bearer ${STATUS_TOKEN}" {
		t.Errorf("http probe = %+v", h)
	}
	if got := h.Expect.JSON; len(got) != 3 || got[0].Want != "ok" || got[1].Want != true || got[2].Want != 3.0 {
		t.Errorf("json checks = %#v", got)
	}
	if web.Probes[1].Timeout != status.DefaultProbeTimeout || web.Probes[1].Expect.MinDaysLeft != 14 {
		t.Errorf("tls probe = %+v", web.Probes[1])
	}
	if web.Probes[2].Record != "A" {
		t.Errorf("record = %q, want A (case-folded)", web.Probes[2].Record)
	}
	if groups := cfg.Groups(); len(groups) != 2 || groups[0].Name != "Web" || groups[1].Name != "" {
		t.Errorf("groups = %+v", groups)
	}
}

func TestDefaults(t *testing.T) {
	cfg, problems := Parse("status.yaml", []byte("title: T\nbase_url: http://localhost:1313/\ncomponents: [{id: a, name: A}]\n"))
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if cfg.Language != "en" || len(cfg.Languages) != 1 || cfg.Languages[0] != "en" || cfg.Location != time.UTC || cfg.HistoryDays != 90 || cfg.AutoMerge {
		t.Errorf("defaults = %+v", cfg)
	}
}

func TestAutoMerge(t *testing.T) {
	for _, v := range []string{"true", "True", "false"} {
		cfg, problems := Parse("status.yaml", []byte("title: T\nbase_url: http://localhost:1313/\nauto_merge: "+v+"\ncomponents: [{id: a, name: A}]\n"))
		if len(problems) > 0 {
			t.Fatal(problems)
		}
		if want := v != "false"; cfg.AutoMerge != want {
			t.Errorf("auto_merge: %s read as %v", v, cfg.AutoMerge)
		}
	}
}

// Each rule of SPEC.md's status.yaml section, with the exact position the
// message must point at.
func TestProblems(t *testing.T) {
	base := "title: T\nbase_url: https://s.example/\n"
	comp := "components:\n  - id: web\n    name: Web\n"
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", base + "titel: x\n" + comp, `status.yaml:3:1: unknown key "titel" in status.yaml (did you mean "title"?)`},
		{"missing title", "base_url: https://s.example/\n" + comp, `status.yaml:1:1: missing required key "title" in status.yaml`},
		{"missing base_url", "title: T\n" + comp, `status.yaml:1:1: missing required key "base_url" in status.yaml`},
		{"relative base_url", "title: T\nbase_url: /status/\n" + comp, `status.yaml:2:11: base_url "/status/" must be an absolute http(s) URL such as https://status.example.org/`},
		{"unknown zone", base + "timezone: Mars/Olympus\n" + comp, `status.yaml:3:11: timezone "Mars/Olympus" is not an IANA time zone (e.g. UTC, Europe/Paris)`},
		{"bad language", base + "language: french!\n" + comp, `status.yaml:3:11: language "french!" is not a BCP 47 language tag such as en, fr or pt-BR`},
		{"languages without default", base + "language: fr\nlanguages: [en]\n" + comp, `status.yaml:4:12: languages must include the default language "fr"`},
		{"history_days not a number", base + "history_days: lots\n" + comp, `status.yaml:3:15: history_days must be a whole number`},
		{"history_days zero", base + "history_days: 0\n" + comp, `status.yaml:3:15: history_days must be a whole number of at least 1`},
		{"auto_merge not a boolean", base + "auto_merge: yes\n" + comp, `status.yaml:3:13: auto_merge must be true or false`},
		{"auto_merge quoted", base + "auto_merge: \"true\"\n" + comp, `status.yaml:3:13: auto_merge must be true or false`},
		{"auto_merge a list", base + "auto_merge: [true]\n" + comp, `status.yaml:3:13: auto_merge must be true or false`},
		{"duplicate key", base + "title: U\n" + comp, `status.yaml:3:1: duplicate key "title" in status.yaml`},
		{"no components", base + "components: []\n", `status.yaml:3:13: components must list at least one component`},
		{"component missing name", base + "components:\n  - id: web\n", `status.yaml:4:5: missing required key "name" in component`},
		{"component unknown key", base + comp + "    grup: Web\n", `status.yaml:6:5: unknown key "grup" in component (did you mean "group"?)`},
		{"bad component id", base + "components:\n  - id: Web Site\n    name: W\n", `status.yaml:4:9: component id "Web Site" may only use a-z, 0-9 and single dashes (it appears in URLs)`},
		{"duplicate component id", base + comp + "  - id: web\n    name: Again\n", `status.yaml:6:9: duplicate component id "web"`},
		{"down_after zero", base + comp + "    down_after: 0\n", `status.yaml:6:17: down_after must be a whole number of at least 1`},
		{"bad probe type", base + comp + "    probes:\n      - id: p\n        type: ping\n", `status.yaml:8:15: probe type "ping" is not one of http, tls, dns, tcp`},
		{"probe missing url", base + comp + "    probes:\n      - id: p\n        type: http\n", `status.yaml:7:9: missing required key "url" in http probe`},
		{"key of another probe type", base + comp + "    probes:\n      - {id: p, type: tcp, address: 'h:22', url: 'https://x/'}\n", `status.yaml:7:45: unknown key "url" in tcp probe`},
		{"expect key of another type", base + comp + "    probes:\n      - id: p\n        type: tls\n        address: h:443\n        expect: {status: [200]}\n", `status.yaml:10:18: unknown key "status" in expect`},
		{"typo in expect", base + comp + "    probes:\n      - id: p\n        type: http\n        url: https://x/\n        expect: {body_contain: ok}\n", `status.yaml:10:18: unknown key "body_contain" in expect (did you mean "body_contains"?)`},
		{"bad duration", base + comp + "    probes:\n      - {id: p, type: tcp, address: 'h:22', timeout: 10}\n", `status.yaml:7:54: timeout: "10" is not a positive duration (use Go syntax: 10s, 2m, 336h)`},
		{"bad status code", base + comp + "    probes:\n      - id: p\n        type: http\n        url: https://x/\n        expect: {status: [200, 999]}\n", `status.yaml:10:32: status "999" is not an HTTP status code (100-599)`},
		{"bad regexp", base + comp + "    probes:\n      - id: p\n        type: http\n        url: https://x/\n        expect: {body_matches: 'a('}\n", `status.yaml:10:32: body_matches is not a valid RE2 expression: error parsing regexp: missing closing ): ` + "`a(`"},
		{"bad record", base + comp + "    probes:\n      - {id: p, type: dns, name: x.org, record: SRV}\n", `status.yaml:7:49: record "SRV" is not one of A, AAAA, CNAME, MX, TXT, NS`},
		{"bad address", base + comp + "    probes:\n      - {id: p, type: tcp, address: example.org}\n", `status.yaml:7:37: address "example.org" must be host:port (e.g. example.org:443)`},
		{"bad method", base + comp + "    probes:\n      - {id: p, type: http, url: 'https://x/', method: FETCH}\n", `status.yaml:7:56: method "FETCH" is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS`},
		{"duplicate probe id", base + comp + "    probes:\n      - {id: p, type: tcp, address: 'h:1'}\n      - {id: p, type: tcp, address: 'h:2'}\n", `status.yaml:8:9: duplicate probe id "p" in this component`},
		{"bad env reference", base + comp + "    probes:\n      - {id: p, type: http, url: 'https://x/', headers: {X: '${1BAD}'}}\n", `status.yaml:7:61: header X: "${1BAD}" is not a valid environment variable reference`},
		{"duplicate header", base + comp + "    probes:\n      - {id: p, type: http, url: 'https://x/', headers: {X-Key: a, x-key: b}}\n", `status.yaml:7:68: duplicate header "x-key"`},
		{"duplicate json path", base + comp + "    probes:\n      - id: p\n        type: http\n        url: https://x/\n        expect: {json: {a.b: 1, a.b: 2}}\n", `status.yaml:10:33: duplicate json path "a.b"`},
		{"syntax error", base + "components: [\n", `status.yaml:3:1: invalid YAML: did not find expected node content`},
		{"not a mapping", "- a\n- b\n", `status.yaml:1:1: expected a mapping of keys to values at the top of the file`},
		{"empty file", "", `status.yaml:1:1: file is empty: expected a YAML mapping`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, problems := Parse("status.yaml", []byte(tt.yaml))
			if cfg != nil {
				t.Error("a config came back despite problems")
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), tt.want)
			}
		})
	}
}

func TestEveryProblemReported(t *testing.T) {
	_, problems := Parse("status.yaml", []byte("titel: T\nbase_url: x\ncomponents:\n  - id: A\n"))
	if len(problems) != 5 {
		t.Errorf("want 5 problems (unknown key, missing title, base_url, id, name), got:\n%v", problems)
	}
}

// Every language built needs UI strings: a typo must fail the check, not
// show English.
func TestUILanguages(t *testing.T) {
	base := "title: T\nbase_url: https://s.example/\ncomponents: [{id: a, name: A}]\n"
	have := func(theme string) []string {
		if theme != "buoy" {
			return nil
		}
		return []string{"en", "fr", "ja", "pt-BR"}
	}
	tests := []struct{ name, yaml, want string }{
		{"shipped", "languages: [en, fr, ja, pt-BR]\n", ""},
		{"case and variants", "languages: [en, FR, fr-CA, pt-br]\n", ""},
		{"no strings", "languages: [en, de]\n", `status.yaml:1:17: language "de" has no UI strings in theme "buoy" (it has en, fr, ja, pt-BR): add i18n/de.yaml`},
		{"default without strings", "language: es\n", `status.yaml:1:11: language "es" has no UI strings in theme "buoy" (it has en, fr, ja, pt-BR): add i18n/es.yaml`},
		{"not a language", "languages: [en, jp]\n", `status.yaml:1:17: languages item "jp" is not a BCP 47 language tag such as en, fr or pt-BR`},
		{"theme not found", "language: de\ntheme: mine\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems := ParseWith("status.yaml", []byte(tt.yaml+base), Options{UILanguages: have})
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != tt.want {
				t.Errorf("problems:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), tt.want)
			}
		})
	}
}
