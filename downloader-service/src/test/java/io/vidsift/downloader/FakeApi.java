package io.vidsift.downloader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A scripted stand-in for the HTTP boundary in plain unit tests: answers are queued, calls recorded. */
final class FakeApi implements HikCloudApi {

    interface Answer {
        AddressReply answer() throws ApiFailure;
    }

    final Deque<Answer> addressAnswers = new ArrayDeque<>();
    final Deque<Object> tokenAnswers = new ArrayDeque<>();
    final List<String> tokensUsed = new ArrayList<>();
    int tokenCalls;

    FakeApi address(Answer answer) {
        addressAnswers.add(answer);
        return this;
    }

    FakeApi token(Object grantOrFailure) {
        tokenAnswers.add(grantOrFailure);
        return this;
    }

    static AddressReply ok() {
        return new AddressReply("0", "success", "https://oss.example.com/a.mp4?Signature=s", 10L, 20L);
    }

    static AddressReply code(String code, String message) {
        return new AddressReply(code, message, null, null, null);
    }

    @Override
    public AddressReply address(ApiEndpoint endpoint, Secret token, AddressQuery query) throws ApiFailure {
        tokensUsed.add(token.value());
        Answer answer = addressAnswers.poll();
        if (answer == null) {
            throw new AssertionError("unexpected address call");
        }
        return answer.answer();
    }

    @Override
    public TokenGrant token(ApiEndpoint endpoint, String clientId, Secret clientSecret) throws ApiFailure {
        tokenCalls++;
        Object answer = tokenAnswers.poll();
        if (answer instanceof ApiFailure failure) {
            throw failure;
        }
        if (answer == null) {
            throw new AssertionError("unexpected token call");
        }
        return (TokenGrant) answer;
    }
}
