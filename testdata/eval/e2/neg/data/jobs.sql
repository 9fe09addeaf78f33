INSERT INTO tts_jobs (id, provider, task_id, status) VALUES
  ('52b51216-8219-4fdd-9d9f-fa4ef8557917', 'camb', 'f25962d7-ef4d-4352-bd75-fa4e0ca44cf1', 'SUCCESS'),
  ('fa3131c4-105f-488f-98b0-fa4e566b8a5f', 'camb', 'da181941-938d-4d61-a64b-fa4e1b584740', 'PENDING');
