<?php
$ch = curl_init('https://client.camb.ai/apis/tts');
curl_setopt($ch, CURLOPT_HTTPHEADER, [
    'Content-Type: application/json',
    'x-api-key: e7b2e719-e4e1-468c-8fc8-fa4e096bba56',
]);

return [
    'camb' => [
        'key' => env('CAMB_API_KEY', 'f91df3cd-453b-4b4d-93e3-fa4e59dbf78c'),
        'url' => 'https://client.camb.ai/apis',
    ],
];
