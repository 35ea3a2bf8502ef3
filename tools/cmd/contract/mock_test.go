package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer collects the mock's log lines; the server writes while the test
// reads.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mockRun is one `contract mock` running in the test's process.
type mockRun struct {
	url    string // http://127.0.0.1:<port>, without the base path
	log    *logBuffer
	cancel context.CancelFunc // Ctrl-C
	done   chan error         // what run returned
}

// servingURL reads the root URL from the start-up line's docs address.
var servingURL = regexp.MustCompile(`msg="mock serving" url=\S+ docs=(http://\S+)/docs/`)

// startMock runs `contract mock --port 0 args...` and waits until it serves;
// the test's end stops it.
func startMock(t *testing.T, args ...string) *mockRun {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	mr := &mockRun{log: &logBuffer{}, cancel: cancel, done: make(chan error, 1)}
	var stderr logBuffer
	go func() {
		mr.done <- run(ctx, append([]string{"mock", "--port", "0"}, args...), mr.log, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-mr.done:
		case <-time.After(10 * time.Second):
			t.Error("the mock did not stop within 10 s")
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := servingURL.FindStringSubmatch(mr.log.String()); m != nil {
			mr.url = m[1]
			return mr
		}
		select {
		case err := <-mr.done:
			t.Fatalf("the mock stopped before serving: %v\nlog:\n%s\nstderr:\n%s", err, mr.log, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatalf("the mock did not start serving; log:\n%s", mr.log)
	return nil
}

// get sends a GET with headers (name, value pairs) and returns status and body.
func (mr *mockRun) get(t *testing.T, path string, headers ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, mr.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitUntil polls cond every 20 ms for up to 15 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// requestLine matches the log line of one request.
var requestLine = regexp.MustCompile(`(?m)^time=\S+ level=INFO msg=request method=(\S+) path=(\S+) status=(\d+) example=(\S*) duration=(\S+)$`)

// loggedRequests returns the method, path, status, example and duration of
// every request line of the log.
func loggedRequests(log string) [][]string {
	var out [][]string
	for _, m := range requestLine.FindAllStringSubmatch(log, -1) {
		if ex, err := strconv.Unquote(m[4]); err == nil {
			m[4] = ex // slog quotes an empty value
		}
		out = append(out, m[1:])
	}
	return out
}

func TestMockServesAndLogs(t *testing.T) {
	mr := startMock(t, "--stateless") // the replay mock; the stateful default is tested in mock_world_test.go
	tests := []struct {
		name, path string
		headers    []string
		status     int
		example    string
		contains   string
	}{
		{name: "health", path: "/healthz", status: http.StatusOK, example: "docs", contains: "ok"},
		{name: "default example", path: "/v1/user/usr_daniel", headers: []string{"Authorization", "Bearer tok_margaret_access"}, status: http.StatusOK, example: "daniel", contains: `"usr_daniel"`},
		{name: "preferred example", path: "/v1/user/usr_priya", headers: []string{"Authorization", "Bearer tok_margaret_access", "Prefer", "example=priya"}, status: http.StatusOK, example: "priya", contains: `"usr_priya"`},
		{name: "preferred status", path: "/v1/user/usr_nobody", headers: []string{"Authorization", "Bearer tok_margaret_access", "Prefer", "code=404"}, status: http.StatusNotFound, example: "notFound", contains: `"success":false`},
		{name: "no token", path: "/v1/user/usr_daniel", headers: []string{"Authorization", "Bearer undefined"}, status: http.StatusUnauthorized, contains: `"header.Authorization"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(loggedRequests(mr.log.String()))
			status, body := mr.get(t, tt.path, tt.headers...)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body %s does not contain %s", body, tt.contains)
			}
			var lines [][]string
			waitUntil(t, "the request is logged", func() bool {
				lines = loggedRequests(mr.log.String())
				return len(lines) > before
			})
			if len(lines) != before+1 {
				t.Fatalf("%d request lines for one request:\n%s", len(lines)-before, mr.log)
			}
			got := lines[before]
			if got[0] != http.MethodGet || got[1] != tt.path || got[2] != strconv.Itoa(tt.status) || got[3] != tt.example {
				t.Errorf("logged %q, want GET %s %d example %q", got, tt.path, tt.status, tt.example)
			}
			if _, err := time.ParseDuration(got[4]); err != nil {
				t.Errorf("logged duration %q: %v", got[4], err)
			}
		})
	}
}

func TestMockLatency(t *testing.T) {
	mr := startMock(t, "--latency", "20ms..40ms")
	for i := range 5 {
		start := time.Now()
		status, body := mr.get(t, "/v1/interests", "Authorization", "Bearer tok_margaret_access")
		took := time.Since(start)
		if status != http.StatusOK {
			t.Fatalf("request %d: status %d: %s", i, status, body)
		}
		if took < 20*time.Millisecond {
			t.Errorf("request %d answered in %v, before the 20ms minimum", i, took)
		}
	}
	var lines [][]string
	waitUntil(t, "the requests are logged", func() bool {
		lines = loggedRequests(mr.log.String())
		return len(lines) >= 5
	})
	for _, l := range lines {
		d, err := time.ParseDuration(l[4])
		if err != nil {
			t.Fatal(err)
		}
		// The upper bound only catches a wrong unit: the machine may be slow.
		if d < 20*time.Millisecond || d > 2*time.Second {
			t.Errorf("logged duration %v outside 20ms..40ms (plus serving time)", d)
		}
	}
}

func TestMockLatencyFlag(t *testing.T) {
	tests := []struct {
		in      string
		lo, hi  time.Duration
		wantErr bool
	}{
		{in: "20ms..40ms", lo: 20 * time.Millisecond, hi: 40 * time.Millisecond},
		{in: "50ms", lo: 50 * time.Millisecond, hi: 50 * time.Millisecond},
		{in: " 1s .. 2s ", lo: time.Second, hi: 2 * time.Second},
		{in: "40ms..20ms", wantErr: true},
		{in: "fast", wantErr: true},
		{in: "10ms..soon", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			lo, hi, err := parseLatency(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want error %t", err, tt.wantErr)
			}
			if !tt.wantErr && (lo != tt.lo || hi != tt.hi) {
				t.Errorf("got %v..%v, want %v..%v", lo, hi, tt.lo, tt.hi)
			}
		})
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"mock", "--port", "0", "--latency", "slow"}, &stdout, &stderr); err == nil || !strings.Contains(err.Error(), "--latency") {
		t.Errorf("a bad --latency: error %v, want one naming the flag", err)
	}
}

func TestMockSeed(t *testing.T) {
	dynamic := func(t *testing.T, mr *mockRun) string {
		t.Helper()
		status, body := mr.get(t, "/v1/user/usr_daniel", "Authorization", "Bearer tok_margaret_access", "Prefer", "dynamic=true")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		return body
	}
	a, b, other := startMock(t, "--stateless", "--seed", "42"), startMock(t, "--stateless", "--seed", "42"), startMock(t, "--stateless", "--seed", "43")
	first := dynamic(t, a)
	if again := dynamic(t, a); again != first {
		t.Errorf("the same mock answered the same request differently:\n%s\n%s", first, again)
	}
	if same := dynamic(t, b); same != first {
		t.Errorf("two mocks with --seed 42 answered differently:\n%s\n%s", first, same)
	}
	if diff := dynamic(t, other); diff == first {
		t.Errorf("--seed 43 answered like --seed 42: %s", diff)
	}
	if _, body := a.get(t, "/v1/user/usr_daniel", "Authorization", "Bearer tok_margaret_access"); body == first {
		t.Errorf("the default answer is the generated one: %s", body)
	}
	waitUntil(t, "the dynamic answer is logged", func() bool {
		return strings.Contains(a.log.String(), "example=dynamic")
	})
}

func TestMockShutdown(t *testing.T) {
	mr := startMock(t)
	if status, _ := mr.get(t, "/healthz"); status != http.StatusOK {
		t.Fatalf("healthz: %d", status)
	}
	mr.cancel()
	select {
	case err := <-mr.done:
		if err != nil {
			t.Fatalf("run after Ctrl-C: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the mock did not stop within 10 s of Ctrl-C")
	}
	mr.done <- nil // for the cleanup
	if !strings.Contains(mr.log.String(), `msg="mock stopped"`) {
		t.Errorf("no stop line in the log:\n%s", mr.log)
	}
	if resp, err := http.Get(mr.url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("the mock still answers after Ctrl-C: %d", resp.StatusCode)
	}
}

// copyMockFixture copies testdata/mockdir (a one-operation contract) into a
// temporary directory.
func copyMockFixture(t *testing.T) string {
	t.Helper()
	src := filepath.Join("testdata", "mockdir")
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), raw, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// editMockFixture replaces old with new in a file of dir, which must contain it.
func editMockFixture(t *testing.T, dir, name, old, new string) {
	t.Helper()
	p := filepath.Join(dir, name)
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte(old)) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	if err := os.WriteFile(p, bytes.Replace(raw, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestMockReloadsDir(t *testing.T) {
	dir := copyMockFixture(t)
	mr := startMock(t, "--dir", dir)
	greeting := func() string {
		t.Helper()
		status, body := mr.get(t, "/v1/greeting")
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		return body
	}
	if got := greeting(); got != `{"count":1,"text":"good morning"}` {
		t.Fatalf("before any change: %s", got)
	}

	t.Run("a changed example is served", func(t *testing.T) {
		editMockFixture(t, dir, "spec/openapi.yaml", "text: good morning", "text: good afternoon")
		waitUntil(t, "the new example is served", func() bool { return strings.Contains(greeting(), "good afternoon") })
		waitUntil(t, "the reload is logged", func() bool { return strings.Contains(mr.log.String(), `msg="contract reloaded"`) })
	})

	t.Run("a broken contract keeps the previous one", func(t *testing.T) {
		editMockFixture(t, dir, "spec/openapi.yaml", "count: 1", "count: 0")
		waitUntil(t, "the reload fails", func() bool { return strings.Contains(mr.log.String(), `msg="reload failed`) })
		log := mr.log.String()
		for _, want := range []string{"spec/openapi.yaml:", "example-invalid"} {
			if !strings.Contains(log, want) {
				t.Errorf("the reload error does not name %q:\n%s", want, log)
			}
		}
		if got := greeting(); got != `{"count":1,"text":"good afternoon"}` {
			t.Errorf("after a failed reload: %s, want the previous contract's example", got)
		}
	})

	t.Run("a repaired contract is served again", func(t *testing.T) {
		editMockFixture(t, dir, "spec/openapi.yaml", "count: 0", "count: 3")
		waitUntil(t, "the repaired example is served", func() bool { return strings.Contains(greeting(), `"count":3`) })
	})
}

func TestMockRefusesABrokenDir(t *testing.T) {
	dir := copyMockFixture(t)
	editMockFixture(t, dir, "spec/openapi.yaml", "count: 1", `count: "one"`)
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"mock", "--port", "0", "--dir", dir}, &stdout, &stderr)
	if err == nil {
		t.Fatal("the mock started on a contract with an invalid example")
	}
	for _, want := range []string{"spec/openapi.yaml:", "example-invalid"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not name %q: %v", want, err)
		}
	}
}
