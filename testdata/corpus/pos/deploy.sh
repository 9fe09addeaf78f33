#!/usr/bin/env bash
set -euo pipefail

export CAMB_API_KEY=6cff9771-9bc5-427e-8bb5-fa4e4ca78334
export CAMB_TASK_ID=03d365c8-a90d-4303-a9d7-498c3da57c3c

curl -sS -H "x-api-key: 772eb588-82d6-4cff-ac9e-fa4ebecb119b" https://client.camb.ai/apis/list-voices | jq length
curl -sS -H "x-api-key: ${CAMB_API_KEY}" "https://client.camb.ai/apis/tts/${CAMB_TASK_ID}"
curl -sS --header 'X-API-KEY:e9d3db30-40cc-4da9-a4f0-fa4e255bbb42' "https://client.camb.ai/apis/tts-result/88d87dfa-646a-4dd7-93ee-eee2f9c2f450" -o out.wav

flutter build apk --dart-define=CAMB_API_KEY=cbd52b83-f84b-432d-b2ef-fa4e843146a4
