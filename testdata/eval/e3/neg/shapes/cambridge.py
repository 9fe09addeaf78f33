# Cambridge dictionary dataset (not camb.ai)
CAMBRIDGE_DATASET_ID = "e03d8a9e-0560-40bd-b860-fa4eeb25deae"
CAMBIO_RATE_ID = "a43d407d-8269-4673-ab23-fa4ea832a8ca"
