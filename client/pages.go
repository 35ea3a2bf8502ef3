package client

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"

	"github.com/talkamie/contract/gen/models"
)

// Page is one page of a paged list.
type Page[T any] struct {
	// Items are the page's entries, in the server's order.
	Items []T
	// NextKey is the page's `pagination.lastEvaluatedKey`, JSON-encoded as the
	// next request's `lastEvaluatedKey` query parameter expects it; empty on the
	// last page.
	NextKey string
	// TotalItems is `pagination.totalItems`, when the server sends it.
	TotalItems *int
}

// More reports whether another page follows.
func (p *Page[T]) More() bool { return p.NextKey != "" }

// newPage builds a Page from a decoded list and the envelope's pagination.
func newPage[T any](op string, items []T, pg *models.Pagination) (*Page[T], error) {
	p := &Page[T]{Items: items}
	if pg == nil {
		return p, nil
	}
	p.TotalItems = pg.TotalItems
	if pg.LastEvaluatedKey != nil && *pg.LastEvaluatedKey != nil {
		key, err := json.Marshal(*pg.LastEvaluatedKey)
		if err != nil {
			return nil, fmt.Errorf("%s: %w: lastEvaluatedKey: %v", op, ErrUnexpectedResponse, err)
		}
		p.NextKey = string(key)
	}
	return p, nil
}

// list performs a request whose `data` is a bare array.
func list[T any](ctx context.Context, c *Client, op string, do send) (*Page[T], error) {
	env, err := c.exchange(ctx, op, do)
	if err != nil {
		return nil, err
	}
	var items []T
	if len(env.Data) > 0 {
		if err := json.Unmarshal(env.Data, &items); err != nil {
			return nil, fmt.Errorf("%s: %w: data: %v", op, ErrUnexpectedResponse, err)
		}
	}
	return newPage(op, items, env.Pagination)
}

// listIn performs a request whose `data` is an object D holding the page's
// items, which items picks out.
func listIn[D, T any](ctx context.Context, c *Client, op string, do send, items func(*D) []T) (*D, *Page[T], error) {
	env, err := c.exchange(ctx, op, do)
	if err != nil {
		return nil, nil, err
	}
	d, err := decodeData[D](op, env.Data)
	if err != nil {
		return nil, nil, err
	}
	p, err := newPage(op, items(d), env.Pagination)
	return d, p, err
}

// each iterates over every item of a paged list: it fetches the first page
// with params (nil for none), then the next ones with the previous page's key,
// until a page has no key. It yields the error that stops it, if any, as its
// last pair. key returns where params keep the cursor.
func each[P, T any](ctx context.Context, params *P, key func(*P) **models.LastEvaluatedKey,
	fetch func(context.Context, *P) (*Page[T], error),
) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var p P
		if params != nil {
			p = *params
		}
		seen := map[string]bool{}
		for {
			page, err := fetch(ctx, &p)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if !page.More() {
				return
			}
			if seen[page.NextKey] {
				var zero T
				yield(zero, fmt.Errorf("%w: the server returned the lastEvaluatedKey %s twice", ErrUnexpectedResponse, page.NextKey))
				return
			}
			seen[page.NextKey] = true
			next := page.NextKey
			*key(&p) = &next
		}
	}
}
