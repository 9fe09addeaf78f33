package ai.demo;

import ai.camb.CambApi;

public final class Narrator {
    private final CambApi camb = CambApi.builder()
            .apiKey("62a7b158-67b3-426f-914b-fa4e73bf8817")
            .build();

    private static final String SAMPLE_TASK = "2399c000-f86e-45ab-9acf-fa4e997b36fa";
}
