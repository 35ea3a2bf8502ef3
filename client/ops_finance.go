package client

// Operations on finance, uploads and verification (finance, signed-urls, verification).

import (
	"context"
	"iter"
	"net/http"

	"github.com/talkamie/contract/gen/models"
)

// ListTransactions calls GET /finance/transactions (transactions - all). It returns one page;
// Transactions iterates over all of them.
func (c *Client) ListTransactions(ctx context.Context, params *models.ListTransactionsParams) (*Page[models.BasicTransaction], error) {
	return list[models.BasicTransaction](ctx, c, "listTransactions", func(ctx context.Context) (*http.Response, error) { return c.raw.ListTransactions(ctx, params) })
}

// Transactions iterates over every item of ListTransactions, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Transactions(ctx context.Context, params *models.ListTransactionsParams) iter.Seq2[models.BasicTransaction, error] {
	return each(ctx, params, func(p *models.ListTransactionsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListTransactionsParams) (*Page[models.BasicTransaction], error) {
			return c.ListTransactions(ctx, p)
		})
}

// ListEarningTransactions calls GET /finance/transactions/earnings (transactions - earnings). It returns one page;
// EarningTransactions iterates over all of them.
func (c *Client) ListEarningTransactions(ctx context.Context, params *models.ListEarningTransactionsParams) (*Page[models.BasicTransaction], error) {
	return list[models.BasicTransaction](ctx, c, "listEarningTransactions", func(ctx context.Context) (*http.Response, error) { return c.raw.ListEarningTransactions(ctx, params) })
}

// EarningTransactions iterates over every item of ListEarningTransactions, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) EarningTransactions(ctx context.Context, params *models.ListEarningTransactionsParams) iter.Seq2[models.BasicTransaction, error] {
	return each(ctx, params, func(p *models.ListEarningTransactionsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListEarningTransactionsParams) (*Page[models.BasicTransaction], error) {
			return c.ListEarningTransactions(ctx, p)
		})
}

// ListPurchaseTransactions calls GET /finance/transactions/purchases (transactions - purchases). It returns one page;
// PurchaseTransactions iterates over all of them.
func (c *Client) ListPurchaseTransactions(ctx context.Context, params *models.ListPurchaseTransactionsParams) (*Page[models.BasicTransaction], error) {
	return list[models.BasicTransaction](ctx, c, "listPurchaseTransactions", func(ctx context.Context) (*http.Response, error) { return c.raw.ListPurchaseTransactions(ctx, params) })
}

// PurchaseTransactions iterates over every item of ListPurchaseTransactions, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) PurchaseTransactions(ctx context.Context, params *models.ListPurchaseTransactionsParams) iter.Seq2[models.BasicTransaction, error] {
	return each(ctx, params, func(p *models.ListPurchaseTransactionsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListPurchaseTransactionsParams) (*Page[models.BasicTransaction], error) {
			return c.ListPurchaseTransactions(ctx, p)
		})
}

// ListWithdrawalTransactions calls GET /finance/transactions/withdrawals (transactions - withdrawals). It returns one page;
// WithdrawalTransactions iterates over all of them.
func (c *Client) ListWithdrawalTransactions(ctx context.Context, params *models.ListWithdrawalTransactionsParams) (*Page[models.BasicTransaction], error) {
	return list[models.BasicTransaction](ctx, c, "listWithdrawalTransactions", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListWithdrawalTransactions(ctx, params)
	})
}

// WithdrawalTransactions iterates over every item of ListWithdrawalTransactions, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) WithdrawalTransactions(ctx context.Context, params *models.ListWithdrawalTransactionsParams) iter.Seq2[models.BasicTransaction, error] {
	return each(ctx, params, func(p *models.ListWithdrawalTransactionsParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListWithdrawalTransactionsParams) (*Page[models.BasicTransaction], error) {
			return c.ListWithdrawalTransactions(ctx, p)
		})
}

// CreateTopUpSession calls POST /web/finance/top-up/session (web - balance top-up).
func (c *Client) CreateTopUpSession(ctx context.Context, body models.CreateTopUpSessionJSONRequestBody) (*TopUpSession, error) {
	return call[TopUpSession](ctx, c, "createTopUpSession", func(ctx context.Context) (*http.Response, error) { return c.raw.CreateTopUpSession(ctx, nil, body) })
}

// WithdrawCoins calls POST /finance/withdraw (withdraw coins).
func (c *Client) WithdrawCoins(ctx context.Context, body models.WithdrawCoinsJSONRequestBody) (*TransactionResult, error) {
	return call[TransactionResult](ctx, c, "withdrawCoins", func(ctx context.Context) (*http.Response, error) { return c.raw.WithdrawCoins(ctx, nil, body) })
}

// GetTransaction calls GET /finance/transaction/{transactionId} (get transaction).
func (c *Client) GetTransaction(ctx context.Context, transactionID string) (*TransactionResult, error) {
	return call[TransactionResult](ctx, c, "getTransaction", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetTransaction(ctx, transactionID, nil)
	})
}

// ListSubscriptionPlans calls GET /finance/subscriptions (get subscription plans).
func (c *Client) ListSubscriptionPlans(ctx context.Context) ([]SubscriptionPlan, error) {
	p, err := list[SubscriptionPlan](ctx, c, "listSubscriptionPlans", func(ctx context.Context) (*http.Response, error) { return c.raw.ListSubscriptionPlans(ctx, nil) })
	if err != nil {
		return nil, err
	}
	return p.Items, nil
}

// CreateSignedUrls calls POST /signed/urls (uploading a file).
func (c *Client) CreateSignedUrls(ctx context.Context, body models.CreateSignedUrlsJSONRequestBody) (*SignedURLs, error) {
	return call[SignedURLs](ctx, c, "createSignedUrls", func(ctx context.Context) (*http.Response, error) { return c.raw.CreateSignedUrls(ctx, nil, body) })
}

// ListFiles calls GET /signed/files (files). It returns one page;
// Files iterates over all of them.
func (c *Client) ListFiles(ctx context.Context, params *models.ListFilesParams) (*Page[File], error) {
	return list[File](ctx, c, "listFiles", func(ctx context.Context) (*http.Response, error) { return c.raw.ListFiles(ctx, params) })
}

// Files iterates over every item of ListFiles, page after page, starting from
// params (nil for the first page with the server's page size).
func (c *Client) Files(ctx context.Context, params *models.ListFilesParams) iter.Seq2[File, error] {
	return each(ctx, params, func(p *models.ListFilesParams) **string { return &p.LastEvaluatedKey },
		func(ctx context.Context, p *models.ListFilesParams) (*Page[File], error) { return c.ListFiles(ctx, p) })
}

// InitiateBackgroundCheck calls POST /verification/background (initiate background check).
func (c *Client) InitiateBackgroundCheck(ctx context.Context, body models.InitiateBackgroundCheckJSONRequestBody) (*models.UserVerification, error) {
	return call[models.UserVerification](ctx, c, "initiateBackgroundCheck", func(ctx context.Context) (*http.Response, error) {
		return c.raw.InitiateBackgroundCheck(ctx, nil, body)
	})
}
