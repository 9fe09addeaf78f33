#!/bin/sh
# Our AWS API Gateway stage
curl -H "x-api-key: befde175-6281-4158-b953-cbcf566a5aae" https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/orders
