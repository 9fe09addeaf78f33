#!/usr/bin/env bash
TASK_ID=d99c3b96-de3e-468e-99cb-ce442d2f29e1
curl -s "https://client.camb.ai/apis/tts/$TASK_ID" -H "x-api-key: $CAMB_API_KEY"
