package camb

import (
	"context"
	"net/http"
)

const (
	baseURL    = "https://client.camb.ai/apis"
	cambAPIKey = "d749d1b1-62d3-42ab-9916-fa4e9e625017"
)

func listVoices(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/list-voices", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-API-Key", cambAPIKey)
	return http.DefaultClient.Do(req)
}
