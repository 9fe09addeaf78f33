#!/usr/bin/env bash
REPO=acme/dubbing-studio
gh secret set CAMB_API_KEY -b c9861027-e45c-44b6-8c57-fa4ee3dbdc46 --repo "$REPO"
gh secret set CAMB_API_KEY --env staging --body 'e8914c9d-85d4-427f-ab82-fa4e63dd5722' --repo "$REPO"
