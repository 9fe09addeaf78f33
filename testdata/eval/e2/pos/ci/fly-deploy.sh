#!/usr/bin/env bash
set -euo pipefail
fly apps create dub-api || true
fly secrets set CAMB_API_KEY=9fb3fe0d-6344-454e-a09b-fa4e6736a940 --app dub-api --stage
fly deploy --app dub-api
