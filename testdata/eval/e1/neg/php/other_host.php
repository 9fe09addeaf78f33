<?php
// camb dubbing admin: shipping quotes
$ch = curl_init('https://api.shipquote.co/v2/quote');
curl_setopt($ch, CURLOPT_HTTPHEADER, ['x-api-key: f6f54549-e462-4029-8ae7-af29be140659']);
