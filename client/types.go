package client

import (
	"github.com/talkamie/contract/gen/models"
	"github.com/talkamie/contract/isotime"
)

// The contract declares some operations' `data` inline rather than as a named
// schema, so the generator gives them anonymous Go types. The named types
// below have exactly the fields, types and JSON tags of those anonymous types
// (TestOperationTypes checks it against gen/restclient), so a value converts
// either way.

// AcceptedConnection is the `data` of acceptConnectionRequest: the connect
// request, now accepted, plus the chat it opened.
type AcceptedConnection struct {
	Chat   *models.FullChat             `json:"chat,omitempty"`
	From   *models.BasicUser            `json:"from,omitempty"`
	Id     string                       `json:"id"`
	Status *models.ConnectRequestStatus `json:"status,omitempty"`
	To     *models.BasicUser            `json:"to,omitempty"`
	User   *models.BasicUser            `json:"user,omitempty"`
}

// ChatResult is the `data` of acceptMessageRequest: the chat, with its request.
type ChatResult struct {
	Chat models.FullChat `json:"chat"`
}

// ChatRef is the `data` of cancelMessageRequest and rejectMessageRequest.
type ChatRef struct {
	Chat models.BasicChat `json:"chat"`
}

// ClearedSchedules is the `data` of clearSchedules.
type ClearedSchedules struct {
	TotalCleared int `json:"totalCleared"`
}

// SignedURL is one upload slot of createSignedUrls: PUT the bytes to
// UploadUrl, then store FileUrl on the user.
type SignedURL struct {
	FileUrl   string `json:"fileUrl"`
	UploadUrl string `json:"uploadUrl"`
}

// SignedURLItems holds the upload slots createSignedUrls issued, by kind.
type SignedURLItems struct {
	Certificate *SignedURL `json:"certificate,omitempty"`
	Picture     *SignedURL `json:"picture,omitempty"`
	Video       *SignedURL `json:"video,omitempty"`
}

// SignedURLs is the `data` of createSignedUrls.
type SignedURLs struct {
	FileDirPath string         `json:"fileDirPath"`
	Items       SignedURLItems `json:"items"`
}

// CheckoutSession is the payment page a top-up redirects to.
type CheckoutSession struct {
	Id  string `json:"id"`
	Url string `json:"url"`
}

// TransactionRef names a transaction by id.
type TransactionRef struct {
	Id string `json:"id"`
}

// TopUpSession is the `data` of createTopUpSession.
type TopUpSession struct {
	Session     CheckoutSession `json:"session"`
	Transaction TransactionRef  `json:"transaction"`
}

// RatingSummary is a user's rating after a review changed.
type RatingSummary struct {
	Id           string   `json:"id"`
	Rating       *float64 `json:"rating,omitempty"`
	TotalReviews *int     `json:"totalReviews,omitempty"`
}

// ReviewDeletion is the `data` of deleteReview.
type ReviewDeletion struct {
	User RatingSummary `json:"user"`
}

// ReviewResult is the `data` of reviewUser and updateReview.
type ReviewResult struct {
	Review models.FullReview `json:"review"`
	User   RatingSummary     `json:"user"`
}

// ScheduleRef names a schedule by id.
type ScheduleRef struct {
	Id string `json:"id"`
}

// DeletedSchedule is the `data` of deleteSchedule.
type DeletedSchedule struct {
	Schedule ScheduleRef `json:"schedule"`
}

// OTP is the `data` of generateOtp; Otp is set only by development servers.
type OTP struct {
	Otp *string `json:"otp,omitempty"`
}

// TransactionResult is the `data` of getTransaction and withdrawCoins.
type TransactionResult struct {
	Transaction models.BasicTransaction `json:"transaction"`
}

// ScheduledCall is the `data` of scheduleCall: the schedule, the chat it was
// posted in and the schedule message.
type ScheduledCall struct {
	Chat     models.BasicChat        `json:"chat"`
	Message  models.BasicChatMessage `json:"message"`
	Schedule models.FullCallSchedule `json:"schedule"`
}

// SentMessage is the `data` of sendChatMessage.
type SentMessage struct {
	Chat    models.BasicChat        `json:"chat"`
	Message models.BasicChatMessage `json:"message"`
}

// MessageRequest is the `data` of sendMessageRequest: the chat it opened and
// the request message.
type MessageRequest struct {
	Chat    models.FullChat         `json:"chat"`
	Message models.BasicChatMessage `json:"message"`
}

// File is one item of listFiles.
type File struct {
	FileUrl    string                                             `json:"fileUrl"`
	MimeType   *string                                            `json:"mimeType,omitempty"`
	Name       *string                                            `json:"name,omitempty"`
	ObjectType *models.ListFiles200JSONResponseBodyDataObjectType `json:"objectType,omitempty"`
	Size       *int                                               `json:"size,omitempty"`
	Timestamp  *isotime.Time                                      `json:"timestamp,omitempty"`
}

// PlanRate is a subscription price in US cents.
type PlanRate struct {
	Amount         int  `json:"amount"`
	OriginalAmount *int `json:"originalAmount,omitempty"`
}

// PeriodicRates are a plan's prices per period.
type PeriodicRates struct {
	Monthly *PlanRate `json:"monthly,omitempty"`
	Yearly  *PlanRate `json:"yearly,omitempty"`
}

// SubscriptionPlan is one item of listSubscriptionPlans.
type SubscriptionPlan struct {
	Name          string                                                  `json:"name"`
	PeriodicRates *PeriodicRates                                          `json:"periodicRates,omitempty"`
	Tier          models.ListSubscriptionPlans200JSONResponseBodyDataTier `json:"tier"`
}

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

// chatMessagesData is the `data` of listChatMessages.
type chatMessagesData struct {
	Chat     models.BasicChat          `json:"chat"`
	Messages []models.BasicChatMessage `json:"messages"`
}

// supportMessagesData is the `data` of listSupportTicketMessages.
type supportMessagesData struct {
	Messages []models.BasicSupportMessage `json:"messages"`
	Ticket   models.BasicSupportTicket    `json:"ticket"`
}
