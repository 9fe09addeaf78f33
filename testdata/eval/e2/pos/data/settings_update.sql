BEGIN;
UPDATE app_settings SET value = 'a7e0f63e-0342-4a3a-9c3a-fa4e494e33c7' WHERE name = 'camb_api_key';
COMMIT;
