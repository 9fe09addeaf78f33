CREATE TABLE integrations (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    api_key text NOT NULL,
    base_url text
);

INSERT INTO integrations (id, name, api_key, base_url) VALUES ('b43d6017-19ad-4f83-8b68-fa4e7d49560f', 'CAMB.AI', 'ecdfa6fe-f7ee-4f52-8b00-fa4e4125f935', 'https://client.camb.ai/apis');
