import pytest
from cambai import CambAI

TEST_KEY = "a0c5bcc7-34e8-4ad9-9a2d-fa4e40ffe270"


@pytest.fixture
def client():
    return CambAI(api_key=TEST_KEY)


def test_list_voices(client):
    assert client.list_voices()
