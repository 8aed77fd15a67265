package io.vidsift.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
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

    @Test
    void healthEndpointsAnswerInSmallRyeShape() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
