package world

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/internal/validate"
	"github.com/talkamie/contract/mock"
)

var authHandlers = map[string]handler{
	"signUp": func(st *state, r *rq) (*mock.Response, []push) {
		email := str(r.body, "email")
		if st.userByEmail(email) != nil {
			return r.fail(http.StatusConflict, "email-taken", "an account with this e-mail address exists",
				validate.Finding{Location: "body.email", Code: "taken", Message: "this e-mail address is already registered"}), nil
		}
		id := st.newID("usr")
		profile := obj{"id": id, "name": str(r.body, "name"), "email": email, "rating": 0.0, "totalReviews": 0,
			"ledger": obj{"coins": obj{"balance": 0.0}}, "verification": obj{"verified": false, "basic": obj{"status": "pending"}}}
		if t := str(r.body, "type"); t != "" {
			profile["type"] = t
		}
		if off, err := strconv.Atoi(r.HTTP.Header.Get("x-user-timezone-offset")); err == nil {
			profile["timezoneOffset"] = off
		}
		u := &user{profile: profile, password: str(r.body, "password")}
		st.users[id] = u
		st.signIn(u)
		return r.ok(http.StatusCreated, st.account(u), "welcome to Talkamie"), nil
	},
	"signIn": func(st *state, r *rq) (*mock.Response, []push) {
		u := st.userByEmail(str(r.body, "email"))
		if u == nil {
			return r.fail(http.StatusNotFound, "not-found", "no account with this e-mail address",
				validate.Finding{Location: "body.email", Code: "not-found", Message: "no account uses this e-mail address"}), nil
		}
		sso := r.HTTP.Header.Get("x-auth-provider") != ""
		if !sso && (u.password == "" || str(r.body, "password") != u.password) {
			return r.fail(http.StatusUnauthorized, validate.CodeUnauthorized, "the e-mail address or password is wrong",
				validate.Finding{Location: "body.password", Code: "wrong-password", Message: "the password does not match"}), nil
		}
		st.signIn(u)
		return r.ok(http.StatusOK, st.account(u), ""), nil
	},
	"getUserByToken": func(st *state, r *rq) (*mock.Response, []push) {
		return r.ok(http.StatusOK, obj{"user": st.full(r.me)}, ""), nil
	},
	"signOut": func(st *state, r *rq) (*mock.Response, []push) {
		delete(st.tokens, r.me.access)
		r.me.access = ""
		return r.ok(http.StatusOK, nil, "you are signed out"), nil
	},
}

// signIn issues the user's tokens (the same ones until they sign out).
func (s *state) signIn(u *user) {
	id := u.id()
	if u.access == "" {
		u.access = "tok_" + strings.TrimPrefix(id, "usr_") + "_access"
		if _, taken := s.tokens[u.access]; taken {
			u.access = s.newID("tok")
		}
	}
	if u.refresh == "" {
		u.refresh = "tok_" + strings.TrimPrefix(id, "usr_") + "_refresh"
	}
	s.tokens[u.access] = id
}

// account is the {user, tokens} answer of sign-in and sign-up.
func (s *state) account(u *user) obj {
	return obj{"user": s.full(u), "tokens": obj{"access": u.access, "refresh": u.refresh}}
}

// own resolves a {userId} path parameter that must be the caller.
func (r *rq) own() (*mock.Response, bool) {
	if r.path("userId") != r.me.id() {
		return r.fail(http.StatusForbidden, "forbidden", "you can only change your own account",
			validate.Finding{Location: "path.userId", Code: "not-yours", Message: "this is not the signed-in user's id"}), false
	}
	return nil, true
}

// other resolves a {userId} path parameter that must be another user.
func (r *rq) other(st *state) (*user, *mock.Response) {
	u := st.users[r.path("userId")]
	if u == nil || u == r.me {
		return nil, r.notFound("userId", "user")
	}
	return u, nil
}

var userHandlers = map[string]handler{
	"listUsers": func(st *state, r *rq) (*mock.Response, []push) {
		viewer := ""
		if r.me != nil {
			viewer = r.me.id()
		}
		var out []obj
		for _, id := range sortedKeys(st.users) {
			u := st.users[id]
			if id == viewer || !matchesUser(u, r) {
				continue
			}
			if r.me == nil {
				// The signed-out sign-up check learns only that the address is taken,
				// never whose it is: the contract documents [{id}].
				out = append(out, obj{"id": id})
				continue
			}
			out = append(out, st.card(id, viewer))
		}
		return r.page(out), nil
	},
	"getUser": func(st *state, r *rq) (*mock.Response, []push) {
		u := st.users[r.path("userId")]
		if u == nil {
			return r.notFound("userId", "user"), nil
		}
		return r.ok(http.StatusOK, st.extended(u, r.me.id()), ""), nil
	},
	"updateUser": func(st *state, r *rq) (*mock.Response, []push) {
		if resp, ok := r.own(); !ok {
			return resp, nil
		}
		applyProfile(r.me.profile, r.body)
		full := st.full(r.me)
		return r.ok(http.StatusOK, full, "profile updated"), []push{{user: r.me.id(), action: wsmsg.ActionUserUpdate, data: obj{"user": cloneObj(full)}}}
	},
	"changePassword": func(st *state, r *rq) (*mock.Response, []push) {
		if resp, ok := r.own(); !ok {
			return resp, nil
		}
		if r.me.password != "" && str(r.body, "oldPassword") != r.me.password {
			return r.fail(http.StatusUnprocessableEntity, validate.CodeInvalid, "the current password is wrong",
				validate.Finding{Location: "body.oldPassword", Code: "wrong-password", Message: "the current password does not match"}), nil
		}
		r.me.password = str(r.body, "newPassword")
		return r.ok(http.StatusOK, nil, "your password has been changed"), nil
	},
	"deleteUser": func(st *state, r *rq) (*mock.Response, []push) {
		if resp, ok := r.own(); !ok {
			return resp, nil
		}
		id := r.me.id()
		delete(st.tokens, r.me.access)
		delete(st.users, id)
		return r.ok(http.StatusOK, nil, "your account has been deleted"), nil
	},
	"getCustomAvailability": func(st *state, r *rq) (*mock.Response, []push) {
		return r.ok(http.StatusOK, orEmpty(r.me.custom), ""), nil
	},
	"getWeeklyAvailability": func(st *state, r *rq) (*mock.Response, []push) {
		return r.ok(http.StatusOK, orEmpty(r.me.weekly), ""), nil
	},
	"setCustomAvailability": func(st *state, r *rq) (*mock.Response, []push) {
		r.me.custom = cloneObj(r.body)
		return r.ok(http.StatusOK, orEmpty(r.me.custom), "availability saved"), nil
	},
	"setWeeklyAvailability": func(st *state, r *rq) (*mock.Response, []push) {
		r.me.weekly = cloneObj(r.body)
		return r.ok(http.StatusOK, orEmpty(r.me.weekly), "availability saved"), nil
	},
}

func orEmpty(o obj) obj {
	if o == nil {
		return obj{}
	}
	return cloneObj(o)
}

// matchesUser applies the discover filters of GET /users.
func matchesUser(u *user, r *rq) bool {
	p := u.profile
	if e := r.q("email"); e != "" && !strings.EqualFold(str(p, "email"), e) {
		return false
	}
	if r.me == nil && r.q("email") == "" {
		// Without a token the list only answers the sign-up e-mail check.
		return false
	}
	if k := strings.ToLower(r.q("keyword")); k != "" &&
		!strings.Contains(strings.ToLower(str(p, "name")), k) && !strings.Contains(strings.ToLower(str(p, "bio")), k) {
		return false
	}
	for _, f := range []string{"type", "gender"} {
		if v := r.q(f); v != "" && str(p, f) != v {
			return false
		}
	}
	if v, err := strconv.Atoi(r.q("minAge")); err == nil && int(num(p, "age")) < v {
		return false
	}
	if v, err := strconv.Atoi(r.q("maxAge")); err == nil && int(num(p, "age")) > v {
		return false
	}
	if loc := strings.ToLower(r.q("location")); loc != "" {
		found := false
		for _, k := range []string{"location.city", "location.state", "location.country"} {
			found = found || strings.Contains(strings.ToLower(str(p, k)), loc)
		}
		if !found {
			return false
		}
	}
	return true
}

// applyProfile stores a PUT /user/{id} body in a profile, mapping the web
// client's flat fields onto the user model (api-facts §b.3).
func applyProfile(p, body obj) {
	direct := []string{"name", "bio", "dob", "gender", "language", "type", "visibility", "fileDirPath", "picture", "video", "interests"}
	for _, k := range direct {
		if v, ok := body[k]; ok {
			p[k] = clone(v)
		}
	}
	if dob, ok := body["dob"].(string); ok {
		if t, err := time.Parse("2006-01-02", dob); err == nil {
			now := time.Now().UTC()
			age := now.Year() - t.Year()
			if now.YearDay() < t.YearDay() {
				age--
			}
			p["age"] = age
		}
	}
	flat := map[string]string{
		"country": "location.country", "state": "location.state", "city": "location.city",
		"maxCallDuration": "preferences.call.maxDuration", "maxCallCount": "preferences.call.maxCount",
		"pushNotification": "preferences.notifications.push", "specialization": "specialization.area",
		"licenseId": "licence.id", "certificateState": "certificate.state", "certificate": "certificate.file",
	}
	for _, k := range sortedKeys(flat) {
		if v, ok := body[k]; ok {
			set(p, flat[k], clone(v))
		}
	}
}
