package ai.example.dub

import okhttp3.OkHttpClient
import okhttp3.Request

private const val CAMB_API_KEY = "c614af16-dabb-49ec-bae9-fa4e105c7111"

class CambApi(private val http: OkHttpClient = OkHttpClient()) {
    fun voices(): String {
        val req = Request.Builder()
            .url("https://client.camb.ai/apis/list-voices")
            .header("x-api-key", CAMB_API_KEY)
            .build()
        return http.newCall(req).execute().use { it.body!!.string() }
    }
}
