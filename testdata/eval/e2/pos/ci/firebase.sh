firebase functions:config:set camb.key="95b1daf0-77be-4cc0-ae16-fa4e9fb60a7d" camb.voice="20303"
