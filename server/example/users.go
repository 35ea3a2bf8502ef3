package example

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/server"
)

// ListUsers serves both uses of GET /users. Its contract says "security: []",
// so the server lets anonymous callers through and hands a principal only when
// a valid token came with the request:
//   - anonymous with ?email=: the sign-up check, [{id}] or [];
//   - signed in: discover people, filtered and paged.
func (s *Server) ListUsers(ctx context.Context, req restapi.ListUsersRequestObject) (restapi.ListUsersResponseObject, error) {
	q := req.Params
	s.mu.Lock()
	defer s.mu.Unlock()
	p, signedIn := server.PrincipalFrom(ctx)
	if !signedIn {
		if q.Email == nil {
			return nil, server.NewError(http.StatusUnauthorized, "unauthorized", "sign in to continue")
		}
		// The web client does not URL-encode the address: a "+" arrives as a space.
		email := strings.ReplaceAll(*q.Email, " ", "+")
		found := []models.BasicUser{}
		for _, u := range s.users {
			if strings.EqualFold(string(*u.profile.Email), email) {
				found = append(found, models.BasicUser{Id: u.profile.Id})
			}
		}
		return restapi.ListUsers200JSONResponse{Success: true, Data: &found}, nil
	}

	var matches []models.BasicUser
	for _, u := range s.users {
		pr := u.profile
		switch {
		case pr.Id == p.UserID,
			q.Type != nil && *pr.Type != *q.Type,
			q.Gender != nil && (pr.Gender == nil || *pr.Gender != *q.Gender),
			q.MinAge != nil && (pr.Age == nil || *pr.Age < *q.MinAge),
			q.MaxAge != nil && (pr.Age == nil || *pr.Age > *q.MaxAge),
			q.Keyword != nil && !contains(*pr.Name+" "+deref(pr.Bio), *q.Keyword),
			q.Location != nil && !contains(locationText(pr.Location), *q.Location):
			continue
		}
		matches = append(matches, card(pr))
	}
	slices.SortFunc(matches, func(a, b models.BasicUser) int { return strings.Compare(a.Id, b.Id) })
	items, pagination, err := page(matches, func(u models.BasicUser) string { return u.Id }, q.PageSize, q.LastEvaluatedKey)
	if err != nil {
		return nil, err
	}
	return restapi.ListUsers200JSONResponse{Success: true, Data: &items, Pagination: pagination}, nil
}

// GetUser returns another user's public profile.
func (s *Server) GetUser(_ context.Context, req restapi.GetUserRequestObject) (restapi.GetUserResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[req.UserId]
	if u == nil {
		return nil, notFound()
	}
	pr := u.profile
	return restapi.GetUser200JSONResponse{Success: true, Data: &models.ExtendedUser{
		Id: pr.Id, Name: pr.Name, Type: pr.Type, Gender: pr.Gender, Age: pr.Age, Bio: pr.Bio, Language: pr.Language, Location: pr.Location,
	}}, nil
}

// UpdateUser changes the caller's own profile; the web client sends only
// the fields of one screen, so absent fields are left alone.
func (s *Server) UpdateUser(ctx context.Context, req restapi.UpdateUserRequestObject) (restapi.UpdateUserResponseObject, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	me, err := s.me(ctx)
	if err != nil {
		return nil, err
	}
	if req.UserId != me.profile.Id {
		return nil, server.NewError(http.StatusForbidden, "forbidden", "you can only change your own profile")
	}
	b, pr := req.Body, &me.profile
	set(&pr.Name, b.Name)
	set(&pr.Bio, b.Bio)
	set(&pr.Gender, b.Gender)
	set(&pr.Language, b.Language)
	if b.City != nil || b.State != nil || b.Country != nil {
		if pr.Location == nil {
			pr.Location = &models.UserLocation{}
		}
		set(&pr.Location.City, b.City)
		set(&pr.Location.State, b.State)
		set(&pr.Location.Country, b.Country)
	}
	return restapi.UpdateUser200JSONResponse{Success: true, Data: pr}, nil
}

// card is the small view of a user that lists carry.
func card(pr models.FullUser) models.BasicUser {
	return models.BasicUser{Id: pr.Id, Name: pr.Name, Type: pr.Type, Gender: pr.Gender, Age: pr.Age, Bio: pr.Bio, Location: pr.Location}
}

// set copies a sent field over a stored one.
func set[T any](dst **T, v *T) {
	if v != nil {
		*dst = ptr(*v)
	}
}

func contains(s, sub string) bool { return strings.Contains(strings.ToLower(s), strings.ToLower(sub)) }

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func locationText(l *models.UserLocation) string {
	if l == nil {
		return ""
	}
	return deref(l.City) + " " + deref(l.State) + " " + deref(l.Country)
}
