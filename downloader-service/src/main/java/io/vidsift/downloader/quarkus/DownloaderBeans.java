package io.vidsift.downloader.quarkus;

import io.vidsift.common.config.TokenSource;
import io.vidsift.common.messages.MessageCodec;
import io.vidsift.common.storage.StorageLayout;
import io.micrometer.core.instrument.MeterRegistry;
import io.vidsift.downloader.AccessTokens;
import io.vidsift.downloader.AddressPolicy;
import io.vidsift.downloader.AddressRateLimit;
import io.vidsift.downloader.AddressStep;
import io.vidsift.downloader.AllowListedApi;
import io.vidsift.downloader.ApiHosts;
import io.vidsift.downloader.Backoff;
import io.vidsift.downloader.ChunkDownloader;
import io.vidsift.downloader.ClientCredentialsTokens;
import io.vidsift.downloader.DeviceSlots;
import io.vidsift.downloader.DownloadLedger;
import io.vidsift.downloader.DownloaderMetrics;
import io.vidsift.downloader.DownloaderSettings;
import io.vidsift.downloader.Outages;
import io.vidsift.downloader.TargetLeases;
import io.vidsift.downloader.HikCloudApi;
import io.vidsift.downloader.JdkHikCloudApi;
import io.vidsift.downloader.PinnedHttpTransport;
import io.vidsift.downloader.Secret;
import io.vidsift.downloader.Sleeper;
import io.vidsift.downloader.VideoFetcher;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the plain domain classes from configuration; nothing here decides anything. */
public class DownloaderBeans {

    @Produces
    @Singleton
    Credentials credentials(Config config) {
        return Credentials.from(name -> config.getOptionalValue(name, String.class));
    }

    @Produces
    @Singleton
    DownloaderSettings settings(DownloaderConfig d, @ConfigProperty(name = "vidsift.storage.root") String storageRoot) {
        return new DownloaderSettings(Path.of(storageRoot), d.parallelism(), d.maxAttempts(), d.backoffInitial(),
                d.backoffMax(), d.addressRatePerSecond(), d.perDeviceConcurrency(), d.tokenRefreshMargin(),
                new HashSet<>(d.retryableCodes()), d.bufferBytes(), d.transientDeadline(), d.leaseTtl(), d.publishTimeout());
    }

    /** Where the token may go; an invalid entry fails start-up (ChunkConsumer reads it on the StartupEvent). */
    @Produces
    @Singleton
    ApiHosts apiHosts(@ConfigProperty(name = "vidsift.hik-cloud.allowed-api-hosts", defaultValue = ApiHosts.DEFAULT) List<String> hosts) {
        return ApiHosts.parse(hosts);
    }

    /** Where downloads may connect besides public addresses; an invalid entry fails start-up like the API list. */
    @Produces
    @Singleton
    AddressPolicy downloadAddresses(DownloaderConfig config) {
        return AddressPolicy.parse(config.allowedDownloadNetworks().orElse(List.of()));
    }

    @Produces
    @Singleton
    Backoff backoff(DownloaderSettings settings) {
        return new Backoff(settings.backoffInitial(), settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Produces
    @Singleton
    Outages outages(Backoff backoff) {
        return new Outages(backoff, Clock.systemUTC(), new OutageLog());
    }

    @Produces
    @Singleton
    DownloaderMetrics metrics(MeterRegistry registry, Outages outages) {
        return new MicrometerDownloaderMetrics(registry, outages);
    }

    /** Every token and address request passes the allow-list before it reaches the network. */
    @Produces
    @Singleton
    HikCloudApi api(ApiHosts hosts) {
        return new AllowListedApi(new JdkHikCloudApi(), hosts);
    }

    @Produces
    @Singleton
    TargetLeases leases(DownloaderSettings settings) {
        return new TargetLeases(leaseOwner(), settings.leaseTtl(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    ChunkDownloader chunkDownloader(DownloaderSettings settings, Credentials credentials, HikCloudApi api, MessageCodec codec,
                                    ApiHosts hosts, DownloaderMetrics metrics, Outages outages, Backoff backoff, TargetLeases leases,
                                    AddressPolicy downloadAddresses) {
        StorageLayout layout = new StorageLayout(settings.storageRoot());
        AddressStep addresses = new AddressStep(api, tokens(settings, credentials, api, backoff),
                new AddressRateLimit(settings.addressRatePerSecond(), Sleeper.REAL), settings.maxAttempts(), backoff, Sleeper.REAL,
                settings.retryableCodes());
        return new ChunkDownloader(layout, new DownloadLedger(layout, codec), addresses,
                new VideoFetcher(settings.maxAttempts(), backoff, Sleeper.REAL, settings.bufferBytes(), metrics::written,
                        new PinnedHttpTransport(downloadAddresses)),
                new DeviceSlots(settings.perDeviceConcurrency()), Clock.systemUTC(), hosts, metrics, outages,
                leases, backoff, Sleeper.REAL,
                settings.transientDeadline());
    }

    /** Names this instance in lease files: the host (pod) and the pid, nothing else. */
    private static String leaseOwner() {
        String host = System.getenv().getOrDefault("HOSTNAME", "host");
        return (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static AccessTokens tokens(DownloaderSettings settings, Credentials credentials, HikCloudApi api, Backoff backoff) {
        TokenSource source = credentials.source().orElse(null);
        if (source instanceof TokenSource.Literal) {
            return AccessTokens.fixed(new Secret(credentials.literal().orElseThrow()));
        }
        if (source instanceof TokenSource.FromEnv env) {
            return AccessTokens.fixed(new Secret(credentials.variables().get(env.variable())));
        }
        if (source instanceof TokenSource.ClientCredentials cc) {
            return new ClientCredentialsTokens(api, credentials.variables().get(cc.clientIdVariable()),
                    new Secret(credentials.variables().get(cc.clientSecretVariable())), Clock.systemUTC(),
                    settings.tokenRefreshMargin(), settings.maxAttempts(), backoff, Sleeper.REAL);
        }
        // Not reachable through Kafka (the channel is off without a source); fail loudly if called anyway.
        return AccessTokens.fixed(new Secret("missing-token-source"));
    }
}
