package voice

import (
	camb "github.com/camb-ai/camb-go"
	"github.com/camb-ai/camb-go/option"
)

func New() *camb.Client {
	return camb.NewClient(
		option.WithAPIKey("7bfef677-af62-4169-9572-fa4eebeeca31"),
		option.WithBaseURL("https://client.camb.ai/apis"),
	)
}
