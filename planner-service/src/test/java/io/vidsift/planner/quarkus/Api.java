package io.vidsift.planner.quarkus;

import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Requests as a client of the planner makes them: the bearer key from the test config, the body's bytes as given. */
final class Api {

    /** vidsift.api-key in the test profile. */
    static final String KEY = "planner-test-key-5b1d";

    private static final RestAssuredConfig RAW = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false)
                    .encodeContentTypeAs("application/x-www-form-urlencoded", ContentType.BINARY)
                    .encodeContentTypeAs("application/yaml", ContentType.BINARY)
                    .encodeContentTypeAs("text/yaml", ContentType.BINARY));

    private Api() {
    }

    static RequestSpecification given() {
        return anonymous().header("Authorization", "Bearer " + KEY);
    }

    static RequestSpecification anonymous() {
        return RestAssured.given().config(RAW);
    }

    static RequestSpecification post(String body, String contentType) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads until {@code done} holds or {@code timeout} passes (bounded wait); returns the last value read. */
    static <T> T poll(Supplier<T> read, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = read.get();
        }
        return value;
    }
}
