package validate

import (
	"context"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// authError is what the authentication function returns; it carries the
// finding to report.
type authError struct{ finding Finding }

func (e *authError) Error() string { return e.finding.String() }

// noToken lists bearer values the web client sends when it has no token.
var noToken = map[string]bool{"": true, "undefined": true, "null": true}

// authenticate checks one security scheme of the operation. Credentials are
// only checked for presence unless a verifier was configured.
func (v *Validator) authenticate(ctx context.Context, in *openapi3filter.AuthenticationInput) error {
	s, r := in.SecurityScheme, in.RequestValidationInput.Request
	switch s.Type {
	case "http":
		scheme := strings.ToLower(s.Scheme)
		if scheme == "" {
			scheme = "bearer"
		}
		return v.checkAuthorization(ctx, in.SecuritySchemeName, scheme, r.Header.Get("Authorization"))
	case "oauth2", "openIdConnect":
		return v.checkAuthorization(ctx, in.SecuritySchemeName, "bearer", r.Header.Get("Authorization"))
	case "apiKey":
		var value, loc string
		switch s.In {
		case "header":
			value, loc = r.Header.Get(s.Name), "header."+s.Name
		case "query":
			value, loc = in.RequestValidationInput.GetQueryParams().Get(s.Name), "query."+s.Name
		case "cookie":
			if c, err := r.Cookie(s.Name); err == nil {
				value = c.Value
			}
			loc = "cookie." + s.Name
		}
		if value == "" {
			return &authError{Finding{Location: loc, Code: "missing-api-key", Message: "an API key is required"}}
		}
		if v.verify != nil && !v.verify(ctx, in.SecuritySchemeName, value) {
			return &authError{Finding{Location: loc, Code: "invalid-api-key", Message: "the API key is not accepted"}}
		}
		return nil
	}
	return &authError{Finding{Location: "header.Authorization", Code: "unsupported-security", Message: "this security scheme is not supported"}}
}

func (v *Validator) checkAuthorization(ctx context.Context, name, scheme, header string) error {
	const loc = "header.Authorization"
	kind, cred, _ := strings.Cut(strings.TrimSpace(header), " ")
	cred = strings.TrimSpace(cred)
	if header == "" || (strings.EqualFold(kind, scheme) && noToken[cred]) {
		if scheme == "bearer" {
			return &authError{Finding{Location: loc, Code: "missing-token", Message: "a bearer token is required"}}
		}
		return &authError{Finding{Location: loc, Code: "missing-credentials", Message: "credentials are required"}}
	}
	if !strings.EqualFold(kind, scheme) {
		return &authError{Finding{Location: loc, Code: "invalid-scheme", Message: sprintf("the Authorization header must use the %s scheme", titleCase(scheme))}}
	}
	if v.verify != nil && !v.verify(ctx, name, cred) {
		return &authError{Finding{Location: loc, Code: "invalid-token", Message: "the token is unknown or expired"}}
	}
	return nil
}

func titleCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
