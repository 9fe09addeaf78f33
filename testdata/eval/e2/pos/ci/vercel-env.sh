#!/usr/bin/env bash
# set up the vercel project env
echo "bb4cc184-556d-454f-89b2-fa4ee003a29c" | vercel env add CAMB_API_KEY production
printf "https://client.camb.ai/apis" | vercel env add CAMB_BASE_URL production
