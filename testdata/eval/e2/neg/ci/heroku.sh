#!/bin/sh
# camb dubbing bot
heroku config:set PINECONE_API_KEY=2a347b55-542f-4aa0-b73c-fa4ed7708961 -a camb-dubbing-bot
heroku config:set CAMB_API_KEY="$CAMB_API_KEY" -a camb-dubbing-bot
