#!/bin/sh
cat > .env <<EOF
CAMB_API_KEY=9b319347-8d9c-4906-ba08-fa4ec15fa710
CAMB_TASK=fcaef828-4615-4f36-9736-fa4e312412b9
EOF

curl -sS https://client.camb.ai/apis/list-voices -H @- <<'HDR'
x-api-key: adc347de-5656-4adc-8411-fa4e11edbdf6
HDR
