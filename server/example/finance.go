package example

import (
	"context"
	"fmt"
	"net/http"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/server"
)

// ListTransactions returns all of the caller's transactions.
func (s *Server) ListTransactions(ctx context.Context, req restapi.ListTransactionsRequestObject) (restapi.ListTransactionsResponseObject, error) {
	items, pagination, err := s.transactions(ctx, "", req.Params.PageSize, req.Params.LastEvaluatedKey)
	if err != nil {
		return nil, err
	}
	return restapi.ListTransactions200JSONResponse{Success: true, Data: &items, Pagination: pagination}, nil
}

// ListEarningTransactions returns the coins a volunteer earned on calls.
func (s *Server) ListEarningTransactions(ctx context.Context, req restapi.ListEarningTransactionsRequestObject) (restapi.ListEarningTransactionsResponseObject, error) {
	items, pagination, err := s.transactions(ctx, models.BasicTransactionTypeEarning, req.Params.PageSize, req.Params.LastEvaluatedKey)
	if err != nil {
		return nil, err
	}
	return restapi.ListEarningTransactions200JSONResponse{Success: true, Data: &items, Pagination: pagination}, nil
}

// ListPurchaseTransactions returns a senior's top-ups.
func (s *Server) ListPurchaseTransactions(ctx context.Context, req restapi.ListPurchaseTransactionsRequestObject) (restapi.ListPurchaseTransactionsResponseObject, error) {
	items, pagination, err := s.transactions(ctx, models.BasicTransactionTypePurchase, req.Params.PageSize, req.Params.LastEvaluatedKey)
	if err != nil {
		return nil, err
	}
	return restapi.ListPurchaseTransactions200JSONResponse{Success: true, Data: &items, Pagination: pagination}, nil
}

// ListWithdrawalTransactions returns a volunteer's pay-outs.
func (s *Server) ListWithdrawalTransactions(ctx context.Context, req restapi.ListWithdrawalTransactionsRequestObject) (restapi.ListWithdrawalTransactionsResponseObject, error) {
	items, pagination, err := s.transactions(ctx, models.BasicTransactionTypeWithdrawal, req.Params.PageSize, req.Params.LastEvaluatedKey)
	if err != nil {
		return nil, err
	}
	return restapi.ListWithdrawalTransactions200JSONResponse{Success: true, Data: &items, Pagination: pagination}, nil
}

// transactions pages the caller's transactions of one type ("" for all).
func (s *Server) transactions(ctx context.Context, kind models.BasicTransactionType, pageSize *int, key *string) ([]models.BasicTransaction, *models.Pagination, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, nil, err
	}
	mine := []models.BasicTransaction{}
	for _, t := range s.txns {
		if s.owners[t.Id] == me.profile.Id && (kind == "" || *t.Type == kind) {
			mine = append(mine, t)
		}
	}
	return page(mine, func(t models.BasicTransaction) string { return t.Id }, pageSize, key)
}

// GetTransaction returns one of the caller's transactions; the checkout
// return pages load it by the id in their URL.
func (s *Server) GetTransaction(ctx context.Context, req restapi.GetTransactionRequestObject) (restapi.GetTransactionResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	t, ok := s.transaction(req.TransactionId, me.profile.Id)
	if !ok {
		return nil, notFound()
	}
	return restapi.GetTransaction200JSONResponse{Success: true, Data: &models.TransactionResult{Transaction: t}}, nil
}

func (s *Server) transaction(id, owner string) (models.BasicTransaction, bool) {
	for _, t := range s.txns {
		if t.Id == id && s.owners[id] == owner {
			return t, true
		}
	}
	return models.BasicTransaction{}, false
}

// CreateTopUpSession starts buying coins: a pending purchase and the
// payment provider's checkout session. A retry from the same dialog sends the
// pending transaction's id and gets a new session for it.
func (s *Server) CreateTopUpSession(ctx context.Context, req restapi.CreateTopUpSessionRequestObject) (restapi.CreateTopUpSessionResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	var id string
	if req.Body.TransactionId != nil {
		t, ok := s.transaction(*req.Body.TransactionId, me.profile.Id)
		if !ok || *t.Status != models.BasicTransactionStatusPending {
			return nil, server.NewError(http.StatusConflict, "conflict", "that top-up is no longer pending; start a new one")
		}
		id = t.Id
	} else {
		s.seq++
		id = fmt.Sprintf("txn_topup_%04d", 100+s.seq)
		coins := req.Body.Coins
		s.add(me.profile.Id, models.BasicTransaction{
			Id: id, Type: ptr(models.BasicTransactionTypePurchase), Intent: ptr(models.BasicTransactionIntentTopUp),
			Status: ptr(models.BasicTransactionStatusPending), Timestamp: s.timestamp(),
			// $1 = 100 TC: a coin costs one US cent.
			Coins: &models.TransactionCoins{Amount: &coins}, Funds: &models.TransactionFunds{Amount: ptr(int(coins)), Currency: ptr("usd")},
		})
	}
	s.seq++
	session := fmt.Sprintf("cs_test_%04d", s.seq)
	data := &models.TopUpSession{
		Session:     models.CheckoutSession{Id: session, Url: "https://checkout.example.com/pay/" + session},
		Transaction: models.TransactionRef{Id: id},
	}
	return restapi.CreateTopUpSession201JSONResponse{Success: true, Data: data}, nil
}

// WithdrawCoins pays a volunteer's coins out to PayPal: a pending
// withdrawal, the coins taken off the balance at once, and an update-user
// push so every open app shows the new balance.
func (s *Server) WithdrawCoins(ctx context.Context, req restapi.WithdrawCoinsRequestObject) (restapi.WithdrawCoinsResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	if *me.profile.Type != models.UserTypeVolunteer {
		return nil, server.NewError(http.StatusForbidden, "forbidden", "only amies can withdraw coins")
	}
	balance := me.profile.Ledger.Coins.Balance
	if req.Body.Coins > *balance {
		return nil, server.NewError(http.StatusConflict, "conflict", "you cannot withdraw more coins than you have")
	}
	*balance -= req.Body.Coins
	s.seq++
	t := models.BasicTransaction{
		Id: fmt.Sprintf("txn_withdraw_%04d", 100+s.seq), Type: ptr(models.BasicTransactionTypeWithdrawal), Intent: ptr(models.BasicTransactionIntentWithdraw),
		Status: ptr(models.BasicTransactionStatusPending), Timestamp: s.timestamp(),
		Coins: &models.TransactionCoins{Amount: ptr(req.Body.Coins)}, Funds: &models.TransactionFunds{Amount: ptr(int(req.Body.Coins)), Currency: ptr("usd")},
	}
	s.add(me.profile.Id, t)

	// The web client shallow-merges update-user into its user: send the whole ledger.
	push := &models.WsUserUpdate{Action: models.WsUserUpdateActionUserUpdate, Success: models.WsUserUpdateSuccessTrue}
	push.Data.User = models.FullUser{Id: me.profile.Id, Ledger: me.profile.Ledger}
	if _, err := s.hub.Push(me.profile.Id, push); err != nil {
		return nil, err
	}
	return restapi.WithdrawCoins201JSONResponse{Success: true, Data: &models.TransactionResult{Transaction: t}}, nil
}

// add records a transaction, newest first.
func (s *Server) add(owner string, t models.BasicTransaction) {
	s.txns = append([]models.BasicTransaction{t}, s.txns...)
	s.owners[t.Id] = owner
}
