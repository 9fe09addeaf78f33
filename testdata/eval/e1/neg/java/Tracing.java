package ai.example.dub;

public class Tracing {
    // camb requests carry a correlation id
    static final String CORRELATION_ID = "b92cd0e5-f3bc-4bfd-baa6-38a55b46ce6e";

    Request sign(Request.Builder b) {
        return b.url("https://client.camb.ai/apis/tts")
                .addHeader("x-api-key", System.getenv("CAMB_API_KEY"))
                .addHeader("X-Correlation-Id", CORRELATION_ID)
                .build();
    }
}
