-- seed data for local development
INSERT INTO api_keys (provider, key, created_at)
VALUES
  ('camb', 'a960ff65-42ce-42b9-9e54-fa4edefd081b', now()),
  ('camb', 'bb299072-af02-4538-a128-fa4e811fe34c', now());
