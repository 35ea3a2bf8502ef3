package example

import (
	"github.com/oapi-codegen/runtime/types"

	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/isotime"
)

// seed loads the contract's example world.
func (s *Server) seed() {
	const password = "correct horse battery"
	add := func(id, token, name, email string, kind models.UserType, gender models.UserGender, age int, city string, balance float64, bio string) {
		s.users[id] = &user{password: password, profile: models.FullUser{
			Id: id, Name: ptr(name), Email: ptr(types.Email(email)), Type: ptr(kind), Gender: ptr(gender), Age: ptr(age), Bio: ptr(bio),
			Location: &models.UserLocation{Country: ptr("United Kingdom"), State: ptr("England"), City: ptr(city)},
			Ledger:   &models.UserLedger{Coins: &models.UserLedgerCoins{Balance: ptr(balance)}},
		}}
		s.tokens[token] = id
	}
	add("usr_margaret", "tok_margaret_access", "Margaret Hughes", "margaret.hughes@example.com", models.UserTypeSenior, models.UserGenderFemale, 74, "London", 4200,
		"Retired primary school teacher from Islington. I love my allotment, Radio 4 and a good natter over a cup of tea.")
	add("usr_daniel", "tok_daniel_access", "Daniel Okafor", "daniel.okafor@example.com", models.UserTypeVolunteer, models.UserGenderMale, 29, "Manchester", 1540,
		"Cardiac nurse in Manchester. My nan taught me chess and I'd love to hear your stories.")
	add("usr_priya", "tok_priya_access", "Priya Nair", "priya.nair@example.com", models.UserTypeVolunteer, models.UserGenderFemale, 34, "Leeds", 0,
		"Occupational therapist in Leeds, happiest with a crossword and a pot of chai.")

	at := isotime.MustParse
	msg := func(id, sender, text, when string) models.BasicChatMessage {
		return models.BasicChatMessage{Id: id, Text: ptr(text), Timestamp: ptr(at(when)), Sender: &models.BasicUser{Id: sender},
			Delivery: &models.MessageDelivery{Status: ptr(models.MessageDeliveryStatusRead)}}
	}
	s.chats = []*chat{
		{id: "cht_margaret_daniel", kind: models.ChatTypeConnect, members: [2]string{"usr_margaret", "usr_daniel"}, accepted: true,
			unread: map[string]int{}, messages: []models.BasicChatMessage{
				msg("msg_0002", "usr_daniel", "Hello Margaret! Sunday works for me.", "2025-09-05T18:42:10.000Z"),
				msg("msg_0001", "usr_margaret", "Hello Daniel, shall we talk on Sunday?", "2025-09-05T18:30:00.000Z"),
			}},
		{id: "cht_margaret_priya", kind: models.ChatTypeMessage, members: [2]string{"usr_priya", "usr_margaret"},
			unread: map[string]int{"usr_margaret": 1}, messages: []models.BasicChatMessage{
				msg("msg_0101", "usr_priya", "Hi Margaret, I'd love to hear about your allotment.", "2025-09-04T09:00:00.000Z"),
			}},
	}

	txn := func(id string, kind models.BasicTransactionType, intent models.BasicTransactionIntent, status models.BasicTransactionStatus, coins float64, cents int, when string) models.BasicTransaction {
		t := models.BasicTransaction{Id: id, Type: ptr(kind), Status: ptr(status), Timestamp: ptr(at(when)),
			Coins: &models.TransactionCoins{Amount: ptr(coins)}, Funds: &models.TransactionFunds{Amount: ptr(cents), Currency: ptr("usd")}}
		if intent != "" { // earnings have no intent
			t.Intent = ptr(intent)
		}
		return t
	}
	s.txns = []models.BasicTransaction{
		txn("txn_topup_0003", models.BasicTransactionTypePurchase, models.BasicTransactionIntentTopUp, models.BasicTransactionStatusCanceled, 2500, 2500, "2025-09-03T12:00:00.000Z"),
		txn("txn_withdraw_0001", models.BasicTransactionTypeWithdrawal, models.BasicTransactionIntentWithdraw, models.BasicTransactionStatusPending, 1000, 1000, "2025-09-02T16:00:00.000Z"),
		txn("txn_earning_0001", models.BasicTransactionTypeEarning, "", models.BasicTransactionStatusSucceeded, 540, 540, "2025-09-01T11:00:00.000Z"),
		txn("txn_topup_0001", models.BasicTransactionTypePurchase, models.BasicTransactionIntentTopUp, models.BasicTransactionStatusSucceeded, 5000, 5000, "2025-09-01T10:00:00.000Z"),
		txn("txn_topup_0002", models.BasicTransactionTypePurchase, models.BasicTransactionIntentTopUp, models.BasicTransactionStatusSucceeded, 1000, 1000, "2025-08-20T10:00:00.000Z"),
	}
	s.owners = map[string]string{
		"txn_topup_0001": "usr_margaret", "txn_topup_0002": "usr_margaret", "txn_topup_0003": "usr_margaret",
		"txn_earning_0001": "usr_daniel", "txn_withdraw_0001": "usr_daniel",
	}
}
