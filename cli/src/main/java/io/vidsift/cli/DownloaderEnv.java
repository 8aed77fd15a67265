package io.vidsift.cli;

import io.vidsift.common.config.HikCloudConfig;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The downloader's token settings for a job run on the embedded stack. The downloader reads its token source
 * from its own config ({@code vidsift.hik-cloud.*}), as in a deployment; the CLI maps the job's
 * {@code access_token_env}/{@code client_id_env}/{@code client_secret_env} onto it. The variables' values reach
 * the child through the inherited environment; a literal token goes only into the child's environment.
 * <p>
 * The downloader sends its token only to the API hosts in {@code vidsift.hik-cloud.allowed-api-hosts}
 * ({@value #ALLOWED_API_HOSTS}): for a job that is its {@code api_base_url}'s host, with the port when the URL names
 * one, and {@code http://} in front when the job's URL is plain http (the downloader allows https only unless an
 * entry says http). The simulator the demo and {@code stack up --with-simulator} start listens on
 * {@value #SIMULATOR_HOST} over http on a port picked when the stack starts, after this environment is fixed, so
 * there the entry is {@code http://127.0.0.1}, which the downloader reads as "any port of this host".
 * <p>
 * Downloads never reach loopback or private addresses unless {@value #DOWNLOAD_NETWORKS} says so: the simulator's
 * links point at 127.0.0.1, and so do those of a job whose own API is on this machine, so those allow loopback.
 */
final class DownloaderEnv {

    static final String LITERAL_TOKEN = "VIDSIFT_HIK_CLOUD_ACCESS_TOKEN";
    static final String ALLOWED_API_HOSTS = "VIDSIFT_HIK_CLOUD_ALLOWED_API_HOSTS";
    static final String CLIENT_ID_ENV = "VIDSIFT_HIK_CLOUD_CLIENT_ID_ENV";
    static final String CLIENT_SECRET_ENV = "VIDSIFT_HIK_CLOUD_CLIENT_SECRET_ENV";
    static final String DOWNLOAD_NETWORKS = "VIDSIFT_DOWNLOADER_ALLOWED_DOWNLOAD_NETWORKS";
    /** Where the CLI's simulator listens (Stack binds every service to it); its port is only known once started. */
    static final String SIMULATOR_HOST = "127.0.0.1";

    private DownloaderEnv() {
    }

    static Map<String, String> forJob(HikCloudConfig hik, Optional<String> literalToken) {
        Map<String, String> env = new HashMap<>();
        if (hik == null) {
            return env;
        }
        literalToken.ifPresent(token -> env.put(LITERAL_TOKEN, token));
        env.put("VIDSIFT_HIK_CLOUD_ACCESS_TOKEN_ENV", hik.accessTokenEnv());
        if (hik.clientIdEnv() != null) {
            env.put(CLIENT_ID_ENV, hik.clientIdEnv());
            env.put(CLIENT_SECRET_ENV, hik.clientSecretEnv());
        }
        apiHost(hik.apiBaseUrl()).ifPresent(host -> env.put(ALLOWED_API_HOSTS, host));
        if (isLoopback(hik.apiBaseUrl())) {
            env.put(DOWNLOAD_NETWORKS, "loopback");
        }
        return env;
    }

    /** A job run against the CLI's simulator (the demo): its api_base_url is replaced by the simulator's later. */
    static Map<String, String> forSimulatorJob(HikCloudConfig hik, Optional<String> literalToken) {
        Map<String, String> env = forJob(hik, literalToken);
        env.putAll(simulator());
        return env;
    }

    /**
     * A stack started for the simulator before any job is known ({@code stack up --with-simulator}): the demo
     * client's credentials, named the way examples/demo.yaml names them, sent only to the simulator.
     */
    static Map<String, String> demoClient() {
        Map<String, String> env = new HashMap<>(DemoCommand.DEMO_CREDENTIALS);
        env.put(CLIENT_ID_ENV, DemoCommand.DEMO_CLIENT_ID_ENV);
        env.put(CLIENT_SECRET_ENV, DemoCommand.DEMO_CLIENT_SECRET_ENV);
        env.putAll(simulator());
        return env;
    }

    /** The allow-list for a stack whose API is the CLI's simulator, on whatever port it gets. */
    static Map<String, String> simulator() {
        return Map.of(ALLOWED_API_HOSTS, "http://" + SIMULATOR_HOST, DOWNLOAD_NETWORKS, "loopback");
    }

    /**
     * {@code host} or {@code host:port} (as the URL spells the port) of an API base URL, prefixed {@code http://} when
     * the URL is plain http; empty when it has no host.
     */
    static Optional<String> apiHost(String apiBaseUrl) {
        if (apiBaseUrl == null || apiBaseUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(apiBaseUrl.trim());
            if (uri.getHost() == null) {
                return Optional.empty();
            }
            String scheme = "http".equalsIgnoreCase(uri.getScheme()) ? "http://" : "";
            return Optional.of(scheme + (uri.getPort() >= 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether an API base URL names this machine (then its download links do too). */
    private static boolean isLoopback(String apiBaseUrl) {
        String host = apiHost(apiBaseUrl).map(h -> h.replaceFirst("^http://", "")).orElse("");
        return host.startsWith("127.") || host.startsWith("[::1]") || host.equalsIgnoreCase("localhost")
                || host.toLowerCase(java.util.Locale.ROOT).startsWith("localhost:");
    }
}
