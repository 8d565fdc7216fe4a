package dev.vigil.notify;

import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.registered;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;

/**
 * The one-mail-a-minute cooldowns (verification resend, reset link, sign-in link, username reminder)
 * hold when the requests come at once: the outbox runs queued jobs side by side, and a client can
 * send the same request from several tabs. Each round races six callers for one user.
 */
@QuarkusTest
class MailCooldownRaceTest {

    private static final int ROUNDS = 5;
    private static final int CALLERS = 6;

    @Inject
    MutableClock clock;
    @Inject
    DataSource dataSource;
    @Inject
    @Any
    Instance<OutboxJob> jobs;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void resendsAtOnceMailOnceAndRefuseTheRest() {
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = registered();
            String token = accessToken(user);
            clock.advance(Duration.ofMinutes(2)); // past the registration mail's cooldown

            List<Response> responses = Race.of(CALLERS, i -> as(token).post("/api/v1/auth/verify-email/resend"));

            assertEquals(Map.of(202, 1, 429, CALLERS - 1), Race.statuses(responses), "round " + round);
            assertEquals(2L, queued(user, MailTemplate.VERIFY_EMAIL), "registration mail plus one, round " + round);
        }
    }

    @Test
    void resetLinkRequestsRunAtOnceQueueOneMail() {
        raceJob("password-reset-request", MailTemplate.PASSWORD_RESET, user -> Map.of("login", user.username()));
    }

    @Test
    void signInLinkRequestsRunAtOnceQueueOneMail() {
        raceJob("magic-link-request", MailTemplate.MAGIC_LINK, user -> Map.of("email", user.email()));
    }

    @Test
    void usernameRemindersRunAtOnceQueueOneMail() {
        raceJob("username-reminder-request", MailTemplate.USERNAME_REMINDER, user -> Map.of("email", user.email()));
    }

    private void raceJob(String name, MailTemplate template, Function<TestUser, Map<String, Object>> input) {
        OutboxJob job = jobs.stream().filter(j -> j.name().equals(name)).findFirst().orElseThrow();
        for (int round = 0; round < ROUNDS; round++) {
            TestUser user = registered();
            Map<String, Object> request = input.apply(user);

            Race.all(CALLERS, i -> {
                try {
                    return VertxContextSupport.subscribeAndAwait(() -> job.run(request));
                } catch (Throwable e) {
                    throw new AssertionError("job " + name + " failed", e);
                }
            });

            assertEquals(1L, queued(user, template), name + ", round " + round);
        }
    }

    private long queued(TestUser user, MailTemplate template) {
        return (Long) Db.single(dataSource,
                "SELECT count(*) FROM outbox WHERE user_id = (SELECT id FROM users WHERE username = ?) AND template = ?",
                user.username(), template.key());
    }
}
