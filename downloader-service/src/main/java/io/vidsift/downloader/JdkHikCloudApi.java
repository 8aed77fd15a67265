package io.vidsift.downloader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * {@link HikCloudApi} over the JDK HTTP client (one shared, thread-safe client; the API endpoint and timeout come
 * with each chunk). Answers are read as text and parsed here, so an unreadable body is a transient failure.
 */
public final class JdkHikCloudApi implements HikCloudApi {

    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();

    /** Token and address answers are small; a bigger one is refused, not buffered ({@link BoundedBody}). */
    static final long MAX_ANSWER_BYTES = 1 << 20;

    public JdkHikCloudApi() {
        this(null);
    }

    /**
     * {@code tls}: the context to trust API certificates with (tests); null for the JDK's default. Redirects are
     * never followed: a 3xx is a failed call, so neither the Authorization header nor a client secret is ever
     * replayed to a host the allow-list did not check.
     */
    public JdkHikCloudApi(SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NEVER);
        this.http = (tls == null ? builder : builder.sslContext(tls)).build();
    }

    @Override
    public AddressReply address(ApiEndpoint endpoint, Secret token, AddressQuery query) throws ApiFailure {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deviceSerial", query.deviceSerial());
        body.put("channelNo", query.channelNo());
        body.put("timeBegin", query.timeBegin());
        body.put("timeEnd", query.timeEnd());
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + endpoint.downloadPath()))
                    .timeout(Duration.ofSeconds(endpoint.timeoutSeconds()))
                    .header("Authorization", "bearer " + token.value())
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
        } catch (IOException | IllegalArgumentException e) {
            throw new ApiFailure(ApiFailure.Kind.PERMANENT, "address request: bad endpoint or query");
        }
        JsonNode reply = parse("address request", send("address request", request));
        JsonNode code = reply.get("code");
        if (code == null || code.isNull()) {
            throw new ApiFailure(ApiFailure.Kind.TRANSIENT, "address request: answer without code");
        }
        JsonNode data = reply.path("data");
        String message = reply.hasNonNull("msg") ? reply.get("msg").asText() : reply.path("message").asText(null);
        return new AddressReply(code.asText(), message, data.path("url").asText(null),
                epoch(data.get("actualBeginTime")), epoch(data.get("actualEndTime")));
    }

    @Override
    public TokenGrant token(ApiEndpoint endpoint, String clientId, Secret clientSecret) throws ApiFailure {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret.value(), StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(endpoint.baseUrl() + endpoint.tokenPath()))
                    .timeout(Duration.ofSeconds(endpoint.timeoutSeconds()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ApiFailure(ApiFailure.Kind.PERMANENT, "token request: bad endpoint");
        }
        JsonNode reply = parse("token request", send("token request", request));
        String token = reply.path("access_token").asText(null);
        if (token == null || token.isBlank()) {
            throw new ApiFailure(ApiFailure.Kind.TRANSIENT, "token request: answer without access_token");
        }
        return new TokenGrant(new Secret(token), reply.path("expires_in").asLong(3600));
    }

    private String send(String what, HttpRequest request) throws ApiFailure {
        HttpResponse<String> response;
        try {
            response = http.send(request, BoundedBody.handler(MAX_ANSWER_BYTES));
        } catch (BoundedBody.TooLarge e) {
            throw new ApiFailure(ApiFailure.Kind.PERMANENT, what + ": " + e.getMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof BoundedBody.TooLarge tooLarge) {
                throw new ApiFailure(ApiFailure.Kind.PERMANENT, what + ": " + tooLarge.getMessage());
            }
            throw ApiFailure.transport(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiFailure(ApiFailure.Kind.TRANSIENT, what + ": interrupted");
        }
        if (response.statusCode() != 200) {
            throw ApiFailure.forStatus(response.statusCode(), what);
        }
        return response.body();
    }

    private JsonNode parse(String what, String text) throws ApiFailure {
        try {
            JsonNode node = text == null ? null : json.readTree(text);
            if (node == null || !node.isObject()) {
                throw new ApiFailure(ApiFailure.Kind.TRANSIENT, what + ": answer is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new ApiFailure(ApiFailure.Kind.TRANSIENT, what + ": malformed JSON answer");
        }
    }

    private static Long epoch(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return node.isNumber() ? node.asLong() : Long.parseLong(node.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
