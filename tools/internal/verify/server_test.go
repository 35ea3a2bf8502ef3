package verify

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/restapi"
	"github.com/talkamie/contract/gen/wsmsg"
	"github.com/talkamie/contract/server"
)

// partial implements one operation; every other one answers 501 through the
// embedded Unimplemented, as a server built one operation at a time does.
type partial struct {
	server.Unimplemented
}

var _ restapi.StrictServerInterface = partial{}

func (partial) GetUserByToken(ctx context.Context, _ restapi.GetUserByTokenRequestObject) (restapi.GetUserByTokenResponseObject, error) {
	p, ok := server.PrincipalFrom(ctx)
	if !ok {
		return nil, errors.New("no principal on a secured operation")
	}
	name := "Margaret Hughes"
	return restapi.GetUserByToken200JSONResponse{Success: true, Data: &models.UserAccountWithoutTokens{
		User: models.FullUser{Id: p.UserID, Name: &name}}}, nil
}

// pingOnly answers ping and leaves every other action unimplemented.
type pingOnly struct {
	wsmsg.UnimplementedHandler
}

func (pingOnly) Ping(context.Context, *models.WsPing) (*models.WsPingReply, error) {
	status := 200
	return &models.WsPingReply{Action: models.WsPingReplyAction(wsmsg.ActionPing), Success: true, StatusCode: &status}, nil
}

func TestGeneratedServer(t *testing.T) {
	e, err := server.New(partial{},
		server.WithAuthenticator(server.StaticTokens(map[string]string{margaret: "usr_margaret"})),
		server.WithResponseValidation(true),
		server.WithWebSocket(pingOnly{}, server.WebSocketConfig{Naming: server.CanonicalNaming}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	rep := run(t, talkamie(), Options{Target: srv.URL, WebSocket: wsURL(srv, "/ws"), Token: margaret,
		ReplyTimeout: time.Second})
	if rep.Failed() {
		t.Fatalf("verify fails against the generated server:\n%s", text(t, rep, srv))
	}
	want := map[string]Result{"getUserByToken": Pass, "authenticate": Pass, "ping": Pass}
	for _, u := range append(rep.REST, rep.WS...) {
		want, ok := want[u.Name]
		if !ok {
			want = Unimplemented
		}
		if u.Result != want {
			t.Errorf("%s: %s, want %s", u.Name, u.Result, want)
		}
	}
	if cv := rep.Coverage; cv.Implemented != 1 || cv.Unimplemented != cv.Operations-1 {
		t.Errorf("coverage %+v: want 1 operation implemented, the others unimplemented", cv)
	}
	golden(t, "server.golden.txt", text(t, rep, srv))
}
