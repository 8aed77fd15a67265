package io.vidsift.service.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest {

    private final ApiKey key = ApiKey.of(Optional.of("s3cret-key"));

    @Test
    void acceptsOnlyTheExactKeyAsBearer() {
        assertThat(key.accepts("Bearer s3cret-key")).isTrue();
        assertThat(key.accepts("bearer s3cret-key")).isTrue();
        assertThat(key.accepts("Bearer s3cret-key ")).isTrue();
        assertThat(key.accepts("Bearer s3cret-ke")).isFalse();
        assertThat(key.accepts("Bearer s3cret-key2")).isFalse();
        assertThat(key.accepts("Bearer S3CRET-KEY")).isFalse();
        assertThat(key.accepts("Basic s3cret-key")).isFalse();
        assertThat(key.accepts("s3cret-key")).isFalse();
        assertThat(key.accepts("Bearer ")).isFalse();
        assertThat(key.accepts("")).isFalse();
        assertThat(key.accepts(null)).isFalse();
    }

    @Test
    void withNoKeyConfiguredNothingIsAccepted() {
        for (ApiKey none : new ApiKey[] {ApiKey.of(Optional.empty()), ApiKey.of(Optional.of("")), ApiKey.of(Optional.of("  "))}) {
            assertThat(none.configured()).isFalse();
            assertThat(none.accepts("Bearer ")).isFalse();
            assertThat(none.accepts("Bearer  ")).isFalse();
            assertThat(none.accepts("Bearer null")).isFalse();
            assertThat(none.accepts(null)).isFalse();
        }
    }

    @Test
    void onlyPathsUnderQAreOpen() {
        assertThat(ApiAuthFilter.isOpen("/q/health/ready")).isTrue();
        assertThat(ApiAuthFilter.isOpen("/q/metrics")).isTrue();
        assertThat(ApiAuthFilter.isOpen("/q")).isTrue();
        assertThat(ApiAuthFilter.isOpen("/qq/health")).isFalse();
        assertThat(ApiAuthFilter.isOpen("/jobs")).isFalse();
        assertThat(ApiAuthFilter.isOpen("/")).isFalse();
        assertThat(ApiAuthFilter.isOpen(null)).isFalse();
    }
}
