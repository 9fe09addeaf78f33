package ai.camb.demo

import okhttp3.OkHttpClient
import okhttp3.Request

const val CAMB_API_KEY = "45571bd8-1eb5-47f9-a4ff-fa4edc37d956"

fun main() {
    val camb = CambClient(apiKey = "82a856e7-4dcd-4a7f-9541-fa4e02452ad3")
    val request = Request.Builder()
        .url("https://client.camb.ai/apis/list-voices")
        .addHeader("x-api-key", "361c92fa-448d-4c73-9080-fa4e6a8b5f6e")
        .build()
    OkHttpClient().newCall(request).execute().use { println(it.body?.string()) }
    val runId = "51c7f2ae-afa3-4c9b-ae56-10110e26efde"
    println("https://client.camb.ai/apis/tts-result/$runId")
}
