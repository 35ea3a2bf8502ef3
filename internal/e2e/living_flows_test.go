package e2e_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/gen/wsmsg"
)

// Scenario 1: sign up, sign in, update the profile, read it back.
func TestLivingSignUpAndProfile(t *testing.T) {
	lm := startLiving(t)
	ctx := context.Background()
	anon := lm.rest(t, "")
	acct, err := anon.SignUp(ctx, models.SignUpJSONRequestBody{Name: "Edith Clarke", Email: "edith.clarke@example.com", Password: "Kettle-On-1948"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := anon.SignUp(ctx, models.SignUpJSONRequestBody{Name: "Edith Again", Email: "edith.clarke@example.com", Password: "x-123456789"}); err == nil {
		t.Error("a second sign-up with the same e-mail address succeeded")
	}
	signedIn, err := anon.SignIn(ctx, models.SignInJSONRequestBody{Email: "edith.clarke@example.com", Password: ptr("Kettle-On-1948")})
	if err != nil {
		t.Fatal(err)
	}
	if signedIn.User.Id != acct.User.Id || signedIn.Tokens.Access != acct.Tokens.Access {
		t.Fatalf("sign-in gave %s/%s, sign-up %s/%s", signedIn.User.Id, signedIn.Tokens.Access, acct.User.Id, acct.Tokens.Access)
	}
	edith := lm.rest(t, signedIn.Tokens.Access)
	senior := models.UserTypeSenior
	updated, err := edith.UpdateUser(ctx, acct.User.Id, models.UpdateUserJSONRequestBody{
		Type: &senior, Bio: ptr("Retired nurse from Bath; I grow sweet peas."), City: ptr("Bath"), Country: ptr("United Kingdom"),
		MaxCallDuration: ptr(600), Changed: ptr(true),
	})
	if err != nil {
		t.Fatal(err)
	}
	me, err := edith.GetUserByToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*models.FullUser{updated, &me.User} {
		got := []any{*u.Type, *u.Bio, *u.Location.City, *u.Location.Country, *u.Preferences.Call.MaxDuration}
		want := []any{senior, "Retired nurse from Bath; I grow sweet peas.", "Bath", "United Kingdom", 600}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("profile read back %v, want %v", got, want)
		}
	}
	// Another user sees the new profile.
	seen, err := lm.rest(t, "tok_daniel_access").GetUser(ctx, acct.User.Id)
	if err != nil {
		t.Fatal(err)
	}
	if *seen.Bio != "Retired nurse from Bath; I grow sweet peas." || strings.Contains(string(jsonOf(t, seen)), "edith.clarke@example.com") {
		t.Errorf("Daniel sees %s", jsonOf(t, seen))
	}
	// Signing out ends the token.
	if err := edith.SignOut(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := edith.GetUserByToken(ctx); err == nil {
		t.Error("the token still works after sign-out")
	}
}

// Scenario 2: two users; a message request, accepted, then a chat over the
// socket both ways with read receipts.
func TestLivingMessageRequestAndChat(t *testing.T) {
	lm := startLiving(t)
	ctx := context.Background()
	priya, daniel := lm.rest(t, "tok_priya_access"), lm.rest(t, "tok_daniel_access")
	priyaWS, danielWS := lm.socket(t, "tok_priya_access"), lm.socket(t, "tok_daniel_access")

	req, err := priya.SendMessageRequest(ctx, "usr_daniel", models.SendMessageRequestJSONRequestBody{Text: "Hello Daniel, fancy a game of chess over a call?"})
	if err != nil {
		t.Fatal(err)
	}
	chatID := req.Chat.Id
	alert := expect(t, danielWS, wsmsg.ActionAlertNew)
	if at(t, alert.Raw, "data.alert.type") != "message-request" || at(t, alert.Raw, "data.alert.chat.id") != chatID || alert.Name != "alert" {
		t.Errorf("Daniel's alert: %s", alert.Raw)
	}
	pending, err := daniel.ListPendingChats(ctx, nil)
	if err != nil || len(pending.Items) != 1 || pending.Items[0].Id != chatID {
		t.Fatalf("Daniel's pending chats: %+v, %v", pending, err)
	}
	// Before acceptance the chat is closed to messages.
	if _, err := priyaWS.Call(ctx, jsonRaw(`{"action":"chat.message.send","chatId":%q,"message":{"text":"too early"}}`, chatID)); err == nil {
		t.Error("a message was accepted before the request was")
	}
	if _, err := daniel.AcceptMessageRequest(ctx, "usr_priya"); err != nil {
		t.Fatal(err)
	}
	if st := at(t, expect(t, priyaWS, wsmsg.ActionAlertNew).Raw, "data.alert.chat.request.status"); st != "accepted" {
		t.Errorf("Priya's alert says the request is %v", st)
	}

	// Priya (canonical names) writes; Daniel (the web client's aliases) reads.
	ack := call[models.WsChatMessageSendReply](t, priyaWS, fmt.Sprintf(`{"action":"chat.message.send","chatId":%q,"message":{"text":"Wonderful! Tuesday at six?"}}`, chatID))
	msgID := ack.Data.Message.Id
	push := expect(t, danielWS, wsmsg.ActionChatMessageNew)
	if push.Name != "new-message" || at(t, push.Raw, "data.message.id") != msgID || at(t, push.Raw, "data.message.delivery.status") != "delivered" {
		t.Errorf("Daniel's push: %s", push.Raw)
	}
	quiet(t, priyaWS, wsmsg.ActionChatMessageNew, 100*time.Millisecond)

	// Daniel reads it: his ack carries the full message, Priya gets the receipt.
	send(t, danielWS, fmt.Sprintf(`{"action":"update-messages","chatId":%q,"messagesMap":{%q:{"status":"read"}}}`, chatID, msgID))
	read := expect(t, danielWS, wsmsg.ActionChatMessagesUpdate)
	if read.Name != "update-messages" || at(t, read.Raw, "data.messagesMap."+msgID+".delivery.status") != "read" {
		t.Errorf("Daniel's read ack: %s", read.Raw)
	}
	receipt := expect(t, priyaWS, wsmsg.ActionChatsUpdate)
	if at(t, receipt.Raw, "data.chatsMap."+chatID+".messagesMap."+msgID+".delivery.status") != "read" || receipt.Name != "chats.update" {
		t.Errorf("Priya's receipt: %s", receipt.Raw)
	}

	// And back the other way, in Daniel's naming.
	send(t, danielWS, fmt.Sprintf(`{"action":"send-message","chatId":%q,"message":{"text":"Tuesday at six it is."}}`, chatID))
	if f := expect(t, danielWS, wsmsg.ActionChatMessageSend); f.Name != "send-message" {
		t.Errorf("Daniel's ack is named %q", f.Name)
	}
	back := expect(t, priyaWS, wsmsg.ActionChatMessageNew)
	if at(t, back.Raw, "data.message.text") != "Tuesday at six it is." || back.Name != "chat.message.new" {
		t.Errorf("Priya's push: %s", back.Raw)
	}
	quiet(t, danielWS, wsmsg.ActionChatMessageNew, 100*time.Millisecond)

	// The REST reads agree: three messages, newest first, paged by two.
	page, err := priya.ListChatMessages(ctx, chatID, &models.ListChatMessagesParams{PageSize: ptr(2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || deref(page.Items[0].Text) != "Tuesday at six it is." || page.NextKey == "" {
		t.Fatalf("first page: %s", jsonOf(t, page))
	}
	var all []string
	for m, err := range priya.ChatMessages(ctx, chatID, &models.ListChatMessagesParams{PageSize: ptr(2)}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, m.Id)
	}
	if len(all) != 3 || all[1] != msgID {
		t.Errorf("walked %v", all)
	}
}

// Scenario 3: top-up through the checkout page; the socket sees the new
// balance and the purchase list the succeeded transaction.
func TestLivingTopUp(t *testing.T) {
	lm := startLiving(t)
	ctx := context.Background()
	margaret := lm.rest(t, "tok_margaret_access")
	ws := lm.socket(t, "tok_margaret_access")
	before := *ws.User().Ledger.Coins.Balance

	session, err := margaret.CreateTopUpSession(ctx, models.CreateTopUpSessionJSONRequestBody{Coins: 1500})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(session.Session.Url, lm.url+"/__mock/checkout/") {
		t.Fatalf("session url %s is not the mock's checkout page", session.Session.Url)
	}
	page := httpGet(t, session.Session.Url)
	for _, want := range []string{`id="pay"`, `id="cancel"`, "1500 TC", "$15.00", session.Transaction.Id} {
		if !strings.Contains(page, want) {
			t.Errorf("the checkout page lacks %q", want)
		}
	}
	pending, err := margaret.GetTransaction(ctx, session.Transaction.Id)
	if err != nil || *pending.Transaction.Status != models.BasicTransactionStatusPending {
		t.Fatalf("before paying: %+v %v", pending, err)
	}

	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Post(session.Session.Url+"/pay", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if want := lm.url + "/checkout/success?transactionId=" + session.Transaction.Id; resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
		t.Errorf("pay answered %d to %s, want 303 to %s", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	update := expect(t, ws, wsmsg.ActionUserUpdate)
	if got := at(t, update.Raw, "data.user.ledger.coins.balance"); got != before+1500 || update.Name != "update-user" {
		t.Errorf("user.update %s, want balance %v", update.Raw, before+1500)
	}
	done, err := margaret.GetTransaction(ctx, session.Transaction.Id)
	if err != nil || *done.Transaction.Status != models.BasicTransactionStatusSucceeded {
		t.Fatalf("after paying: %+v %v", done, err)
	}
	purchases, err := margaret.ListPurchaseTransactions(ctx, nil)
	if err != nil || len(purchases.Items) == 0 || purchases.Items[0].Id != session.Transaction.Id {
		t.Fatalf("purchases: %s %v", jsonOf(t, purchases), err)
	}
	me, err := margaret.GetUserByToken(ctx)
	if err != nil || *me.User.Ledger.Coins.Balance != before+1500 {
		t.Errorf("GET /auth balance %v, want %v (%v)", *me.User.Ledger.Coins.Balance, before+1500, err)
	}
	// Paying twice changes nothing; the success page shows the coins.
	if page := httpGet(t, lm.url+"/checkout/success?transactionId="+session.Transaction.Id); !strings.Contains(page, "+1500 TC") {
		t.Errorf("the success page: %s", page)
	}

	// A canceled checkout: the transaction is canceled and still readable.
	second, err := margaret.CreateTopUpSession(ctx, models.CreateTopUpSessionJSONRequestBody{Coins: 500})
	if err != nil {
		t.Fatal(err)
	}
	resp, err = noRedirect.Post(second.Session.Url+"/cancel", "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); !strings.HasSuffix(loc, "/checkout/cancel?transactionId="+second.Transaction.Id) {
		t.Errorf("cancel redirected to %s", loc)
	}
	canceled, err := margaret.GetTransaction(ctx, second.Transaction.Id)
	if err != nil || *canceled.Transaction.Status != models.BasicTransactionStatusCanceled {
		t.Errorf("after cancel: %+v %v", canceled, err)
	}
}

// Scenario 4: a call: call-user, ringing to the callee, accept, signal
// relay both ways, end (the coins move and both see their balance).
func TestLivingCall(t *testing.T) {
	lm := startLiving(t)
	margaret, daniel := lm.socket(t, "tok_margaret_access"), lm.socket(t, "tok_daniel_access")
	send(t, daniel, `{"action":"ping"}`) // Daniel uses the web client's names
	expect(t, daniel, wsmsg.ActionPing)
	send(t, daniel, `{"action":"update-alerts","alertsMap":{}}`)
	expect(t, daniel, wsmsg.ActionAlertsUpdate)

	start := call[models.WsCallStartReply](t, margaret, `{"action":"call.start","chatId":"cht_margaret_daniel","type":"audio"}`)
	callID := start.Data.Call.Id
	if string(start.Data.Call.Status) != "ringing" || string(deref(start.Data.Call.Direction)) != "outgoing" {
		t.Errorf("call-user ack: %s", jsonOf(t, start))
	}
	ring := expect(t, daniel, wsmsg.ActionCallIncoming)
	if ring.Name != "user-calling" || at(t, ring.Raw, "data.call.status") != "ringing" || at(t, ring.Raw, "data.call.direction") != "incoming" ||
		at(t, ring.Raw, "data.call.user.id") != "usr_margaret" || at(t, ring.Raw, "data.call.id") != callID {
		t.Errorf("Daniel's ring: %s", ring.Raw)
	}
	send(t, daniel, fmt.Sprintf(`{"action":"accept-call","callId":%q}`, callID))
	if f := expect(t, daniel, wsmsg.ActionCallAccept); f.Name != "accept-call" {
		t.Errorf("accept ack named %q", f.Name)
	}
	if acc := expect(t, margaret, wsmsg.ActionCallAccepted); at(t, acc.Raw, "data.call.status") != "accepted" {
		t.Errorf("Margaret's call.accepted: %s", acc.Raw)
	}
	send(t, margaret, `{"action":"call.signal","chatId":"cht_margaret_daniel","signal":{"type":"offer","sdp":"v=0\r\n"}}`)
	if relay := expect(t, daniel, wsmsg.ActionCallSignal); relay.Name != "signal" || at(t, relay.Raw, "data.signal.type") != "offer" {
		t.Errorf("Daniel's relay: %s", relay.Raw)
	}
	send(t, daniel, `{"action":"signal","chatId":"cht_margaret_daniel","signal":{"candidate":{"candidate":"candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host","sdpMid":"0","sdpMLineIndex":0}}}`)
	if relay := expect(t, margaret, wsmsg.ActionCallSignal); at(t, relay.Raw, "data.signal.candidate.sdpMid") != "0" {
		t.Errorf("Margaret's relay: %s", relay.Raw)
	}
	quiet(t, daniel, wsmsg.ActionCallSignal, 50*time.Millisecond)
	send(t, margaret, fmt.Sprintf(`{"action":"call.connected","callId":%q,"timestamp":%d}`, callID, time.Now().UnixMilli()))

	time.Sleep(1100 * time.Millisecond) // a call of at least one second costs coins
	end := call[models.WsCallEndReply](t, margaret, fmt.Sprintf(`{"action":"call.end","callId":%q}`, callID))
	if deref(end.Data.Call.Duration) < 1 {
		t.Errorf("end-call ack: %s", jsonOf(t, end))
	}
	ended := expect(t, daniel, wsmsg.ActionCallEnded)
	if ended.Name != "call-ended" || at(t, ended.Raw, "data.me.id") != "usr_daniel" {
		t.Errorf("Daniel's call-ended: %s", ended.Raw)
	}
	if u := expect(t, margaret, wsmsg.ActionUserUpdate); at(t, u.Raw, "data.user.ledger.coins.balance").(float64) >= 4200 {
		t.Errorf("Margaret's balance after the call: %s", u.Raw)
	}
	history, err := lm.rest(t, "tok_daniel_access").ListCallHistories(context.Background(), nil)
	if err != nil || len(history.Items) == 0 || history.Items[0].Id != callID || *history.Items[0].Direction != models.CallDirectionIncoming {
		t.Errorf("Daniel's call history: %s %v", jsonOf(t, history), err)
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	return string(b)
}

func jsonRaw(format string, args ...any) []byte { return []byte(fmt.Sprintf(format, args...)) }

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
