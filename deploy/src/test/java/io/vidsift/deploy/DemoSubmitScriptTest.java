package io.vidsift.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose/demo-submit.sh (the demo profile's one-shot) run by bash against stand-ins for the planner and
 * the aggregator: it must post examples/demo.yaml unchanged but for hik_cloud.api_base_url, and follow the job
 * until the aggregator says it finished.
 */
class DemoSubmitScriptTest {

    private final HttpServer server = start();
    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/jobs", this::jobs);
            http.start();
            return http;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void jobs(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String answer;
        int status;
        if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals("/jobs")) {
            posted.add(body);
            status = 202;
            answer = "{\"job_id\":\"job-7\",\"mode\":\"hik_cloud\",\"chunks\":36}";
        } else if (exchange.getRequestURI().getPath().equals("/jobs/job-7")) {
            status = 200;
            answer = polls.incrementAndGet() < 3 ? "{\"job_id\":\"job-7\",\"state\":\"downloading\",\"finished\":false}"
                    : "{\"job_id\":\"job-7\",\"state\":\"completed_with_failures\",\"finished\":true}";
        } else {
            status = 404;
            answer = "{}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheDemoJobPointedAtTheSimulatorAndFollowsItToTheEnd() throws Exception {
        String port = Integer.toString(server.getAddress().getPort());
        ProcessBuilder builder = new ProcessBuilder("bash", Repo.path("deploy/compose/demo-submit.sh").toString())
                .redirectErrorStream(true);
        builder.environment().putAll(Map.of("DEMO_JOB", Repo.path("examples/demo.yaml").toString(),
                "PLANNER_HOST", "127.0.0.1", "PLANNER_PORT", port, "AGGREGATOR_HOST", "127.0.0.1", "AGGREGATOR_PORT", port,
                "SIMULATOR_URL", "http://hik-cloud-simulator:8090", "DEMO_POLL_SECONDS", "0", "DEMO_TIMEOUT_SECONDS", "60",
                "VIDSIFT_API_KEY", "demo-key-3c1f"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("demo-submit.sh finishes").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("job job-7", "completed_with_failures");
        assertThat(requests.get(0)).isEqualTo("POST /jobs application/yaml");
        assertThat(polls.get()).isEqualTo(3);
        // Every call carries the planner's and aggregator's bearer key.
        assertThat(authorizations).hasSize(4).containsOnly("Bearer demo-key-3c1f");

        Map<String, Object> expected = Yaml.map(Yaml.load(Repo.read(Repo.path("examples/demo.yaml"))), "examples/demo.yaml");
        Yaml.map(expected.get("hik_cloud"), "hik_cloud").put("api_base_url", "http://hik-cloud-simulator:8090");
        assertThat(posted).hasSize(1);
        assertThat(Yaml.load(posted.get(0))).isEqualTo(expected);
    }

    @Test
    void refusesToRunWithoutTheApiKey() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Repo.path("deploy/compose/demo-submit.sh").toString()).redirectErrorStream(true);
        builder.environment().remove("VIDSIFT_API_KEY");
        builder.environment().putAll(Map.of("DEMO_JOB", Repo.path("examples/demo.yaml").toString(), "PLANNER_HOST", "127.0.0.1",
                "PLANNER_PORT", Integer.toString(server.getAddress().getPort())));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isNotZero();
        assertThat(output).contains("VIDSIFT_API_KEY must be set");
        assertThat(requests).isEmpty();
    }

    @Test
    void failsWhenThePlannerRefusesTheJob() throws Exception {
        server.removeContext("/jobs");
        server.createContext("/jobs", exchange -> {
            byte[] bytes = "{\"errors\":[{\"path\":\"hik_cloud\"}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        ProcessBuilder builder = new ProcessBuilder("bash", Repo.path("deploy/compose/demo-submit.sh").toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("DEMO_JOB", Repo.path("examples/demo.yaml").toString(), "PLANNER_HOST", "127.0.0.1",
                "PLANNER_PORT", Integer.toString(server.getAddress().getPort()), "VIDSIFT_API_KEY", "demo-key-3c1f"));
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        assertThat(output).contains("the planner refused the job");
    }
}
