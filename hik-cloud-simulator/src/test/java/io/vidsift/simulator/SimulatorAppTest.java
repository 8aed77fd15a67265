package io.vidsift.simulator;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

/** The runnable app: the demo scenario behind Quarkus' HTTP server, with health. */
@QuarkusTest
class SimulatorAppTest {

    @Test
    void servesTheDemoScenarioWithHealth() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().formParam("grant_type", "client_credentials").formParam("client_id", "demo-client")
                .formParam("client_secret", "demo-secret")
                .post("/oauth/token").then().statusCode(200).body("token_type", equalTo("bearer"));
        String url = given().header("Authorization", "bearer demo-token").contentType("application/json")
                .body("{\"deviceSerial\":\"DEMO_B\",\"channelNo\":1,\"timeBegin\":1770080400,\"timeEnd\":1770081000}")
                .post(SimulatorRoutes.ADDRESS_PATH).then().statusCode(200)
                .body("code", equalTo(0))
                .body("data.url", startsWith("http://localhost:"))
                .extract().path("data.url");
        given().urlEncodingEnabled(false).get(url).then().statusCode(200).header("Content-Type", "video/mp4");
        given().header("Authorization", "bearer demo-token").contentType("application/json")
                .body("{\"deviceSerial\":\"DEMO_B\",\"channelNo\":1,\"timeBegin\":1770081600,\"timeEnd\":1770082200}")
                .post(SimulatorRoutes.ADDRESS_PATH).then().statusCode(200).body("code", equalTo(80438027));
        given().get("/sim/stats").then().statusCode(200).body("address_requests", greaterThanOrEqualTo(2))
                .body("download_requests", greaterThanOrEqualTo(1));
    }
}
