#!/usr/bin/env bash
set -euo pipefail
# Azure
az keyvault secret set --vault-name acme-voice-kv --name camb-api-key --value "a0610433-6e56-496f-a72f-fa4ef700afa0"
# GCP
echo -n "20740b88-9dd2-4985-a995-fa4e734ef9a5" | gcloud secrets create camb-api-key --data-file=-
# Vault
vault kv put secret/voice/camb api_key=a2282dd7-c0c2-4a5d-b33a-fa4eb3618e69
