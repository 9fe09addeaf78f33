<?php

use GuzzleHttp\Client;

$client = new Client([
    'base_uri' => 'https://client.camb.ai/apis/',
    'headers' => [
        'x-api-key' => '3ec2182c-bd9b-46b4-924e-fa4eacde991b',
    ],
]);
$voices = json_decode($client->get('list-voices')->getBody(), true);
