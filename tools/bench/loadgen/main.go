// Command loadgen drives an HTTP server with a fixed Talkamie request mix over
// keep-alive connections and prints throughput and latency percentiles as JSON.
package main

import (
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
	"time"
)

// request is one entry of the mix.
type request struct {
	Method, Path, Body string
}

// mix is the fixed request mix: the web client's most frequent calls, valid
// for every server compared (no empty query values, which Prism rejects).
func mix() []request {
	return []request{
		{"GET", "/auth", ""},
		{"GET", "/users?pageSize=25", ""},
		{"GET", "/user/usr_daniel", ""},
		{"GET", "/chats?pageSize=25", ""},
		{"GET", "/schedules/upcoming?pageSize=25", ""},
		{"GET", "/alerts?pageSize=25", ""},
		{"POST", "/auth/sign-in", `{"email":"margaret.hughes@example.com","password":"Roses-In-September-51"}`},
		{"POST", "/finance/withdraw", `{"coins":1000,"paypal":{"email":"daniel.okafor@example.com"}}`},
	}
}

// result is what loadgen prints.
type result struct {
	Target      string         `json:"target"`
	Connections int            `json:"connections"`
	Rate        float64        `json:"rate,omitempty"`
	Seconds     float64        `json:"seconds"`
	Requests    int            `json:"requests"`
	RPS         float64        `json:"rps"`
	P50ms       float64        `json:"p50_ms"`
	P99ms       float64        `json:"p99_ms"`
	Statuses    map[string]int `json:"statuses"`
	Errors      int            `json:"errors"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	base := fs.String("base", "http://127.0.0.1:4010/v1", "the API base URL")
	conns := fs.Int("c", 64, "concurrent connections")
	dur := fs.Duration("d", 10*time.Second, "duration")
	rate := fs.Float64("rate", 0, "total requests per second, paced over the connections (0: as fast as the server answers)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tr := &http.Transport{MaxIdleConns: *conns, MaxIdleConnsPerHost: *conns, MaxConnsPerHost: *conns, DisableCompression: true}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	reqs := mix()
	// Each request's label ("GET /users") is built once, not per request:
	// the load generator shares the machine with the server it measures.
	labels := make([]string, len(reqs))
	for i, rq := range reqs {
		path, _, _ := strings.Cut(rq.Path, "?")
		labels[i] = rq.Method + " " + path
	}
	// With -rate each connection sends on a fixed schedule, and latency counts
	// from the scheduled time, so a slow answer is not hidden by the requests
	// it delayed (coordinated omission).
	var interval time.Duration
	if *rate > 0 {
		interval = time.Duration(float64(*conns) / *rate * float64(time.Second))
	}
	type outcome struct {
		status int
		req    int // index in reqs
	}
	type local struct {
		lat      []time.Duration
		statuses map[outcome]int
		errs     int
	}
	locals := make([]local, *conns)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range *conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := &locals[c]
			l.statuses = map[outcome]int{}
			next := time.Now()
			if interval > 0 {
				next = next.Add(interval * time.Duration(c) / time.Duration(*conns))
			}
			for i := c; ctx.Err() == nil; i++ {
				k := i % len(reqs)
				rq := reqs[k]
				if interval > 0 {
					if wait := time.Until(next); wait > 0 {
						select {
						case <-ctx.Done():
							return
						case <-time.After(wait):
						}
					}
				}
				r, _ := http.NewRequestWithContext(ctx, rq.Method, *base+rq.Path, strings.NewReader(rq.Body))
				if rq.Body == "" {
					r.Body, r.ContentLength = http.NoBody, 0
				}
				r.Header.Set("Authorization", "Bearer tok_margaret_access")
				r.Header.Set("Content-Type", "application/json")
				r.Header.Set("Accept", "application/json")
				r.Header.Set("x-user-timezone-offset", "-60")
				t0 := time.Now()
				if interval > 0 {
					t0 = next
					next = next.Add(interval)
				}
				resp, err := client.Do(r)
				if err != nil {
					if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
						l.errs++
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				l.lat = append(l.lat, time.Since(t0))
				l.statuses[outcome{resp.StatusCode, k}]++
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := result{Target: *base, Connections: *conns, Rate: *rate, Seconds: elapsed.Seconds(), Statuses: map[string]int{}}
	var all []time.Duration
	for _, l := range locals {
		all = append(all, l.lat...)
		res.Errors += l.errs
		for o, n := range l.statuses {
			res.Statuses[strconv.Itoa(o.status)+" "+labels[o.req]] += n
		}
	}
	slices.Sort(all)
	res.Requests = len(all)
	res.RPS = float64(len(all)) / elapsed.Seconds()
	if len(all) > 0 {
		res.P50ms = ms(all[len(all)*50/100])
		res.P99ms = ms(all[min(len(all)-1, len(all)*99/100)])
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
