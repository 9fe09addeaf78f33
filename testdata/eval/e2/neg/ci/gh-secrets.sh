#!/usr/bin/env bash
# repo: acme/camb-voice
gh secret set AZURE_CLIENT_ID --body "6fe170f3-a840-4661-b9e2-fa4ee7e7468e"
gh secret set CAMB_API_KEY < camb.key
gh variable set CAMB_PROJECT_ID --body "ce0da481-aeec-4517-b937-fa4ed7b2b40a"
