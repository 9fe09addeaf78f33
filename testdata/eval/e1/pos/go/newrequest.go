package tts

import (
	"bytes"
	"net/http"
)

func Create(body []byte) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, "https://client.camb.ai/apis/tts", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("x-api-key", "57ffc8f6-e6bc-4c2f-bb05-fa4e11924de0")
	return http.DefaultClient.Do(req)
}
