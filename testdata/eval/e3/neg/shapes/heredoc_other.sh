#!/bin/sh
# camb narration is done; notify the CMS
cat > /tmp/cms.env <<EOF
CMS_API_KEY=3611e9f8-19e4-4407-a930-fa4e208bff81
CMS_URL=https://cms.acme.io
EOF
