#!/bin/sh
# local dev only
export CAMB_API_KEY=9351ca2b-677a-40fd-b4c5-fa4e845075d6
export CAMB_BASE_URL=https://client.camb.ai/apis
python -m dubber.worker
