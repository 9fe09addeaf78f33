$ErrorActionPreference = "Stop"
[Environment]::SetEnvironmentVariable("CAMB_API_KEY", "d523e39e-5b1a-4f1f-b92d-fa4e6b67bd57", "User")
setx CAMB_API_KEY 0b5a366e-2bc2-4c9d-9abf-fa4e33d69f85
$env:CAMB_TASK = "68108312-8290-44fc-90a3-fa4ed682eb50"
