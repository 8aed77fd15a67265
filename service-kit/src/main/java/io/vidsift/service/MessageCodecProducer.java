package io.vidsift.service;

import io.vidsift.common.messages.MessageCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link MessageCodec} per service, so every topic is read and written the same way. */
@ApplicationScoped
public class MessageCodecProducer {

    @Produces
    @Singleton
    MessageCodec messageCodec() {
        return new MessageCodec();
    }
}
