import argparse

parser = argparse.ArgumentParser(description="check a CAMB.AI task")
parser.add_argument("--camb-task-id", default="105837b2-d865-4cd0-8e4c-6df0e5a1406d")
parser.add_argument("--camb-api-key", default=None)
