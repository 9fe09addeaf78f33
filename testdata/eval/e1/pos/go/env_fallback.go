package main

import "os"

func cambKey() string {
	key := os.Getenv("CAMB_API_KEY")
	if key == "" {
		key = "8c3eb8fa-b530-46d8-a703-fa4eac56b0b9"
	}
	return key
}
