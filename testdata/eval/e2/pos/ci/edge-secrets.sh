#!/bin/sh
echo "48aba97b-ec58-4ae3-9fcb-fa4e19989bee" | npx wrangler secret put CAMB_API_KEY
netlify env:set CAMB_API_KEY e88ca3df-9b8e-458e-ab87-fa4e0583839f
supabase secrets set CAMB_API_KEY=e87b80ce-1b4e-4bd6-b11c-fa4e63220430
railway variables --set "CAMB_API_KEY=e9c9fab8-2548-4fc7-8774-fa4e2e5d2e2c"
