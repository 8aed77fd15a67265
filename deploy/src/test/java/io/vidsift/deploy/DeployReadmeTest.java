package io.vidsift.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/README.md names vidsift, Kafka and channel settings operators will type: each must be one a service (or the
 * compose file) reads. (QUARKUS_* settings are read by Quarkus itself, not listed in any application.yaml.)
 */
class DeployReadmeTest {

    @Test
    void everyVariableTheReadmeNamesIsReadBySomething() {
        String readme = Repo.read(Repo.path("k8s/README.md"));
        Matcher m = Pattern.compile("\\b((?:VIDSIFT|MP_MESSAGING|KAFKA)_[A-Z0-9_]*[A-Z0-9])\\b").matcher(readme);
        Set<String> named = new LinkedHashSet<>();
        while (m.find()) {
            named.add(m.group(1));
        }
        assertThat(named).contains("VIDSIFT_DOWNLOADER_PARALLELISM", "VIDSIFT_ANALYZER_DEVICE", "KAFKA_BOOTSTRAP_SERVERS");
        List<ServiceConfig> configs = new ArrayList<>();
        for (String module : DockerfilesTest.modules()) {
            configs.add(ServiceConfig.of(module));
        }
        String compose = Repo.read(Repo.path("docker-compose.yml"));
        Set<String> credentials = Credentials.inExamples();
        for (String variable : named) {
            boolean read = configs.stream().anyMatch(c -> c.reads(variable)) || credentials.contains(variable)
                    || compose.contains(variable + ":") || compose.contains("$" + variable);
            assertThat(read).as("k8s/README.md names " + variable + ", which nothing reads").isTrue();
        }
    }

    @Test
    void theMavenProfilesTheDeployDocsUseExist() {
        Pattern profile = Pattern.compile("-pl ([a-z-]+) [^\\n]*?-P([A-Za-z0-9_.-]+)");
        int found = 0;
        for (String file : List.of("k8s/README.md", "k8s/overlays/gpu/kustomization.yaml")) {
            Matcher m = profile.matcher(Repo.read(Repo.path(file)));
            while (m.find()) {
                assertThat(Repo.read(Repo.path(m.group(1)).resolve("pom.xml"))).as(file + ": -P" + m.group(2) + " in " + m.group(1))
                        .contains("<id>" + m.group(2) + "</id>");
                found++;
            }
        }
        assertThat(found).as("the GPU analyzer build command is documented").isPositive();
    }
}
