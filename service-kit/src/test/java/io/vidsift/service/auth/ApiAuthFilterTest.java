package io.vidsift.service.auth;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** The filter in a running service: real HTTP, the key from the test config. */
@QuarkusTest
class ApiAuthFilterTest {

    private static final String KEY = "kit-test-key-0123";

    @Test
    void apiPathsNeedTheBearerKey() {
        given().get("/kit-echo").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body(equalTo(ApiAuthFilter.UNAUTHORIZED_BODY));
        given().header("Authorization", "Bearer wrong").get("/kit-echo").then().statusCode(401)
                .body(equalTo(ApiAuthFilter.UNAUTHORIZED_BODY));
        given().header("Authorization", "Basic " + KEY).get("/kit-echo").then().statusCode(401);
        given().header("Authorization", "Bearer " + KEY).get("/kit-echo").then().statusCode(200).body(equalTo("echo"));
        given().header("Authorization", "Bearer " + KEY).body("abc").post("/kit-echo").then().statusCode(200).body(equalTo("got 3"));
    }

    @Test
    void unknownPathsAndDotSegmentsAreRefusedBeforeRouting() {
        given().get("/no-such-thing").then().statusCode(401);
        given().urlEncodingEnabled(false).get("/q/../kit-echo").then().statusCode(401);
        given().body("x".repeat(100_000)).post("/kit-echo").then().statusCode(401);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
