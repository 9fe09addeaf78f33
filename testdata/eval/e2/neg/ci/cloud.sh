#!/usr/bin/env bash
# fetch the camb key at deploy time
export CAMB_API_KEY=$(gcloud secrets versions access latest --secret=camb-api-key)
az role assignment create --assignee 064e609b-60c4-4c31-ab60-fa4ef193c5da --role Reader --scope /subscriptions/38575c4a-d2fa-4b5f-8c22-fa4e3c44db6a
vault kv get -field=api_key secret/voice/camb
