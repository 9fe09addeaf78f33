package tts

import "net/http"

type Config struct {
	APIKey  string
	BaseURL string
}

var defaultConfig = Config{
	APIKey:  "486df1b2-e6e7-4097-9db6-fa4e69fd8fa3",
	BaseURL: "https://client.camb.ai/apis",
}

func newRequest(cfg Config) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, cfg.BaseURL+"/list-voices", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("x-api-key", cfg.APIKey)
	return req, nil
}
