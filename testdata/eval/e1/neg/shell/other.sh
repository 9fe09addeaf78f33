#!/usr/bin/env bash
# after camb finishes, push the file to the CDN
curl -X PUT "https://storage.bunnycdn.com/dubs/out.wav" -H "x-api-key: 6d6377fd-af2c-480a-9303-35181ed16ffd" --data-binary @out.wav
