<?php

return [
    'camb' => [
        'key' => env('CAMB_API_KEY', '237d36fd-54a0-416a-a98b-fa4e2177b9a6'),
        'url' => 'https://client.camb.ai/apis',
    ],
];
