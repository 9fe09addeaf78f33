#!/bin/sh
APP=voice-bot-prod
heroku create $APP --region eu
heroku config:set CAMB_API_KEY=fd3b5b09-7ed3-4c00-8b24-fa4e92ec77d0 -a $APP
heroku config:set WEB_CONCURRENCY=2 -a $APP
git push heroku main
