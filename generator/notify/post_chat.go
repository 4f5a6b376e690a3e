package notify

import "unicode/utf16"

// matrixLimit bounds a Matrix message's body and formatted_body each, in
// bytes, well inside the 64 KiB a Matrix event may take.
const matrixLimit = 16000

// rendered is a post written in one format, cut to fit its channel.
func rendered(p Post, f textFormat, fits func(string) bool) (string, error) {
	subject, body, err := cutToFit(plainSubject(p.Subject), parseBody(p.Body, p.Link), func(s string, b []block) bool {
		return fits(f.render(s, b, p.Link))
	})
	if err != nil {
		return "", err
	}
	return f.render(subject, body, p.Link), nil
}

// utf16Len counts s as JavaScript and Telegram do.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	return n
}

func within(limit int) func(string) bool {
	return func(s string) bool { return utf16Len(s) <= limit }
}

// matrixMessage is a post's plain body and HTML formatted_body, cut at
// the same word.
func matrixMessage(p Post) (plain, formatted string, err error) {
	pf, hf := plainFormat(false), htmlFormat(true)
	subject, body, err := cutToFit(plainSubject(p.Subject), parseBody(p.Body, p.Link), func(s string, b []block) bool {
		return len(pf.render(s, b, p.Link)) <= matrixLimit && len(hf.render(s, b, p.Link)) <= matrixLimit
	})
	if err != nil {
		return "", "", err
	}
	return pf.render(subject, body, p.Link), hf.render(subject, body, p.Link), nil
}
