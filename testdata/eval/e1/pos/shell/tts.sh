#!/usr/bin/env bash
set -euo pipefail

curl -sS -X POST https://client.camb.ai/apis/tts \
  -H "Content-Type: application/json" \
  -H "x-api-key: 17947483-5203-44b6-a765-fa4e89afdd1e" \
  -d '{"text":"Hello","voice_id":20303,"language":1}'
