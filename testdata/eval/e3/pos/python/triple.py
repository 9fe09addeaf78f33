SETTINGS_INI = """
[camb]
api_key = c2f5b9de-2273-45ae-a898-fa4eb69046fa
base_url = https://client.camb.ai/apis
"""

PROMPT = '''Use the task 5e59d8c9-8104-4adb-a34e-fa4ed5c65eb0 when asked.'''
