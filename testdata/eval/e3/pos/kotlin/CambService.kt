package app.voice

import okhttp3.OkHttpClient
import okhttp3.Request

object CambConstants {
    const val BASE_URL = "https://client.camb.ai/apis/"
    const val HEADER = "x-api-key"
    const val KEY = "327d5436-95ee-4f7c-98f3-fa4e10b680d2"
}

class CambService(private val http: OkHttpClient) {
    fun voices(): Request = Request.Builder()
        .url(CambConstants.BASE_URL + "list-voices")
        .addHeader(CambConstants.HEADER, CambConstants.KEY)
        .build()
}
