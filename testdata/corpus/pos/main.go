package main

import (
	"fmt"
	"net/http"

	"github.com/camb-ai/cambai-go-sdk/client"
	"github.com/camb-ai/cambai-go-sdk/option"
)

const apiKeyHeader = "x-api-key"

// exampleTask is a finished dubbing task, kept for the docs.
const exampleTask = "a529dbcb-fcc7-4186-b5fd-d933fd1f876e"

func main() {
	c := client.NewClient(
		option.WithAPIKey("8da94b02-feb4-44c3-8b66-fa4e1851e26e"),
	)
	_ = c

	req, _ := http.NewRequest("GET", "https://client.camb.ai/apis/list-voices", nil)
	req.Header.Set("X-Api-Key", "d8ce2440-19da-4b1c-acd9-fa4e42cbd74f")
	req.Header.Add(apiKeyHeader, "c8f848e0-86b0-4a35-9c3b-fa4ef7c43e52")
	fmt.Println(req.URL, "https://client.camb.ai/apis/dub/"+exampleTask)

	status, _ := http.NewRequest("GET", "https://client.camb.ai/apis/tts/dde0d63d-6c87-4691-a16c-5b9a6343657c", nil)
	status.Header = http.Header{"X-Api-Key": {"4d2be0df-080f-42e7-ab2a-fa4e50db18da"}}
}
