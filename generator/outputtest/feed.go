package outputtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// JSONFeed checks what JSON Feed 1.1 requires: version, title and items
// (an array even when empty); each item an id and content_html or
// content_text; URLs absolute, dates RFC 3339.
func JSONFeed(b []byte) error {
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	if f["version"] != "https://jsonfeed.org/version/1.1" {
		return fmt.Errorf("version = %v", f["version"])
	}
	if title, _ := f["title"].(string); title == "" {
		return fmt.Errorf("no title")
	}
	for _, key := range []string{"home_page_url", "feed_url"} {
		if u, _ := f[key].(string); !strings.HasPrefix(u, "https://") {
			return fmt.Errorf("%s = %v, want an absolute URL", key, f[key])
		}
	}
	items, ok := f["items"].([]any)
	if !ok {
		return fmt.Errorf("items is %T, want an array (even when empty)", f["items"])
	}
	for i, raw := range items {
		it, _ := raw.(map[string]any)
		if id, _ := it["id"].(string); id == "" {
			return fmt.Errorf("item %d: no id", i)
		}
		html, _ := it["content_html"].(string)
		text, _ := it["content_text"].(string)
		if html == "" && text == "" {
			return fmt.Errorf("item %d: neither content_html nor content_text", i)
		}
		for _, key := range []string{"date_published", "date_modified"} {
			if s, ok := it[key].(string); ok {
				if _, err := time.Parse(time.RFC3339, s); err != nil {
					return fmt.Errorf("item %d: %s: %v", i, key, err)
				}
			}
		}
	}
	return nil
}
