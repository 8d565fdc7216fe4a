package dev.vigil.devtools;

import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.notify.sms.LoggedSms;
import io.quarkus.mailer.SentMail;
import io.quarkus.test.junit.QuarkusTest;

/** Without {@code vigil.dev-tools.enabled} (production, and the tests' default) the dev pages do not exist. */
@QuarkusTest
class DevToolsOffTest {

    @Inject
    DevMailbox devMailbox;

    @Inject
    Event<SentMail> sent;

    @Inject
    Event<LoggedSms> loggedSms;

    @Test
    void devPagesAnswerTheUsual404() {
        for (String path : List.of("/dev", "/dev/", "/dev/mail", "/dev/magic-link?token=abc")) {
            assertProblem(given().get(path), 404, "not-found");
        }
    }

    @Test
    void otherMethodsOnDevPagesAre404TooNot405() {
        assertProblem(given().post("/dev/mail"), 404, "not-found");
        assertProblem(given().delete("/dev"), 404, "not-found");
    }

    /** The mailer's and the log SMS provider's events, fired here directly: observers run before {@code fire} returns. */
    @Test
    void sentMessagesAreNotKept() {
        sent.fire(new SentMail("vigil@vigil.test", List.of("someone@example.org"), List.of(), List.of(), null, null,
                "Confirm your email address", "https://vigil.example/verify-email?token=abc", null, Map.of(),
                List.of()));
        loggedSms.fire(new LoggedSms("+14155550123", "https://vigil.example/check-in?token=abc"));

        assertEquals(List.of(), devMailbox.newestFirst());
    }
}
