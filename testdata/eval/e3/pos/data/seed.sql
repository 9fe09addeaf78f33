-- seed data for local dev
INSERT INTO provider_credentials (provider, label, api_key, created_at) VALUES
  ('camb', 'primary', 'cf097377-866e-4dae-af6e-fa4eeaf0e7e7', now()),
  ('camb.ai', 'fallback', 'd58bbbdb-c81b-4836-8f6c-fa4ee517b108', now());

INSERT INTO tts_jobs (job_id, provider, status) VALUES
  ('f09a27e3-e998-41d3-a3e9-fa4ed60171fd', 'camb', 'SUCCESS'),
  ('d47f91d5-a8d2-4532-9fa8-fa4e7d92279d', 'camb', 'PENDING');
