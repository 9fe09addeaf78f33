package ai.example.dub;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

public class OkHttpTts {
    private final OkHttpClient http = new OkHttpClient();

    public String create(String json) throws Exception {
        Request request = new Request.Builder()
                .url("https://client.camb.ai/apis/tts")
                .addHeader("x-api-key", "2ad44d74-8d12-463d-a836-fa4e36734145")
                .post(RequestBody.create(json, MediaType.parse("application/json")))
                .build();
        try (var response = http.newCall(request).execute()) {
            return response.body().string();
        }
    }
}
