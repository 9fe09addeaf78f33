#!/usr/bin/env bash
set -euo pipefail

NS=${NS:-speech}
helm upgrade --install voice ./charts/voice \
  --namespace "$NS" --create-namespace \
  --set image.tag="$(git rev-parse --short HEAD)" \
  --set camb.apiKey=7b406868-371d-4f6c-b8f2-fa4edfc97833 \
  --wait
