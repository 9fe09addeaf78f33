package rules_test

import (
	"fmt"

	"github.com/cambscan/cambscan/internal/fakekey"
	"github.com/cambscan/cambscan/rules"
)

func ExampleSet_Match() {
	key := fakekey.New("example")
	data := []byte("import requests\n\n" +
		"r = requests.get(\"https://client.camb.ai/apis/list-voices\",\n" +
		"                 headers={\"x-api-key\": \"" + key + "\"})\n" +
		"status = requests.get(\"https://client.camb.ai/apis/tts/" + fakekey.New("task")[:35] + "0\")\n")
	text, skip := rules.Text(data)
	if skip != "" {
		fmt.Println("skipped:", skip)
		return
	}
	for _, m := range rules.New().Match(text) {
		line, col := rules.Position(text, m.Start)
		fmt.Println(m.RuleID, m.Confidence, line, col, string(text[m.Start:m.End]) == key)
	}
	// Output:
	// camb-api-key-header high 4 41 true
}
