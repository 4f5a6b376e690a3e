package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/buoystatus/buoy/generator/status"
)

func incidentPost(t status.NotifyTarget, key string) Post {
	return Post{
		Target: t, Key: key, Thread: "inc-db", Subject: "Database outage: identified",
		Body: "The **primary** ran out of disk. @here <!channel> <b>not html</b>",
		Link: testLink, Site: "Example status", SiteURL: "https://status.example.org/", Language: "en",
		Time: time.Date(2026, 11, 30, 10, 15, 0, 0, time.UTC),
	}
}

// Each chat service receives the post in its own format, in the request
// its API documents.
func TestDeliverChats(t *testing.T) {
	tests := []struct {
		target func(url string) status.NotifyTarget
		answer string
		check  func(t *testing.T, r received)
	}{
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "slack", Type: status.NotifySlack, URL: u + "/services/${HOOK}"}
		}, "ok", func(t *testing.T, r received) {
			want := "*Database outage: identified*\n\nThe *primary* ran out of disk. @\u2060here &lt;!channel&gt; &lt;b&gt;not html&lt;/b&gt;\n\n<" + testLink + ">"
			if r.Method != "POST" || r.Path != "/services/hook-secret-123" || r.Body["text"] != want || r.Body["mrkdwn"] != true {
				t.Errorf("slack request %s %v", r.Path, r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "discord", Type: status.NotifyDiscord, URL: u + "/api/webhooks/1/${HOOK}"}
		}, "", func(t *testing.T, r received) {
			mentions, _ := r.Body["allowed_mentions"].(map[string]any)
			parse, ok := mentions["parse"].([]any)
			content, _ := r.Body["content"].(string)
			if !ok || len(parse) != 0 || len(mentions) != 1 || !strings.HasPrefix(content, "**Database outage\\: identified**\n\nThe **primary** ran out of disk. \\@here \\<\\!channel\\>") {
				t.Errorf("discord body %v", r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "tg", Type: status.NotifyTelegram, URL: u, Token: "${TG}", ChatID: "-10042"}
		}, `{"ok":true,"result":{}}`, func(t *testing.T, r received) {
			preview, _ := r.Body["link_preview_options"].(map[string]any)
			want := "<b>Database outage: identified</b>\n\nThe <b>primary</b> ran out of disk. @\u2060here &lt;!channel&gt; &lt;b&gt;not html&lt;/b&gt;\n\n<a href=\"" + testLink + "\">" + testLink + "</a>"
			if r.Path != "/bot123:tg-secret/sendMessage" || r.Body["chat_id"] != "-10042" || r.Body["parse_mode"] != "HTML" ||
				r.Body["text"] != want || r.Body["disable_web_page_preview"] != true || preview["is_disabled"] != true {
				t.Errorf("telegram request %s %v", r.Path, r.Body)
			}
		}},
		{func(u string) status.NotifyTarget {
			return status.NotifyTarget{ID: "mx", Type: status.NotifyMatrix, URL: u + "/", Token: "${MX}", Room: "${ROOM}"}
		}, `{"event_id":"$x"}`, func(t *testing.T, r received) {
			mentions, ok := r.Body["m.mentions"].(map[string]any)
			if r.Method != "PUT" || r.Path != "/_matrix/client/v3/rooms/%21room:m.example/send/m.room.message/buoy-post-upd-1" ||
				r.Header.Get("Authorization") != "Bearer mx-secret" || r.Body["msgtype"] != "m.text" ||
				r.Body["format"] != "org.matrix.custom.html" || !ok || len(mentions) != 0 ||
				r.Body["formatted_body"] != "<p><strong>Database outage: identified</strong></p>\n<p>The <strong>primary</strong> ran out of disk. @here &lt;!channel&gt; &lt;b&gt;not html&lt;/b&gt;</p>\n<p><a href=\""+testLink+"\">"+testLink+"</a></p>" ||
				r.Body["body"] != "Database outage: identified\n\nThe primary ran out of disk. @here <!channel> <b>not html</b>\n\n"+testLink {
				t.Errorf("matrix request %s %s %v %v", r.Method, r.Path, r.Header, r.Body)
			}
		}},
	}
	for _, tt := range tests {
		rec := newReceiver(t, always(200), tt.answer)
		target := tt.target(rec.URL)
		t.Run(string(target.Type), func(t *testing.T) {
			res := sender().Deliver(context.Background(), []Post{incidentPost(target, "upd-1")})
			if res[0].Err != nil || res[0].Attempts != 1 {
				t.Fatalf("delivery: %v after %d attempts", res[0].Err, res[0].Attempts)
			}
			got := rec.requests()
			if len(got) != 1 {
				t.Fatalf("%d requests", len(got))
			}
			tt.check(t, got[0])
		})
	}
}

// A retried Matrix send repeats its transaction id, so the room gets the
// message once.
func TestMatrixRetrySameTransaction(t *testing.T) {
	rec := newReceiver(t, func(n int) int { return map[bool]int{true: 502, false: 200}[n == 1] }, `{}`)
	mx := status.NotifyTarget{ID: "mx", Type: status.NotifyMatrix, URL: rec.URL, Token: "${MX}", Room: "!r:m.example"}
	res := sender().Deliver(context.Background(), []Post{incidentPost(mx, "upd-2")})
	got := rec.requests()
	if res[0].Err != nil || res[0].Attempts != 2 || len(got) != 2 || got[0].Path != got[1].Path || !strings.HasSuffix(got[0].Path, "/buoy-post-upd-2") {
		t.Errorf("%+v, requests %v", res[0], got)
	}
}
