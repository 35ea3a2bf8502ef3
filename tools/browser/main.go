package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
	"github.com/talkamie/contract/mock/world"
)

func main() {
	browser := flag.String("chromium", "chromium", "the Chromium binary")
	flag.Parse()
	if err := run(*browser); err != nil {
		fmt.Fprintln(os.Stderr, "browser check failed:", err)
		os.Exit(1)
	}
	fmt.Println("all browser checks passed")
}

func run(browser string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base, stop, err := serveMock()
	if err != nil {
		return err
	}
	defer stop()

	c, quit, err := launch(ctx, browser)
	if err != nil {
		return err
	}
	defer quit()
	p, err := c.newPage(ctx)
	if err != nil {
		return err
	}
	checks := []struct {
		name string
		run  func(ctx context.Context, p *page, base string) error
	}{
		{"/docs renders Swagger UI with the contract", checkDocs},
		{"/docs/ws lists the WebSocket actions", checkActions},
		{"checkout page renders, Pay credits the coins and redirects to /checkout/success", checkPay},
		{"checkout page Cancel redirects to /checkout/cancel", checkCancel},
	}
	for _, ch := range checks {
		cctx, ccancel := context.WithTimeout(ctx, 30*time.Second)
		err := ch.run(cctx, p, base)
		ccancel()
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", ch.name, err)
			return fmt.Errorf("%s: %w", ch.name, err)
		}
		fmt.Printf("ok   %s\n", ch.name)
	}
	return nil
}

// serveMock serves the living mock on a loopback port.
func serveMock() (string, func(), error) {
	w, err := world.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: w, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() {
		w.Close()
		_ = srv.Close()
	}, nil
}

// launch starts headless Chromium with a fresh profile and connects to it.
func launch(ctx context.Context, browser string) (*cdp, func(), error) {
	profile, err := os.MkdirTemp("", "browser-check-")
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--remote-debugging-port=0", "about:blank")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("start %s: %w", browser, err)
	}
	quit := func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		_ = os.RemoveAll(profile)
	}
	// Chromium prints "DevTools listening on ws://..." once it is ready.
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if _, url, ok := strings.Cut(sc.Text(), "DevTools listening on "); ok {
				found <- strings.TrimSpace(url)
				break
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	var url string
	select {
	case url = <-found:
	case <-time.After(30 * time.Second):
		quit()
		return nil, nil, errors.New("chromium did not start its DevTools endpoint within 30 s")
	}
	c, err := dialCDP(ctx, url)
	if err != nil {
		quit()
		return nil, nil, err
	}
	return c, func() { c.close(); quit() }, nil
}

// waitFor polls a JavaScript condition until it is true.
func waitFor(ctx context.Context, p *page, cond string) error {
	for {
		var ok bool
		if err := p.eval(ctx, "(() => { try { return !!("+cond+") } catch (e) { return false } })()", &ok); err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			var where string
			_ = p.eval(context.Background(), "location.href", &where)
			return fmt.Errorf("waiting for %s on %s: %w", cond, where, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func checkDocs(ctx context.Context, p *page, base string) error {
	if err := p.navigate(ctx, base+"/docs"); err != nil {
		return err
	}
	if err := waitFor(ctx, p, `document.querySelector('#swagger-ui .info .title') && document.querySelectorAll('.opblock').length > 50`); err != nil {
		return err
	}
	var title string
	if err := p.eval(ctx, `document.querySelector('#swagger-ui .info .title').textContent`, &title); err != nil {
		return err
	}
	if !strings.Contains(title, "Talkamie") {
		return fmt.Errorf("the docs title is %q", title)
	}
	return nil
}

func checkActions(ctx context.Context, p *page, base string) error {
	if err := p.navigate(ctx, base+"/docs/ws"); err != nil {
		return err
	}
	return waitFor(ctx, p, `document.body.innerText.includes('chat.message.send') && document.body.innerText.includes('send-message')`)
}

// session creates a top-up session for Margaret over REST.
func session(ctx context.Context, base string, coins int) (url, txn string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/web/finance/top-up/session", strings.NewReader(fmt.Sprintf(`{"coins":%d}`, coins)))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Authorization", "Bearer tok_margaret_access")
	req.Header.Set("Content-Type", "application/json")
	var out struct {
		Data struct {
			Session     struct{ URL string }
			Transaction struct{ ID string }
		}
	}
	if err := do(req, &out); err != nil {
		return "", "", err
	}
	return out.Data.Session.URL, out.Data.Transaction.ID, nil
}

// transactionStatus reads a transaction over REST.
func transactionStatus(ctx context.Context, base, id string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/v1/finance/transaction/"+id, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer tok_margaret_access")
	var out struct {
		Data struct{ Transaction struct{ Status string } }
	}
	err = do(req, &out)
	return out.Data.Transaction.Status, err
}

func do(req *http.Request, out any) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, resp.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

// checkout opens a session's page in the browser, clicks button and checks
// where the browser lands and the transaction's status.
func checkout(ctx context.Context, p *page, base, button, landing, status string) error {
	url, txn, err := session(ctx, base, 2500)
	if err != nil {
		return err
	}
	if err := p.navigate(ctx, url); err != nil {
		return err
	}
	if err := waitFor(ctx, p, `document.getElementById('pay') && document.getElementById('cancel') && document.getElementById('coins').textContent.includes('2500 TC')`); err != nil {
		return err
	}
	if err := p.eval(ctx, `document.getElementById('`+button+`').click(), true`, new(bool)); err != nil {
		return err
	}
	want := base + "/checkout/" + landing + "?transactionId=" + txn
	if err := waitFor(ctx, p, `location.href === `+quote(want)+` && document.readyState === 'complete' && document.getElementById('result').dataset.status === `+quote(status)); err != nil {
		return err
	}
	got, err := transactionStatus(ctx, base, txn)
	if err != nil {
		return err
	}
	if got != status {
		return fmt.Errorf("transaction %s is %s after %s, want %s", txn, got, button, status)
	}
	return nil
}

func checkPay(ctx context.Context, p *page, base string) error {
	return checkout(ctx, p, base, "pay", "success", "succeeded")
}

func checkCancel(ctx context.Context, p *page, base string) error {
	return checkout(ctx, p, base, "cancel", "cancel", "canceled")
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
