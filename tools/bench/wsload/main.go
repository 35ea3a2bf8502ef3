package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "wsload:", err)
		os.Exit(1)
	}
}

type options struct {
	url      string
	clients  int
	duration time.Duration
	interval time.Duration
	setup    int
}

func run() error {
	var o options
	flag.StringVar(&o.url, "url", "http://127.0.0.1:4010", "the living mock (contract mock, stateful)")
	flag.IntVar(&o.clients, "clients", 1000, "sockets (users), paired into chats; even")
	flag.DurationVar(&o.duration, "duration", 60*time.Second, "how long the chat traffic runs")
	flag.DurationVar(&o.interval, "interval", time.Second, "how often each socket sends a message")
	flag.IntVar(&o.setup, "setup-concurrency", 32, "parallel REST calls while setting up")
	flag.Parse()
	if o.clients < 2 || o.clients%2 != 0 {
		return errors.New("-clients must be an even number of at least 2")
	}
	ctx := context.Background()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.setup}, Timeout: 30 * time.Second}

	if err := call(ctx, hc, http.MethodPost, o.url+"/__mock/reset", "", nil); err != nil {
		return fmt.Errorf("reset (is the mock stateful?): %w", err)
	}
	start := time.Now()
	users, err := setup(ctx, hc, o)
	if err != nil {
		return err
	}
	setupTime := time.Since(start)
	before, err := serverStats(ctx, hc, o.url)
	if err != nil {
		return err
	}

	r := &results{latencies: make([][]time.Duration, o.clients)}
	conns := make([]*client, o.clients)
	dialStart := time.Now()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	var dialErr atomic.Value
	for i := range users {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			c, err := dial(ctx, o.url, users[i], i, r)
			if err != nil {
				dialErr.Store(err)
				return
			}
			conns[i] = c
		}()
	}
	wg.Wait()
	if err, _ := dialErr.Load().(error); err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	dialTime := time.Since(dialStart)
	peak, err := serverStats(ctx, hc, o.url)
	if err != nil {
		return err
	}

	trafficCtx, stop := context.WithTimeout(ctx, o.duration)
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.talk(trafficCtx, o.interval, time.Duration(i)*o.interval/time.Duration(o.clients))
		}()
	}
	wg.Wait()
	stop()
	time.Sleep(2 * time.Second) // the last pushes land
	during, err := serverStats(ctx, hc, o.url)
	if err != nil {
		return err
	}
	dropped := 0
	for _, c := range conns {
		if c.failed.Load() {
			dropped++
		}
		c.close()
	}
	after := waitBaseline(ctx, hc, o.url, before)
	if err := call(ctx, hc, http.MethodPost, o.url+"/__mock/reset", "", nil); err != nil {
		return err
	}
	reset, err := serverStats(ctx, hc, o.url)
	if err != nil {
		return err
	}
	report(o, r, conns, dropped, setupTime, dialTime, before, peak, during, after, reset)
	if dropped > 0 {
		return fmt.Errorf("%d healthy connections were dropped", dropped)
	}
	return nil
}

// user is a signed-up user and their chat.
type user struct {
	id, token, chat string
}

// setup signs up the users and opens an accepted chat for each pair.
func setup(ctx context.Context, hc *http.Client, o options) ([]user, error) {
	users := make([]user, o.clients)
	err := parallel(o.clients, o.setup, func(i int) error {
		body := fmt.Sprintf(`{"name":"Load %d","email":"load%d@example.com","password":"load-test-%d","type":"%s"}`, i, i, i, []string{"senior", "volunteer"}[i%2])
		var out struct {
			Data struct {
				User   struct{ ID string }
				Tokens struct{ Access string }
			}
		}
		if err := call(ctx, hc, http.MethodPost, o.url+"/v1/auth/sign-up", body, &out); err != nil {
			return err
		}
		users[i] = user{id: out.Data.User.ID, token: out.Data.Tokens.Access}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sign up: %w", err)
	}
	err = parallel(o.clients/2, o.setup, func(p int) error {
		a, b := &users[2*p], &users[2*p+1]
		var out struct {
			Data struct{ Chat struct{ ID string } }
		}
		if err := callAs(ctx, hc, b.token, http.MethodPost, o.url+"/v1/user/"+a.id+"/message/request", `{"text":"Hello, shall we chat?"}`, &out); err != nil {
			return err
		}
		if err := callAs(ctx, hc, a.token, http.MethodPost, o.url+"/v1/user/"+b.id+"/message/request/accept", "", nil); err != nil {
			return err
		}
		a.chat, b.chat = out.Data.Chat.ID, out.Data.Chat.ID
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open chats: %w", err)
	}
	return users, nil
}

func parallel(n, width int, f func(i int) error) error {
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, width)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			if err := f(i); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

// call sends a JSON request and decodes a 2xx answer into out (when not
// nil); any other status is an error naming the answer.
func call(ctx context.Context, hc *http.Client, method, url, body string, out any) error {
	return callAs(ctx, hc, "", method, url, body, out)
}

func callAs(ctx context.Context, hc *http.Client, token, method, url, body string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, bytes.TrimSpace(data))
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// stats are the mock's runtime figures from /__mock/state.
type stats struct {
	Goroutines     int
	HeapInuseBytes uint64
	Connections    int
}

func serverStats(ctx context.Context, hc *http.Client, url string) (stats, error) {
	var out struct {
		Data struct {
			Runtime struct {
				Goroutines     int    `json:"goroutines"`
				HeapInuseBytes uint64 `json:"heapInuseBytes"`
			} `json:"runtime"`
			Online struct {
				Connections int `json:"connections"`
			} `json:"online"`
		} `json:"data"`
	}
	if err := call(ctx, hc, http.MethodGet, url+"/__mock/state?gc=true", "", &out); err != nil {
		return stats{}, err
	}
	return stats{Goroutines: out.Data.Runtime.Goroutines, HeapInuseBytes: out.Data.Runtime.HeapInuseBytes, Connections: out.Data.Online.Connections}, nil
}

// waitBaseline polls the mock until its goroutines are back to the baseline
// (10 s at most) and returns the last figures.
func waitBaseline(ctx context.Context, hc *http.Client, url string, base stats) stats {
	var s stats
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var err error
		if s, err = serverStats(ctx, hc, url); err == nil && s.Goroutines <= base.Goroutines && s.Connections == 0 {
			break
		}
	}
	return s
}

// results collects the push latencies, one slice per receiving client.
type results struct {
	latencies [][]time.Duration
	sent      atomic.Int64
	acked     atomic.Int64
	pushed    atomic.Int64
	errors    atomic.Int64
}

// client is one authenticated socket.
type client struct {
	ws     *websocket.Conn
	u      user
	idx    int
	r      *results
	failed atomic.Bool
	done   chan struct{}
}

func dial(ctx context.Context, base string, u user, idx int, r *results) (*client, error) {
	dctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(dctx, "ws"+strings.TrimPrefix(base, "http")+"/ws", nil)
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(1 << 20)
	c := &client{ws: ws, u: u, idx: idx, r: r, done: make(chan struct{})}
	if err := ws.Write(dctx, websocket.MessageText, []byte(`{"action":"authenticate","token":"`+u.token+`"}`)); err != nil {
		return nil, err
	}
	_, data, err := ws.Read(dctx)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(data, []byte(`"success":true`)) {
		return nil, fmt.Errorf("authenticate %s: %s", u.id, data)
	}
	go c.read()
	return c, nil
}

// read consumes frames: acks are counted, pushes give a latency sample.
func (c *client) read() {
	defer close(c.done)
	for {
		_, data, err := c.ws.Read(context.Background())
		if err != nil {
			return
		}
		var f struct {
			Action  string `json:"action"`
			Success bool   `json:"success"`
			Data    struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			} `json:"data"`
		}
		if json.Unmarshal(data, &f) != nil || !f.Success {
			c.r.errors.Add(1)
			continue
		}
		switch f.Action {
		case "send-message":
			c.r.acked.Add(1)
		case "new-message":
			c.r.pushed.Add(1)
			if ns, err := strconv.ParseInt(strings.TrimPrefix(f.Data.Message.Text, "t="), 10, 64); err == nil {
				c.r.latencies[c.idx] = append(c.r.latencies[c.idx], time.Since(time.Unix(0, ns)))
			}
		}
	}
}

// talk sends a message every interval until ctx ends.
func (c *client) talk(ctx context.Context, interval, offset time.Duration) {
	select {
	case <-time.After(offset):
	case <-ctx.Done():
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		frame := `{"action":"send-message","chatId":"` + c.u.chat + `","message":{"text":"t=` + strconv.FormatInt(time.Now().UnixNano(), 10) + `"}}`
		wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := c.ws.Write(wctx, websocket.MessageText, []byte(frame))
		cancel()
		if err != nil {
			c.failed.Store(true)
			return
		}
		c.r.sent.Add(1)
		select {
		case <-ctx.Done():
			return
		case <-c.done:
			c.failed.Store(true)
			return
		case <-t.C:
		}
	}
}

func (c *client) close() {
	_ = c.ws.Close(websocket.StatusNormalClosure, "done")
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		_ = c.ws.CloseNow()
		<-c.done // the reader stops appending latencies before the report reads them
	}
}

func report(o options, r *results, conns []*client, dropped int, setupTime, dialTime time.Duration, before, peak, during, after, reset stats) {
	var all []time.Duration
	for _, l := range r.latencies {
		all = append(all, l...)
	}
	slices.Sort(all)
	q := func(p float64) time.Duration {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))].Round(10 * time.Microsecond)
	}
	mb := func(b uint64) string { return fmt.Sprintf("%.1f MB", float64(b)/(1<<20)) }
	fmt.Printf("| figure | value |\n|---|---|\n")
	fmt.Printf("| sockets (authenticated, one per user, %d chats) | %d |\n", len(conns)/2, len(conns))
	fmt.Printf("| setup: sign-ups + message requests + accepts over REST | %s |\n", setupTime.Round(time.Millisecond))
	fmt.Printf("| dial + authenticate all sockets | %s |\n", dialTime.Round(time.Millisecond))
	fmt.Printf("| chat traffic | %s, one message per socket every %s |\n", o.duration, o.interval)
	fmt.Printf("| messages sent / acked / pushed | %d / %d / %d |\n", r.sent.Load(), r.acked.Load(), r.pushed.Load())
	fmt.Printf("| error frames | %d |\n", r.errors.Load())
	fmt.Printf("| healthy connections dropped | %d |\n", dropped)
	fmt.Printf("| push latency p50 / p90 / p99 / max | %s / %s / %s / %s |\n", q(0.50), q(0.90), q(0.99), q(1))
	fmt.Printf("| mock goroutines: before sockets / connected / after they left | %d / %d / %d |\n", before.Goroutines, peak.Goroutines, after.Goroutines)
	fmt.Printf("| mock heap in use (after GC): before sockets / connected / end of traffic / after they left / after /__mock/reset | %s / %s / %s / %s / %s |\n",
		mb(before.HeapInuseBytes), mb(peak.HeapInuseBytes), mb(during.HeapInuseBytes), mb(after.HeapInuseBytes), mb(reset.HeapInuseBytes))
}
