package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.checkin.ContactConsentTest.confirm;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Db;
import dev.vigil.support.Mailbox;
import dev.vigil.support.Mailbox.ReceivedMail;
import dev.vigil.support.MutableClock;
import dev.vigil.support.Race;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * "Are they OK?": when grace begins, each accepted contact is asked once to reach the user, and a
 * contact who did can postpone the release by one grace period, once per deadline.
 */
@QuarkusTest
class ContactAskAndVouchTest {

    private static final String ASK = "check-on-owner";

    @Inject
    MutableClock clock;

    @Inject
    CheckInScanner scanner;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** An owner with one accepted, one pending and one declined contact, at the start of a P1D deadline. */
    record Owner(TestUser user, String accepted, String pending, String declined) {
    }

    Owner ownerWithThreeContacts() {
        TestUser user = verified();
        String token = accessToken(user);
        Owner owner = new Owner(user, unique("acc"), unique("pen"), unique("dec"));
        addContact(token, Map.of("name", "Ada", "email", owner.accepted(), "message", "Please feed the cat")).then()
                .statusCode(201);
        addContact(token, Map.of("name", "Pat", "email", owner.pending(), "message", "Pending message")).then()
                .statusCode(201);
        addContact(token, Map.of("name", "Dan", "email", owner.declined(), "message", "Declined message")).then()
                .statusCode(201);
        confirm(Mailbox.awaitOne(owner.accepted(), "trusted contact").token("/contact-consent"), "accept").then()
                .statusCode(204);
        confirm(Mailbox.awaitOne(owner.declined(), "trusted contact").token("/contact-consent"), "decline").then()
                .statusCode(204);
        enable(user, "P1D");
        return owner;
    }

    @Test
    void whenGraceBeginsOnlyAcceptedContactsAreAskedAndOnlyOnce() {
        Owner owner = ownerWithThreeContacts();
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        scan();
        scan();

        ReceivedMail ask = Mailbox.awaitOne(owner.accepted(), "check on");
        assertTrue(ask.text().contains(owner.user().username()), ask.text());
        assertFalse(ask.text().contains("feed the cat"), "never the final message: " + ask.text());
        assertTrue(ask.text().contains("/vouch?token="), ask.text());
        assertEquals(1L, sent(owner.accepted(), ASK));
        assertEquals(0L, sent(owner.pending(), ASK));
        assertEquals(0L, sent(owner.declined(), ASK));
    }

    @Test
    void aVouchPostponesTheReleaseOnceTellsTheOwnerAndOnlyAcceptedContactsGetTheMessage() {
        Owner owner = ownerWithThreeContacts();
        Instant firstRelease = Instant.parse(state(owner.user()).getString("release_at"));
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        scan();
        String link = Mailbox.awaitOne(owner.accepted(), "check on").token("/vouch");

        vouch(link).then().statusCode(204);

        assertProblem(vouch(link), 400, "used-token");
        Instant postponed = Instant.parse(state(owner.user()).getString("release_at"));
        assertEquals(firstRelease.plus(Duration.ofDays(3)), postponed, "one grace period later");
        ReceivedMail told = Mailbox.awaitOne(owner.user().email(), "checked on you");
        assertTrue(told.text().contains("Ada"), told.text());
        assertTrue(told.text().contains("/check-in?token="), "the owner can stop it at once: " + told.text());

        clock.advance(Duration.between(clock.instant(), firstRelease).plusHours(1));
        scan();
        assertEquals("grace", state(owner.user()).getString("status"), "not released at the old time");

        clock.advance(Duration.between(clock.instant(), postponed).plusMinutes(1));
        scan();
        assertTrue(released(owner.user()), "released at the postponed time");
        assertTrue(Mailbox.awaitOne(owner.accepted(), "asked to receive").text().contains("feed the cat"));
        assertEquals(0L, sent(owner.pending(), "trusted-contact-release"));
        assertEquals(0L, sent(owner.declined(), "trusted-contact-release"));
    }

    @Test
    void aVouchAfterTheOwnerCheckedInIsOutOfDateAndAfterAReleaseIsAConflict() {
        Owner checkedIn = ownerWithThreeContacts();
        Owner released = ownerWithThreeContacts();
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        scan();
        String staleLink = Mailbox.awaitOne(checkedIn.accepted(), "check on").token("/vouch");
        String lateLink = Mailbox.awaitOne(released.accepted(), "check on").token("/vouch");

        as(accessToken(checkedIn.user())).post("/api/v1/me/check-in").then().statusCode(200);
        clock.advance(Duration.ofDays(3));
        scan();

        assertProblem(vouch(staleLink), 400, "expired-token");
        assertTrue(released(released.user()));
        assertProblem(vouch(lateLink), 409, "invalid-state-transition");
        assertProblem(vouch(lateLink), 409, "invalid-state-transition");
    }

    @Test
    void contactsVouchingAtOnceEachPostponeOnceAndOneLinkVouchesOnce() {
        for (int round = 0; round < 3; round++) {
            TestUser user = verified();
            String token = accessToken(user);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String address = unique("v" + i);
                addresses.add(address);
                addContact(token, Map.of("name", "Friend " + i, "email", address)).then().statusCode(201);
                confirm(Mailbox.awaitOne(address, "trusted contact").token("/contact-consent"), "accept").then()
                        .statusCode(204);
            }
            enable(user, "P1D");
            Instant firstRelease = Instant.parse(state(user).getString("release_at"));
            clock.advance(Duration.ofDays(1).plusMinutes(1));
            scan();
            List<String> links = addresses.stream()
                    .map(address -> Mailbox.awaitOne(address, "check on").token("/vouch"))
                    .toList();

            // Every contact's link twice at once: six requests, three postponements.
            List<Response> answers = Race.of(6, i -> vouch(links.get(i % 3)));

            assertEquals(3, Race.count(answers, 204, null), Race.statuses(answers).toString());
            assertEquals(3, Race.count(answers, 400, "used-token"), Race.statuses(answers).toString());
            assertEquals(firstRelease.plus(Duration.ofDays(9)), Instant.parse(state(user).getString("release_at")));
            clock.reset();
        }
    }

    @Test
    void scannersRunningAtOnceAskEachContactOnce() throws Exception {
        List<Owner> owners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            owners.add(ownerWithThreeContacts());
        }
        clock.advance(Duration.ofDays(1).plusMinutes(1));

        List<Thread> scanners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scanners.add(new Thread(this::scan));
        }
        scanners.forEach(Thread::start);
        for (Thread thread : scanners) {
            thread.join();
        }

        for (Owner owner : owners) {
            assertEquals(1L, sent(owner.accepted(), ASK), "asked once: " + owner.accepted());
            UUID userId = UUID.fromString(Db.single(dataSource, "SELECT CAST(id AS varchar) FROM users WHERE username = ?",
                    owner.user().username()).toString());
            assertEquals(1L, Db.single(dataSource, "SELECT count(*) FROM check_in_contact_asks WHERE user_id = ?",
                    userId));
        }
    }

    /** Read from the database: a released owner cannot sign in to ask. */
    private boolean released(TestUser user) {
        return (Long) Db.single(dataSource, "SELECT count(*) FROM check_ins c JOIN users u ON u.id = c.user_id"
                + " WHERE u.username = ? AND c.released_at IS NOT NULL", user.username()) == 1L;
    }

    private long sent(String recipient, String template) {
        return (Long) Db.single(dataSource, "SELECT count(*) FROM outbox WHERE lower(recipient) = lower(?) AND template = ?",
                recipient, template);
    }

    private static String unique(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
    }

    static Response vouch(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/api/v1/check-in/vouch");
    }

    private void scan() {
        CheckInSupport.scan(scanner);
    }
}
