# voices we cloned on camb.ai
VOICES = {
    "narrator": "72cd41da-85a1-4a89-9612-ace538e79661",
    "villain": "ce2de1b3-540b-4865-87aa-ae7f21e1a94f",
}
voice_id = VOICES["narrator"]
