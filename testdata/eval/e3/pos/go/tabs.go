package voice

var cambKeys = map[string]string{
	"prod":	"e63ac0d1-e70c-4871-a212-fa4e34989fc6",
	"dev":	"635e7aa1-dc67-4112-a9a5-fa4ef9e1e5fb",
}

const cambBase = "https://client.camb.ai/apis"
