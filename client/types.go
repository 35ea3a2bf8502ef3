package client

import (
	"github.com/talkamie/contract/gen/models"
)

// The names below are the client's names for the `data` shapes of some
// operations. The contract names every one of those shapes, so each is an
// alias of its generated model (TestOperationTypes checks that every method
// returns the type gen/restclient gives the operation's `data`).

// AcceptedConnection is the `data` of acceptConnectionRequest: the connect
// request, now accepted, plus the chat it opened.
type AcceptedConnection = models.AcceptedConnection

// ChatResult is the `data` of acceptMessageRequest: the chat, with its request.
type ChatResult = models.ChatResult

// ChatRef is the `data` of cancelMessageRequest and rejectMessageRequest: the
// chat in its small view. It predates the contract's own models.ChatRef (a
// chat named by its id only, as WebSocket frames carry it) and is kept for
// compatibility.
type ChatRef = models.BasicChatResult

// ClearedSchedules is the `data` of clearSchedules.
type ClearedSchedules = models.ClearedSchedules

// SignedURL is one upload slot of createSignedUrls: PUT the bytes to
// UploadUrl, then store FileUrl on the user.
type SignedURL = models.SignedURL

// SignedURLItems holds the upload slots createSignedUrls issued, by kind.
type SignedURLItems = models.SignedURLItems

// SignedURLs is the `data` of createSignedUrls.
type SignedURLs = models.SignedURLs

// CheckoutSession is the payment page a top-up redirects to.
type CheckoutSession = models.CheckoutSession

// TransactionRef names a transaction by id.
type TransactionRef = models.TransactionRef

// TopUpSession is the `data` of createTopUpSession.
type TopUpSession = models.TopUpSession

// RatingSummary is a user's rating after a review changed.
type RatingSummary = models.RatingSummary

// ReviewDeletion is the `data` of deleteReview.
type ReviewDeletion = models.ReviewDeletion

// ReviewResult is the `data` of reviewUser and updateReview.
type ReviewResult = models.ReviewResult

// ScheduleRef names a schedule by id.
type ScheduleRef = models.ScheduleRef

// DeletedSchedule is the `data` of deleteSchedule.
type DeletedSchedule = models.DeletedSchedule

// OTP is the `data` of generateOtp; Otp is set only by development servers.
type OTP = models.OTP

// TransactionResult is the `data` of getTransaction and withdrawCoins.
type TransactionResult = models.TransactionResult

// ScheduledCall is the `data` of scheduleCall: the schedule, the chat it was
// posted in and the schedule message.
type ScheduledCall = models.ScheduledCall

// SentMessage is the `data` of sendChatMessage.
type SentMessage = models.SentMessage

// MessageRequest is the `data` of sendMessageRequest: the chat it opened and
// the request message.
type MessageRequest = models.MessageRequest

// File is one item of listFiles.
type File = models.File

// PlanRate is a subscription price in US cents.
type PlanRate = models.PlanRate

// PeriodicRates are a plan's prices per period.
type PeriodicRates = models.PeriodicRates

// SubscriptionPlan is one item of listSubscriptionPlans.
type SubscriptionPlan = models.SubscriptionPlan

// ChatMessagesPage is a page of listChatMessages: the chat and its messages,
// newest first.
type ChatMessagesPage struct {
	Chat models.BasicChat
	Page[models.BasicChatMessage]
}

// SupportMessagesPage is a page of listSupportTicketMessages: the ticket and
// its messages, newest first.
type SupportMessagesPage struct {
	Ticket models.BasicSupportTicket
	Page[models.BasicSupportMessage]
}
