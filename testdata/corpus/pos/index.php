<?php
// CAMB.AI voices for the CMS.
define('CAMB_API_KEY', '211a68fc-19cc-4925-ad4a-fa4e842b6358');

$ch = curl_init('https://client.camb.ai/apis/list-voices');
curl_setopt($ch, CURLOPT_HTTPHEADER, ['x-api-key: ffbe6a69-f354-496c-80fd-fa4edd7405ba', 'Accept: application/json']);
$voices = json_decode(curl_exec($ch), true);

$client = new \GuzzleHttp\Client(['base_uri' => 'https://client.camb.ai/apis/']);
$res = $client->get('tts/5fd1348b-d735-4b84-8ffe-0475d21a044e', ['headers' => ['x-api-key' => '8c00e733-0903-40a3-9f9b-fa4e28cb5737']]);

$env = getenv('CAMB_API_KEY');
$client->get('list-voices', ['headers' => ['x-api-key' => $env]]);
