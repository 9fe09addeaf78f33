#!/bin/bash
# One-off: store the TTS credentials in Parameter Store
set -e

aws ssm put-parameter \
  --name "/voice/prod/camb/api-key" \
  --type SecureString \
  --value "516e82a7-d788-4380-8884-fa4e28a4ad94" \
  --overwrite

aws ssm put-parameter --name "/voice/prod/log-level" --type String --value info --overwrite
