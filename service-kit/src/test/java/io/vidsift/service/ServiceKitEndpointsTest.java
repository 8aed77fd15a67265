package io.vidsift.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The endpoints as a service gets them: CDI wiring, JAX-RS discovery from this jar, real HTTP. */
@QuarkusTest
class ServiceKitEndpointsTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aMeterRegisteredOnTheInjectedRegistryIsScrapedAtQMetrics() {
        registry.counter("vidsift.chunks", "status", "failed").increment();

        given().when().get("/q/metrics").then()
                .statusCode(200)
                .header("Content-Type", startsWith("text/plain"))
                .body(containsString("vidsift_chunks_total{application=\"service-kit-test\",status=\"failed\"} 1.0"))
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Inject
    SwitchableReadiness switchable;

    @Test
    void healthEndpointsAnswerInSmallRyeShapeWithKitAndMicroProfileChecks() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", contains("steady"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", contains("kit", "switchable"))
                .body("checks[0].data.detail", equalTo("fine"))
                .body("checks[1].data.rebuilt", equalTo(true));
        given().when().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void aDownMicroProfileReadinessCheckMakesReadyAnswer503ButNotLive() {
        switchable.set(false);
        try {
            given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'switchable' }.status", equalTo("DOWN"));
            given().when().get("/q/health/live").then().statusCode(200);
            given().when().get("/q/health").then().statusCode(503);
        } finally {
            switchable.set(true);
        }
    }
}
