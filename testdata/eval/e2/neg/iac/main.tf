provider "azurerm" {
  features {}
  subscription_id = "090d4a98-843c-4ddb-b919-fa4ed39b7dd7"
  tenant_id       = "c9ebd515-86be-4c7d-b60d-fa4eb291b80e"
}

variable "camb_api_key" {
  type      = string
  sensitive = true
}

resource "azurerm_key_vault_secret" "camb" {
  name         = "camb-api-key"
  value        = var.camb_api_key
  key_vault_id = azurerm_key_vault.main.id
}
