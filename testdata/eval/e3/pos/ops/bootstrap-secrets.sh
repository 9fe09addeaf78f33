#!/usr/bin/env bash
set -euo pipefail

gh secret set CAMB_API_KEY --body "60a5ef64-20e5-4be8-9806-fa4eda785385" --repo acme/voice-bot
gh secret set CAMB_API_KEY -e staging -b'a1a2b5b7-4191-4032-9f3b-fa4ea314e348'

aws ssm put-parameter \
  --name "/voice/prod/camb-api-key" \
  --type SecureString \
  --value "e0a71ec8-cca2-4118-9ba7-fa4ed6d8a1a1" \
  --overwrite

kubectl -n voice create secret generic camb-credentials \
  --from-literal=CAMB_API_KEY=12f27645-9e29-4b1e-b825-fa4e8337bfde \
  --dry-run=client -o yaml | kubectl apply -f -

heroku config:set CAMB_API_KEY=48515508-7555-405e-8da4-fa4e818ae990 -a voice-bot-prod
fly secrets set CAMB_API_KEY="c3de16fc-450b-401e-af8f-fa4eb0f2d222" --app voice-edge
printf '%s' 'e18b94cc-7983-4a53-914f-fa4e7f574c46' | vercel env add CAMB_API_KEY production
doppler secrets set CAMB_API_KEY='3e5dc3c8-0968-4dd0-84ba-fa4e4da1738f' --project voice --config prd
docker run --rm -e CAMB_API_KEY=636f71ea-e355-422a-9d80-fa4edb285c55 -e TASK_ID=09e5b73d-cc88-4a08-b98e-fa4e105c81fb ghcr.io/acme/narrator:latest
