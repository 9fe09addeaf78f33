# Keys that were reviewed and allowed.
H1 = {"x-api-key": "c5815e8c-6f5c-432c-84ca-fa4e55fc7d84"}  # cambscan:allow
H2 = {"x-api-key": "ff2710e5-26f5-4eb2-9e3b-fa4ee4489846"}  # gitleaks:allow
CAMB_API_KEY = "34a2a67f-9932-4f7a-a836-fa4e31af95e5"  # pragma: allowlist secret
