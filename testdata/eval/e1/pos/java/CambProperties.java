package ai.example.dub.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

@Component
public class CambProperties {
    @Value("${camb.base-url:https://client.camb.ai/apis}")
    private String baseUrl;

    @Value("${camb.api-key:a8edc790-e841-4a26-be38-fa4ea6ea9383}")
    private String apiKey;
}
