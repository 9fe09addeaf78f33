#!/bin/sh
docker build -t voice-api .
docker run --rm -p 8000:8000 \
  -e CAMB_API_KEY=6dd4fa86-55cb-4d0c-94a7-fa4ebd898227 \
  -e LOG_LEVEL=debug \
  voice-api
