#!/bin/sh
# after the camb.ai TTS step, upload to our storage API
curl -X PUT https://uploads.acme-media.com/v2/files \
  -H "x-api-key: ec8f3e7f-1495-4be1-854a-fa4ee12222cd" \
  --data-binary @narration.wav
