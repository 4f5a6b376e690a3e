package view

import (
	"slices"
	"strconv"
	"unicode/utf8"
)

// encodeIncident is encode for an incident's page, byte for byte, without
// encoding/json's reflection: ten thousand incident pages went through
// it, each a few kilobytes, and with the buffer growing as it went.
// FuzzEncodeIncident compares the two.
func encodeIncident(fm frontMatter) ([]byte, error) {
	p, ok := fm.Params.(incidentParams)
	if !ok || fm.Type != "" || fm.Build != nil {
		return encode(fm)
	}
	size := 1024 + len(fm.Title) + len(p.Postmortem)
	for _, u := range p.Updates {
		size += 256 + len(u.HTML)
	}
	b := make([]byte, 0, size)
	b = append(b, `{"title":`...)
	b = appendJSONString(b, fm.Title)
	if fm.Date != "" {
		b = append(b, `,"date":`...)
		b = appendJSONString(b, fm.Date)
	}
	if fm.Lastmod != "" {
		b = append(b, `,"lastmod":`...)
		b = appendJSONString(b, fm.Lastmod)
	}
	b = append(b, `,"params":{"id":`...)
	b = appendJSONString(b, p.ID)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, p.Kind)
	b = append(b, `,"lang":`...)
	b = appendJSONString(b, p.Lang)
	b = append(b, `,"impact":`...)
	b = appendJSONString(b, p.Impact)
	if p.Status != "" {
		b = append(b, `,"status":`...)
		b = appendJSONString(b, p.Status)
	}
	b = append(b, `,"phase":`...)
	b = appendJSONString(b, p.Phase)
	for _, s := range []struct {
		key string
		s   *stamp
	}{
		{`,"started":`, p.Started}, {`,"detected":`, p.Detected}, {`,"resolved":`, p.Resolved},
		{`,"window_start":`, p.WindowStart}, {`,"window_end":`, p.WindowEnd}, {`,"ended":`, p.Ended},
	} {
		if s.s != nil {
			b = append(b, s.key...)
			b = appendStamp(b, s.s)
		}
	}
	b = append(b, `,"duration":`...)
	b = appendSpan(b, &p.Duration)
	if p.TTD != nil {
		b = append(b, `,"ttd":`...)
		b = appendSpan(b, p.TTD)
	}
	if p.TTR != nil {
		b = append(b, `,"ttr":`...)
		b = appendSpan(b, p.TTR)
	}
	b = append(b, `,"components":`...)
	if p.Components == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range p.Components {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"id":`...)
			b = appendJSONString(b, c.ID)
			b = append(b, `,"name":`...)
			b = appendJSONString(b, c.Name)
			b = append(b, `,"effect":`...)
			b = appendJSONString(b, c.Effect)
			if c.Now != "" {
				b = append(b, `,"now":`...)
				b = appendJSONString(b, c.Now)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"updates":`...)
	if p.Updates == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, u := range p.Updates {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"status":`...)
			b = appendJSONString(b, u.Status)
			b = append(b, `,"at":`...)
			if u.At == nil {
				b = append(b, "null"...)
			} else {
				b = appendStamp(b, u.At)
			}
			b = append(b, `,"html":`...)
			b = appendJSONString(b, u.HTML)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if p.Postmortem != "" {
		b = append(b, `,"postmortem":`...)
		b = appendJSONString(b, p.Postmortem)
	}
	b = append(b, `,"month":`...)
	b = appendJSONString(b, p.Month)
	if p.Article {
		b = append(b, `,"article":true`...)
	}
	return append(b, "}}\n"...), nil
}

// appendJSONStrings appends m as encoding/json writes a map: its keys in
// order.
func appendJSONStrings(b []byte, m map[string]string) []byte {
	var few [4]string // a site's languages, mostly without allocating
	keys := few[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = appendJSONString(b, m[k])
	}
	return append(b, '}')
}

func appendStamp(b []byte, s *stamp) []byte {
	b = append(b, `{"utc":`...)
	b = appendJSONString(b, s.UTC)
	b = append(b, `,"text":`...)
	if s.Text == nil {
		b = append(b, "null"...)
	} else {
		b = appendJSONStrings(b, s.Text)
	}
	b = append(b, `,"local":`...)
	b = appendJSONString(b, s.Local)
	b = append(b, `,"zone":`...)
	b = appendJSONString(b, s.Zone)
	return append(b, '}')
}

func appendSpan(b []byte, s *span) []byte {
	b = append(b, `{"seconds":`...)
	b = strconv.AppendInt(b, s.Seconds, 10)
	b = append(b, `,"parts":`...)
	if s.Parts == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, p := range s.Parts {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"n":`...)
			b = strconv.AppendInt(b, p.N, 10)
			b = append(b, `,"unit":`...)
			b = appendJSONString(b, p.Unit)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"key":`...)
	b = appendJSONString(b, s.Key)
	return append(b, '}')
}

// appendJSONString appends s quoted as encoding/json does with HTML
// escaping off (as encode sets it): '"', '\\' and control characters
// escaped, invalid UTF-8 as U+FFFD, U+2028 and U+2029 escaped.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Most bytes are plain: step over a run of them at once.
		for i < len(s) && plainJSON[s[i]] {
			i++
		}
		if i == len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainJSON tells the bytes appendJSONString copies as they are: printable
// ASCII but '"' and '\\'.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
