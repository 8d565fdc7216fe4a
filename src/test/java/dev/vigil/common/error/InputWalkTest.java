package dev.vigil.common.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.common.error.InputWalk.Caller;
import dev.vigil.common.error.InputWalk.Result;
import dev.vigil.support.Db;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every operation of the served OpenAPI document, walked with hostile input (control characters,
 * duplicate keys, trailing content, wrong types, huge values, broken paths and queries) as an
 * anonymous caller, a user and an admin: never a 5xx, every 4xx a problem, and each input rule
 * answered as the contract says. {@code bench/fuzz.sh} runs the same walk against the built jar.
 */
@QuarkusTest
class InputWalkTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    @Test
    void hostileInputOnEveryOperationNeverReachesA5xxAndIsAnsweredAsTheContractSays() throws IOException {
        InputWalk walk = new InputWalk(base);
        String password = "walk " + UUID.randomUUID();
        String user = walk.register(password);
        String admin = walk.register(password);
        Db.update(dataSource, "UPDATE users SET roles = ? WHERE username = ?", "user,admin", admin);

        Result result = walk.walk(List.of(Caller.anonymous(), new Caller("user", user, password, false),
                new Caller("admin", admin, password, true)));

        assertTrue(result.requests() > 5_000, "the walk covered the document: " + result.summary());
        assertEquals(0, result.serverErrors(), result.summary() + "\n" + String.join("\n", result.findings()));
        assertEquals(List.of(), result.findings(), result.summary());
    }
}
