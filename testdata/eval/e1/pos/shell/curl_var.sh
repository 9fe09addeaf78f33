#!/usr/bin/env bash
KEY="72da71cd-ca03-4582-9fa8-fa4e92341f86"
BASE="https://client.camb.ai/apis"
curl -s "$BASE/list-voices" -H "x-api-key: $KEY" | jq '.[0]'
