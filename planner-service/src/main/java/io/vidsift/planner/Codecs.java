package io.vidsift.planner;

import io.vidsift.common.config.ConfigLoader;
import io.vidsift.common.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;

/** CDI producers for the plain domain classes from common. */
@ApplicationScoped
public class Codecs {

    @Produces
    @ApplicationScoped
    ConfigLoader configLoader() {
        return new ConfigLoader();
    }

    @Produces
    @ApplicationScoped
    JobPlanner jobPlanner(@ConfigProperty(name = "vidsift.storage.root") String storageRoot) {
        return new JobPlanner(new StorageLayout(Path.of(storageRoot)), Clock.systemUTC());
    }
}
