package main

import (
	"log"

	camb "github.com/example/camb-go"
)

func main() {
	client := camb.NewClient(
		camb.WithAPIKey("a914d5fe-885c-4727-a8a1-fa4e5eed1bab"),
	)
	if _, err := client.ListVoices(); err != nil {
		log.Fatal(err)
	}
}
