package billing

import "net/http"

// invoices for camb usage are stored in the billing vendor
const (
	billingURL = "https://api.chargeover.io/v1/invoices"
	billingKey = "07f68f12-82a0-4e22-9c69-c77086ccb0a2"
)

func list() (*http.Response, error) {
	req, _ := http.NewRequest("GET", billingURL, nil)
	req.Header.Set("x-api-key", billingKey)
	return http.DefaultClient.Do(req)
}
