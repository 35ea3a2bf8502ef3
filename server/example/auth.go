package example

import (
	"context"
	"fmt"
	"net/http"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/server"
)

// SignUp creates an account and signs it in. The body was validated against
// the contract before this runs: email, name and password are present and
// well-formed, and no unknown field got through.
func (s *Server) SignUp(_ context.Context, req restapi.SignUpRequestObject) (restapi.SignUpResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if *u.profile.Email == req.Body.Email {
			return nil, server.NewError(http.StatusConflict, "conflict", "this e-mail address already has an account")
		}
	}
	kind := models.UserTypeSenior
	if req.Body.Type != nil {
		kind = *req.Body.Type
	}
	s.seq++
	id := fmt.Sprintf("usr_%04d", s.seq)
	u := &user{password: req.Body.Password, profile: models.FullUser{
		Id: id, Name: ptr(req.Body.Name), Email: ptr(req.Body.Email), Type: &kind,
		Ledger: &models.UserLedger{Coins: &models.UserLedgerCoins{Balance: ptr(0.0)}},
	}}
	s.users[id] = u
	return restapi.SignUp201JSONResponse{Success: true, Data: ptr(s.signIn(u))}, nil
}

// SignIn checks an e-mail and password. Single sign-on (the x-auth-provider
// header) is left out of the example: it answers 501.
func (s *Server) SignIn(_ context.Context, req restapi.SignInRequestObject) (restapi.SignInResponseObject, error) {
	if req.Params.XAuthProvider != nil {
		return nil, server.ErrNotImplemented
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, u := range s.users {
		if *u.profile.Email != req.Body.Email {
			continue
		}
		if req.Body.Password == nil || *req.Body.Password != u.password {
			return nil, server.NewError(http.StatusUnauthorized, "unauthorized", "the e-mail address or the password is wrong")
		}
		return restapi.SignIn200JSONResponse{Success: true, Data: ptr(s.signIn(u))}, nil
	}
	// The web client sends users without an account to sign-up on 404.
	return nil, server.NewError(http.StatusNotFound, "not-found", "no account uses this e-mail address")
}

// signIn issues a new access token for u. Call with s.mu held.
func (s *Server) signIn(u *user) models.UserAccount {
	s.seq++
	access := fmt.Sprintf("tok_%s_%04d", u.profile.Id, s.seq)
	s.tokens[access] = u.profile.Id
	return models.UserAccount{User: u.profile, Tokens: models.UserTokens{Access: access, Refresh: access + "_refresh"}}
}

// GetUserByToken returns the signed-in user: the token was checked by the
// server (through Authenticate) before this runs.
func (s *Server) GetUserByToken(ctx context.Context, _ restapi.GetUserByTokenRequestObject) (restapi.GetUserByTokenResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	return restapi.GetUserByToken200JSONResponse{Success: true, Data: &models.UserAccountWithoutTokens{User: me.profile}}, nil
}

// SignOut revokes the token the request was made with.
func (s *Server) SignOut(ctx context.Context, _ restapi.SignOutRequestObject) (restapi.SignOutResponseObject, error) {
	p, _ := server.PrincipalFrom(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tokens, p.Token)
	return restapi.SignOut200JSONResponse{Success: true, Message: ptr("signed out")}, nil
}
