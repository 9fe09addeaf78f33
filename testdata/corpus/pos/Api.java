package ai.camb.example;

import ai.camb.CambApiClient;
import java.net.HttpURLConnection;
import java.net.URL;
import okhttp3.OkHttpClient;
import okhttp3.Request;

public class Api {
    private static final String TASK = "9c848f81-5d7c-473c-a37a-419f7d7fd2f0";

    public static void main(String[] args) throws Exception {
        CambApiClient camb = CambApiClient.builder()
                .apiKey("737140c3-ab1b-4104-8c68-fa4ed1f2577d")
                .build();

        HttpURLConnection conn = (HttpURLConnection) new URL("https://client.camb.ai/apis/list-voices").openConnection();
        conn.setRequestProperty("x-api-key", "c26253a3-6ac3-4a02-879f-fa4e8313703f");

        Request request = new Request.Builder()
                .url("https://client.camb.ai/apis/tts/" + TASK)
                .addHeader("x-api-key", "a04252a5-c000-48f7-874d-fa4eaa5630af")
                .build();
        new OkHttpClient().newCall(request).execute();

        String fromEnv = System.getenv("CAMB_API_KEY");
        conn.setRequestProperty("x-api-key", fromEnv);
    }
}
