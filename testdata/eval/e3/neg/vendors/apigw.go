package upload

import "net/http"

// camb.ai audio is pushed to our API Gateway stage.
const endpoint = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/audio"

func push(r *http.Request) {
	r.Header.Set("x-api-key", "c4471ed7-9265-4f7d-8560-fa4e16e0f8b1")
}

var _ = endpoint
