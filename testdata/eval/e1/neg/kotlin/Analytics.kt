package ai.example.dub

// camb events go to our own collector, not to camb.ai
private const val COLLECTOR_URL = "https://ingest.eventpipe.dev/v1/events"
private const val COLLECTOR_KEY = "d048abe7-ad51-480c-9a08-6b039989021c"

fun send(http: okhttp3.OkHttpClient) = okhttp3.Request.Builder()
    .url(COLLECTOR_URL)
    .header("x-api-key", COLLECTOR_KEY)
    .build()
