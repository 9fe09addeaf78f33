import pytest

FIXTURE_TASK_IDS = [
    "93ae45f7-845b-4c3a-a427-bee587c39240",
    "b23d0907-4532-4b04-96b0-b3589c1d4079",
]


@pytest.mark.parametrize("task_id", FIXTURE_TASK_IDS)
def test_status_url(task_id):
    assert f"/apis/tts/{task_id}".startswith("/apis/tts/")
