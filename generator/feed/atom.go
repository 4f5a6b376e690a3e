package feed

import "github.com/gorilla/feeds"

// atomDoc adds to gorilla's Atom feed what a reader needs to subscribe
// correctly and that gorilla cannot express: a rel="self" link (the feed's
// own URL, next to the rel="alternate" one of its page), the language, and
// a base URL against which relative links in item content resolve.
//
// Links comes before the embedded feed's fields so that the links are
// written among the feed metadata, which RFC 4287 requires before the first
// entry; the embedded single Link is left nil and the alternate link goes
// in Links too. The embedded feed's XMLName names the root element.
type atomDoc struct {
	Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Base  string `xml:"http://www.w3.org/XML/1998/namespace base,attr,omitempty"`
	Links []feeds.AtomLink
	*feeds.AtomFeed
}

// FeedXml implements feeds.XmlFeed.
func (a *atomDoc) FeedXml() interface{} { return a }
