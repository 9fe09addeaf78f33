#!/bin/bash
doppler setup --project voice --config prd --no-interactive
doppler secrets set CAMB_API_KEY="9582342c-a849-4e2c-9fb2-fa4eaf20432a" --project voice --config prd
doppler secrets set LOG_LEVEL=warn --project voice --config prd
