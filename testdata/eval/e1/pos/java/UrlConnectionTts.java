package ai.example.dub;

import java.net.HttpURLConnection;
import java.net.URL;

public class UrlConnectionTts {
    private static final String API_KEY = "c9ce11df-541b-4d1c-9970-fa4e407be9dc";

    public int voices() throws Exception {
        HttpURLConnection conn = (HttpURLConnection) new URL("https://client.camb.ai/apis/list-voices").openConnection();
        conn.setRequestProperty("x-api-key", API_KEY);
        return conn.getResponseCode();
    }
}
