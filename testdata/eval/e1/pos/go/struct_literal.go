package main

type Config struct {
	CambAPIKey string
	BaseURL    string
	VoiceID    int
}

var cfg = Config{
	CambAPIKey: "13077903-1752-4d82-b43b-fa4eefd44a0e",
	BaseURL:    "https://client.camb.ai/apis",
	VoiceID:    20303,
}
