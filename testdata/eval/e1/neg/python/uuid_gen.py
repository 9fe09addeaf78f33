import uuid

# example output: a0bf8f27-076d-4a46-8b98-09b5ee51487b (camb tasks use uuid4 too)
def new_task_id() -> str:
    return str(uuid.uuid4())
