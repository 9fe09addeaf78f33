package ai.example.dub

import io.ktor.client.*
import io.ktor.client.plugins.*
import io.ktor.client.request.*

val cambClient = HttpClient {
    defaultRequest {
        url("https://client.camb.ai/apis/")
        header("x-api-key", "c276de33-14bc-419c-9673-fa4e7900b1df")
    }
}
