// Package secrettest gives the forms a secret takes when a server, a
// library or an error message writes it back: every form the tests of
// secret's scrubber, of the probes and of the alert channels expect to be
// gone from what buoy prints or stores.
//
// Only tests import it.
package secrettest

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Echoes are the ways a server or library was seen, or may be expected,
// to write the secret v back, by name.
func Echoes(v string) map[string]string {
	j, _ := json.Marshal(v)
	var allU, allUpperU strings.Builder
	for _, u := range utf16.Encode([]rune(v)) {
		fmt.Fprintf(&allU, `\u%04x`, u)
		fmt.Fprintf(&allUpperU, `\u%04X`, u)
	}
	var allPct strings.Builder
	for _, b := range []byte(v) {
		fmt.Fprintf(&allPct, "%%%02x", b)
	}
	b64 := base64.StdEncoding.EncodeToString
	return map[string]string{
		"plain":            v,
		"upper":            strings.ToUpper(v),
		"lower":            strings.ToLower(v),
		"query":            url.QueryEscape(v),
		"path":             url.PathEscape(v),
		"every byte %xx":   allPct.String(),
		"every byte %XX":   strings.ToUpper(allPct.String()),
		"double escaped":   url.QueryEscape(url.QueryEscape(v)),
		"json":             string(j),
		"json \\u all":     allU.String(),
		"json \\U all":     allUpperU.String(),
		"go %q":            strconv.Quote(v),
		"go %+q":           strconv.QuoteToASCII(v),
		"go %q of json":    strconv.Quote(allU.String()),
		"html":             html.EscapeString(v),
		"hex":              hex.EncodeToString([]byte(v)),
		"HEX":              strings.ToUpper(hex.EncodeToString([]byte(v))),
		"base64 std":       b64([]byte(v)),
		"base64 raw":       base64.RawStdEncoding.EncodeToString([]byte(v)),
		"base64 url":       base64.URLEncoding.EncodeToString([]byte(v)),
		"base64 raw url":   base64.RawURLEncoding.EncodeToString([]byte(v)),
		"basic auth":       "Basic " + b64([]byte("user:"+v)),
		"base64 offset 1":  b64([]byte("x" + v + "yz")),
		"base64 offset 2":  b64([]byte("ab" + v + "cd")),
		"base64url offset": base64.RawURLEncoding.EncodeToString([]byte("x" + v)),
	}
}
