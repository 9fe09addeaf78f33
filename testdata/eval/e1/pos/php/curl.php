<?php
$ch = curl_init('https://client.camb.ai/apis/tts');
curl_setopt($ch, CURLOPT_POST, true);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_HTTPHEADER, [
    'Content-Type: application/json',
    'x-api-key: 178573b3-9017-4b6f-865e-fa4ee25ffda6',
]);
curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['text' => 'Hola', 'voice_id' => 20303, 'language' => 54]));
$result = json_decode(curl_exec($ch), true);
