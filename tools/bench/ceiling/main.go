// Command ceiling serves the Talkamie contract's default example bytes from a
// bare Echo v5 router, with no validation: the throughput ceiling the mock is
// compared with.
package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/labstack/echo/v5"

	"github.com/talkamie/contract/gen"
	"github.com/talkamie/contract/mock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	addr := "127.0.0.1:4012"
	if len(args) > 0 {
		addr = args[0]
	}
	m, err := mock.New(mock.Spec{OpenAPI: gen.OpenAPI, AsyncAPI: gen.AsyncAPI})
	if err != nil {
		return err
	}
	e := echo.New()
	seen := map[string]bool{}
	for _, ex := range m.Examples() {
		key := ex.Operation.Method + " " + ex.Operation.Path
		if seen[key] {
			continue // the first example is the default answer
		}
		seen[key] = true
		status, body := ex.Status, ex.Body
		path := echoPath(ex.Operation.Path)
		e.Add(ex.Operation.Method, path, func(c *echo.Context) error {
			if len(body) == 0 {
				return c.NoContent(status)
			}
			return c.Blob(status, "application/json", body)
		})
	}
	e.GET("/healthz", func(c *echo.Context) error { return c.String(http.StatusOK, "ok") })
	srv := &http.Server{Addr: addr, Handler: e, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// echoPath turns /user/{userId} into /user/:userId.
func echoPath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(segs, "/")
}
