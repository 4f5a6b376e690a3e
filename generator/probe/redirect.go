package probe

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// errPlainRedirect refuses a redirect from https to http: following it
// would send the request, headers and all, in clear text.
var errPlainRedirect = errors.New("redirect to plain http")

// credentialHeaders carry credentials whatever their value; they go to
// the origin the probe names and to no other.
var credentialHeaders = []string{"Authorization", "Cookie", "Proxy-Authorization"}

// guardRedirect decides what of a probe's request follows a redirect. Go
// copies the first request's headers onto the next and strips only
// Authorization and Cookie, and only for another domain: a header holding
// a ${VAR} would go to whatever host the target names. So a redirect to
// another origin (scheme, host or port) loses every header whose
// configured value holds a ${VAR} (secretHeaders) and every credential
// header; a redirect from https to http is refused.
func guardRedirect(next *http.Request, via []*http.Request, secretHeaders []string) error {
	prev := via[len(via)-1]
	if strings.EqualFold(prev.URL.Scheme, "https") && !strings.EqualFold(next.URL.Scheme, "https") {
		return errPlainRedirect
	}
	if sameOrigin(via[0].URL, next.URL) {
		return nil
	}
	for _, k := range secretHeaders {
		next.Header.Del(k)
	}
	for _, k := range credentialHeaders {
		next.Header.Del(k)
	}
	return nil
}

// sameOrigin compares scheme, host and port, the port defaulting by
// scheme.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}
