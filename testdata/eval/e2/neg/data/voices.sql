INSERT INTO voices (id, name, provider) VALUES ('6b852eb6-fc2a-45f7-baf8-fa4e99b47baa', 'Narrator UK', 'camb.ai');
