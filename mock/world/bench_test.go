package world_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

// BenchmarkChatMessage measures one chat message over the socket: the
// sender's frame validated and applied, its ack and the recipient's push
// validated and delivered.
func BenchmarkChatMessage(b *testing.B) {
	w, err := world.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(w)
	defer srv.Close()
	defer w.Close()
	ctx := context.Background()
	dial := func(token string) *websocket.Conn {
		ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", nil)
		if err != nil {
			b.Fatal(err)
		}
		_ = ws.Write(ctx, websocket.MessageText, []byte(`{"action":"authenticate","token":"`+token+`"}`))
		if _, _, err := ws.Read(ctx); err != nil {
			b.Fatal(err)
		}
		return ws
	}
	sender, recipient := dial("tok_margaret_access"), dial("tok_daniel_access")
	defer sender.CloseNow()
	defer recipient.CloseNow()
	b.ReportAllocs()
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := range b.N {
		frame := fmt.Sprintf(`{"action":"send-message","chatId":"cht_margaret_daniel","message":{"text":"message %d at %s"}}`, i, time.Now())
		if err := sender.Write(ctx, websocket.MessageText, []byte(frame)); err != nil {
			b.Fatal(err)
		}
		if _, _, err := sender.Read(ctx); err != nil {
			b.Fatal(err)
		}
		if _, _, err := recipient.Read(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	// What the world keeps per message (it stores every message).
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/float64(b.N), "kept-B/msg")
}
