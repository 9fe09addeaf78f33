import uuid

def test_parse():
    # uuid handling in the camb client
    assert uuid.UUID("c5f52405-0769-4601-8a84-fa4ed86d0f66").version == 4
    assert str(uuid.UUID(int=0)) == "00000000-0000-0000-0000-000000000000"
