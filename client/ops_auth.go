package client

// Operations on authentication and one-time passwords (auth, otp).

import (
	"context"
	"net/http"

	"github.com/talkamie/contract/gen/models"
)

// GetUserByToken calls GET /auth (get user by token).
func (c *Client) GetUserByToken(ctx context.Context) (*models.UserAccountWithoutTokens, error) {
	return call[models.UserAccountWithoutTokens](ctx, c, "getUserByToken", func(ctx context.Context) (*http.Response, error) { return c.raw.GetUserByToken(ctx, nil) })
}

// SignUp calls POST /auth/sign-up (sign up).
func (c *Client) SignUp(ctx context.Context, body models.SignUpJSONRequestBody) (*models.UserAccount, error) {
	return call[models.UserAccount](ctx, c, "signUp", func(ctx context.Context) (*http.Response, error) { return c.raw.SignUp(ctx, nil, body) })
}

// SignIn calls POST /auth/sign-in (sign in) with an e-mail and password.
func (c *Client) SignIn(ctx context.Context, body models.SignInJSONRequestBody) (*models.UserAccount, error) {
	return c.SignInWithProvider(ctx, "", body)
}

// SignInWithProvider calls POST /auth/sign-in (sign in) for single sign-on:
// provider is the x-auth-provider header, "<google|apple> <token>", and body
// carries the e-mail without a password. An empty provider sends no header.
func (c *Client) SignInWithProvider(ctx context.Context, provider string, body models.SignInJSONRequestBody) (*models.UserAccount, error) {
	params := &models.SignInParams{}
	if provider != "" {
		params.XAuthProvider = &provider
	}
	return call[models.UserAccount](ctx, c, "signIn", func(ctx context.Context) (*http.Response, error) {
		return c.raw.SignIn(ctx, params, body)
	})
}

// SignOut calls DELETE /auth/sign-out (sign out).
func (c *Client) SignOut(ctx context.Context) error {
	return exec(ctx, c, "signOut", func(ctx context.Context) (*http.Response, error) { return c.raw.SignOut(ctx, nil) })
}

// ResetPassword calls POST /auth/reset-password (reset password).
func (c *Client) ResetPassword(ctx context.Context, body models.ResetPasswordJSONRequestBody) error {
	return exec(ctx, c, "resetPassword", func(ctx context.Context) (*http.Response, error) { return c.raw.ResetPassword(ctx, nil, body) })
}

// GenerateOtp calls POST /otp (generate otp).
func (c *Client) GenerateOtp(ctx context.Context, body models.GenerateOtpJSONRequestBody) (*OTP, error) {
	return call[OTP](ctx, c, "generateOtp", func(ctx context.Context) (*http.Response, error) { return c.raw.GenerateOtp(ctx, nil, body) })
}

// VerifyOtp calls POST /otp/verify (verify otp).
func (c *Client) VerifyOtp(ctx context.Context, body models.VerifyOtpJSONRequestBody) error {
	return exec(ctx, c, "verifyOtp", func(ctx context.Context) (*http.Response, error) { return c.raw.VerifyOtp(ctx, nil, body) })
}
