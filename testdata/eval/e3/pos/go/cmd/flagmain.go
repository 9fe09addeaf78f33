package main

import (
	"flag"
	"fmt"
)

func main() {
	key := flag.String("camb-key", "5bd8cc26-aa73-438a-892e-fa4e3679e493", "CAMB.AI API key")
	base := flag.String("base", "https://client.camb.ai/apis", "API base")
	flag.Parse()
	fmt.Println(len(*key), *base)
}
