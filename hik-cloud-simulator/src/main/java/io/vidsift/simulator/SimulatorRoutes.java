package io.vidsift.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vidsift.common.config.HikCloudConfig;
import io.vidsift.simulator.video.VideoCache;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated API as Vert.x routes, so the same code serves inside the Quarkus app and on the plain server that
 * tests embed. Nothing here logs a token, a secret or a signature.
 */
public final class SimulatorRoutes {

    public static final String TOKEN_PATH = HikCloudConfig.DEFAULT_TOKEN_PATH;
    public static final String ADDRESS_PATH = HikCloudConfig.DEFAULT_DOWNLOAD_PATH;
    public static final String FILES_PATH = "/sim/files/";
    public static final String STATS_PATH = "/sim/stats";
    public static final String NO_RECORDING = "80438027";
    public static final String RANGE_TOO_LONG = "80430002";
    public static final String DEVICE_NOT_FOUND = "20002";
    public static final String INVALID_PARAMETER = "10001";
    public static final String RATE_LIMITED = "10029";
    /** A hanging request is released after this, so a forgotten client cannot pin a connection forever. */
    private static final long HANG_CAP_MILLIS = 600_000;
    private static final Pattern FILE_NAME = Pattern.compile("([A-Za-z0-9_-]+)\\.(\\d+)\\.(\\d+)\\.(\\d+)\\.([ri])\\.mp4");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Vertx vertx;
    private final Scenario scenario;
    private final Clock clock;
    private final String publicBaseUrl;
    private final TokenRegistry tokens;
    private final UrlSigner signer = new UrlSigner();
    private final FaultPlan faults;
    private final VideoCache videos;
    private final RequestCounters counters = new RequestCounters();
    private final ObjectMapper json = new ObjectMapper();

    /** {@code publicBaseUrl} may be null: links then use the scheme and Host the client called. */
    public SimulatorRoutes(Vertx vertx, Scenario scenario, Path cacheDir, Clock clock, String publicBaseUrl) {
        this.vertx = vertx;
        this.scenario = scenario;
        this.clock = clock;
        this.publicBaseUrl = publicBaseUrl;
        this.tokens = new TokenRegistry(scenario.token(), clock);
        this.faults = new FaultPlan(scenario.faults(), scenario.seed());
        this.videos = new VideoCache(cacheDir, scenario.video());
    }

    public RequestCounters counters() {
        return counters;
    }

    public void install(Router router) {
        router.post(TOKEN_PATH).handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::token);
        router.post(ADDRESS_PATH).handler(BodyHandler.create().setBodyLimit(64 * 1024)).handler(this::address);
        router.route(FILES_PATH + ":name").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::file);
        router.get(STATS_PATH).handler(ctx -> json(ctx, 200, counters.snapshot()));
        router.post(STATS_PATH + "/reset").handler(ctx -> {
            counters.reset();
            ctx.response().setStatusCode(204).end();
        });
    }

    // ---- POST /oauth/token

    private void token(RoutingContext ctx) {
        counters.increment(RequestCounters.TOKEN);
        Optional<FaultRule> fault = faults.pick(FaultRule.Target.TOKEN, null);
        if (fault.isPresent()) {
            FaultRule f = fault.get();
            counters.increment("faults." + f.kind().key());
            switch (f.kind()) {
                case SLOW -> {
                    vertx.setTimer(f.delayMillis(), id -> grantToken(ctx));
                    return;
                }
                case HANG -> {
                    hang(ctx);
                    return;
                }
                case RATE_LIMIT -> {
                    json(ctx, 429, Map.of("error", "rate_limited", "error_description", "too many token requests"));
                    return;
                }
                case MALFORMED_JSON -> {
                    malformed(ctx);
                    return;
                }
                default -> {
                    serverError(ctx, f);
                    return;
                }
            }
        }
        grantToken(ctx);
    }

    private void grantToken(RoutingContext ctx) {
        var form = ctx.request().formAttributes();
        if (!"client_credentials".equals(form.get("grant_type"))) {
            json(ctx, 400, Map.of("error", "unsupported_grant_type"));
            return;
        }
        Optional<TokenRegistry.Grant> grant = tokens.grant(form.get("client_id"), form.get("client_secret"));
        if (grant.isEmpty()) {
            json(ctx, 401, Map.of("error", "invalid_client"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", grant.get().accessToken());
        body.put("token_type", "bearer");
        body.put("expires_in", grant.get().expiresIn());
        body.put("scope", "app");
        json(ctx, 200, body);
    }

    // ---- POST /v1/carrier/cstorage/open/play/download

    private void address(RoutingContext ctx) {
        counters.increment(RequestCounters.ADDRESS);
        JsonNode body = readJson(ctx);
        String serial = body == null ? null : body.path("deviceSerial").asText(null);
        Optional<FaultRule> fault = faults.pick(FaultRule.Target.ADDRESS, serial);
        String token = bearer(ctx);
        if (fault.isPresent()) {
            FaultRule f = fault.get();
            counters.increment("faults." + f.kind().key());
            switch (f.kind()) {
                case HTTP_5XX, TRUNCATED_BODY -> {
                    serverError(ctx, f);
                    return;
                }
                case SLOW -> {
                    vertx.setTimer(f.delayMillis(), id -> answerAddress(ctx, body, token, null));
                    return;
                }
                case HANG -> {
                    hang(ctx);
                    return;
                }
                case MALFORMED_JSON -> {
                    malformed(ctx);
                    return;
                }
                case RATE_LIMIT -> {
                    apiError(ctx, f.code() != null ? f.code() : RATE_LIMITED, f.message() != null ? f.message() : "api rate limit exceeded");
                    return;
                }
                case ERROR_CODE -> {
                    apiError(ctx, f.code() != null ? f.code() : "80430011", f.message() != null ? f.message() : "simulated failure");
                    return;
                }
                case UNAUTHORIZED -> {
                    tokens.revoke(token);
                    unauthorized(ctx);
                    return;
                }
                default -> {
                    answerAddress(ctx, body, token, f.kind());
                    return;
                }
            }
        }
        answerAddress(ctx, body, token, null);
    }

    private void answerAddress(RoutingContext ctx, JsonNode body, String token, FaultKind modifier) {
        if (!tokens.valid(token)) {
            unauthorized(ctx);
            return;
        }
        if (body == null || !body.path("deviceSerial").isTextual() || !body.path("timeBegin").canConvertToLong()
                || !body.path("timeEnd").canConvertToLong()) {
            apiError(ctx, INVALID_PARAMETER, "deviceSerial, channelNo, timeBegin and timeEnd are required");
            return;
        }
        String serial = body.get("deviceSerial").asText();
        int channel = body.path("channelNo").asInt(1);
        long begin = body.get("timeBegin").asLong();
        long end = body.get("timeEnd").asLong();
        if (end <= begin) {
            apiError(ctx, INVALID_PARAMETER, "timeEnd must be after timeBegin");
            return;
        }
        if (end - begin > 3600) {
            apiError(ctx, RANGE_TOO_LONG, "time range exceeds 3600 seconds");
            return;
        }
        Optional<Scenario.Camera> camera = scenario.camera(serial, channel);
        if (camera.isEmpty()) {
            apiError(ctx, DEVICE_NOT_FOUND, "device or channel does not exist");
            return;
        }
        Optional<Recordings.Span> span = Recordings.within(camera.get(), begin, end);
        if (span.isEmpty()) {
            apiError(ctx, NO_RECORDING, "no recording in the requested range");
            return;
        }
        long now = clock.instant().getEpochSecond();
        long expires = modifier == FaultKind.EXPIRED_URL ? now - 1 : now + scenario.urlLifetimeSeconds();
        String variant = modifier == FaultKind.IRREGULAR_TIMESTAMPS ? "i" : "r";
        String path = FILES_PATH + serial + "." + channel + "." + span.get().begin() + "." + span.get().end() + "." + variant + ".mp4";
        String base = publicBaseUrl != null ? publicBaseUrl : ctx.request().scheme() + "://" + authority(ctx);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("url", base + path + "?" + signer.query(path, expires));
        data.put("actualBeginTime", Long.toString(span.get().begin()));
        data.put("actualEndTime", Long.toString(span.get().end()));
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("code", 0);
        reply.put("msg", "success");
        reply.put("data", data);
        reply.put("success", true);
        counters.increment("address_code.0");
        json(ctx, 200, reply);
    }

    // ---- GET /sim/files/{name}?Expires=..&Signature=..

    private void file(RoutingContext ctx) {
        counters.increment(RequestCounters.DOWNLOAD);
        String name = ctx.pathParam("name");
        String path = FILES_PATH + name;
        String expires = ctx.request().getParam("Expires");
        if (!signer.verify(path, expires, ctx.request().getParam("Signature"))) {
            forbidden(ctx, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
            return;
        }
        if (Long.parseLong(expires) <= clock.instant().getEpochSecond()) {
            forbidden(ctx, "AccessDenied", "Request has expired.");
            return;
        }
        Matcher m = FILE_NAME.matcher(name);
        if (!m.matches()) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        String serial = m.group(1);
        counters.increment(RequestCounters.DOWNLOAD + "." + serial);
        long seconds = Long.parseLong(m.group(4)) - Long.parseLong(m.group(3));
        boolean irregular = "i".equals(m.group(5));
        Optional<FaultRule> fault = faults.pick(FaultRule.Target.DOWNLOAD, serial);
        fault.ifPresent(f -> counters.increment("faults." + f.kind().key()));
        if (fault.isPresent() && fault.get().kind() == FaultKind.HTTP_5XX) {
            serverError(ctx, fault.get());
            return;
        }
        Optional<String> given = scenario.camera(serial, Integer.parseInt(m.group(2))).map(Scenario.Camera::file);
        if (given.isPresent()) {
            serveFile(ctx, Path.of(given.get()), fault.orElse(null));
            return;
        }
        vertx.executeBlocking(() -> videos.clip(seconds, irregular), false).onComplete(ar -> {
            if (ar.failed()) {
                ctx.response().setStatusCode(500).end("cannot generate clip");
                return;
            }
            serveFile(ctx, ar.result(), fault.orElse(null));
        });
    }

    private void serveFile(RoutingContext ctx, Path clip, FaultRule fault) {
        long total;
        try {
            total = Files.size(clip);
        } catch (IOException e) {
            ctx.response().setStatusCode(500).end();
            return;
        }
        long start = 0;
        long end = total - 1;
        boolean partial = false;
        // A strong validator, like an object store's: the clip file is the same bytes for as long as it exists.
        String etag = "\"" + clip.getFileName() + "-" + total + "\"";
        String range = ctx.request().getHeader("Range");
        String ifRange = ctx.request().getHeader("If-Range");
        if (ifRange != null && !ifRange.trim().equals(etag)) {
            range = null; // RFC 9110: a validator that does not match means "send the whole current representation"
        }
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, total - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start > end || start >= total) {
                    counters.increment("download_status.416");
                    ctx.response().setStatusCode(416).putHeader("Content-Range", "bytes */" + total).end();
                    return;
                }
                partial = true;
            }
        }
        long length = end - start + 1;
        HttpServerResponse response = ctx.response();
        response.setStatusCode(partial ? 206 : 200);
        counters.increment("download_status." + (partial ? 206 : 200));
        response.putHeader("Content-Type", "video/mp4");
        response.putHeader("Accept-Ranges", "bytes");
        response.putHeader("ETag", etag);
        response.putHeader("Content-Length", Long.toString(length));
        if (partial) {
            response.putHeader("Content-Range", "bytes " + start + "-" + end + "/" + total);
        }
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.end();
            return;
        }
        counters.add(RequestCounters.BYTES, length);
        if (fault == null || fault.kind() == FaultKind.EXPIRED_URL || fault.kind() == FaultKind.IRREGULAR_TIMESTAMPS) {
            response.sendFile(clip.toString(), start, length);
            return;
        }
        long half = Math.max(1, length / 2);
        switch (fault.kind()) {
            case TRUNCATED_BODY -> writePiece(ctx, clip, start, half, () -> ctx.request().connection().close());
            case HANG -> writePiece(ctx, clip, start, half, () -> hang(ctx));
            case SLOW -> pace(ctx, clip, start, length, Math.max(1, length / 10), Math.max(1, fault.delayMillis() / 10));
            default -> response.sendFile(clip.toString(), start, length);
        }
    }

    private void writePiece(RoutingContext ctx, Path clip, long offset, long length, Runnable then) {
        vertx.executeBlocking(() -> read(clip, offset, (int) Math.min(length, 16 << 20)), false).onComplete(ar -> {
            if (ar.succeeded() && !ctx.response().closed()) {
                ctx.response().write(ar.result()).onComplete(done -> then.run());
            }
        });
    }

    /** Sends the body in pieces with a pause before each: a slow but healthy server. */
    private void pace(RoutingContext ctx, Path clip, long offset, long remaining, long piece, long pauseMillis) {
        if (remaining <= 0) {
            ctx.response().end();
            return;
        }
        vertx.setTimer(pauseMillis, id -> {
            long n = Math.min(piece, remaining);
            vertx.executeBlocking(() -> read(clip, offset, (int) Math.min(n, 16 << 20)), false).onComplete(ar -> {
                if (ar.failed() || ctx.response().closed()) {
                    return;
                }
                Buffer buffer = ar.result();
                ctx.response().write(buffer)
                        .onComplete(done -> pace(ctx, clip, offset + buffer.length(), remaining - buffer.length(), piece, pauseMillis));
            });
        });
    }

    private static Buffer read(Path clip, long offset, int length) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(clip.toFile(), "r")) {
            byte[] bytes = new byte[length];
            file.seek(offset);
            file.readFully(bytes);
            return Buffer.buffer(bytes);
        }
    }

    // ---- helpers

    private void hang(RoutingContext ctx) {
        long timer = vertx.setTimer(HANG_CAP_MILLIS, id -> ctx.request().connection().close());
        ctx.request().connection().closeHandler(v -> vertx.cancelTimer(timer));
    }

    private void serverError(RoutingContext ctx, FaultRule f) {
        int status = f.status() >= 500 && f.status() <= 599 ? f.status() : 503;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end("simulated server error");
    }

    private static void malformed(RoutingContext ctx) {
        ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end("{\"code\": 0, \"data\": {\"url\": ");
    }

    private void unauthorized(RoutingContext ctx) {
        counters.increment("address_status.401");
        json(ctx, 401, Map.of("code", "401", "msg", "invalid or expired access token"));
    }

    private void forbidden(RoutingContext ctx, String code, String message) {
        counters.increment("download_status.403");
        ctx.response().setStatusCode(403).putHeader("Content-Type", "application/xml")
                .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>");
    }

    private void apiError(RoutingContext ctx, String code, String message) {
        counters.increment("address_code." + code);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("code", code.matches("\\d{1,9}") ? (Object) Integer.parseInt(code) : code);
        reply.put("msg", message);
        reply.put("data", null);
        reply.put("success", false);
        json(ctx, 200, reply);
    }

    private JsonNode readJson(RoutingContext ctx) {
        try {
            String text = ctx.body().asString();
            return text == null || text.isBlank() ? null : json.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** host[:port] the client called, so links work through whatever name or port-forward it used. */
    private static String authority(RoutingContext ctx) {
        var authority = ctx.request().authority();
        if (authority != null) {
            return authority.port() > 0 ? authority.host() + ":" + authority.port() : authority.host();
        }
        var local = ctx.request().localAddress();
        return local.host() + ":" + local.port();
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private void json(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(json.writeValueAsString(body));
        } catch (IOException e) {
            ctx.response().setStatusCode(500).end();
        }
    }
}
