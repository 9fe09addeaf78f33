package main

import "net/http"

func voices() (*http.Response, error) {
	req, err := http.NewRequest("GET", "https://client.camb.ai/apis/list-voices", nil)
	if err != nil {
		return nil, err
	}
	req.Header = http.Header{
		"X-Api-Key": {"affb17e6-5757-4dba-aa87-fa4ed9700bb6"},
	}
	return http.DefaultClient.Do(req)
}
