INSERT INTO tts_jobs (job_id, provider, status, created_at) VALUES
  ('ed26ce7f-a65c-4086-b970-fa4eeb15b33b', 'camb', 'SUCCESS', now()),
  ('96c86bd7-c886-479d-bd57-fa4e980c0abf', 'camb.ai', 'FAILED', now());
