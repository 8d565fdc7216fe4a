package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.as;
import static dev.vigil.support.Api.verified;
import static dev.vigil.support.Problems.assertInvalidField;
import static dev.vigil.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** A trusted contact is asked first, and only their own answer makes them one. */
@QuarkusTest
class ContactConsentTest {

    @Inject
    MutableClock clock;

    @Inject
    DataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anAddedContactIsAskedByMailWithoutSeeingTheMessageAndStaysPendingUntilTheyAnswer() {
        TestUser owner = verified();
        String token = accessToken(owner);
        String address = unique("ada");

        JsonPath added = addContact(token, Map.of("name", "Ada", "email", address, "message", "The key is under the pot"))
                .then().statusCode(201).extract().jsonPath();

        assertEquals("pending", added.getString("consent"));
        assertFalse(added.getBoolean("delivery_failed"));
        ReceivedMail request = Mailbox.awaitOne(address, "trusted contact");
        assertTrue(request.text().contains(owner.username()), "names who asked: " + request.text());
        assertFalse(request.text().contains("under the pot"), "never the final message: " + request.text());
        assertFalse(request.html().contains("under the pot"));
        assertNotNull(request.token("/contact-consent"));
        assertTrue(request.text().contains("someone gave this address"), "the footer suits a non-user: " + request.text());
        assertEquals("pending", contacts(token).getString("items[0].consent"));
        assertEquals("plain", Db.single(dataSource, "SELECT message_format FROM trusted_contacts WHERE email = ?",
                address), "stored in the one form there is yet");
    }

    @Test
    void acceptingAndDecliningAreRecordedOnceAndTheOwnerIsTold() {
        TestUser owner = verified();
        String token = accessToken(owner);
        String ada = unique("ada");
        String bob = unique("bob");
        addContact(token, Map.of("name", "Ada", "email", ada)).then().statusCode(201);
        addContact(token, Map.of("name", "Bob", "email", bob)).then().statusCode(201);
        String adaToken = Mailbox.awaitOne(ada, "trusted contact").token("/contact-consent");
        String bobToken = Mailbox.awaitOne(bob, "trusted contact").token("/contact-consent");

        assertInvalidField(confirm(adaToken, "maybe"), "answer");
        confirm(adaToken, "accept").then().statusCode(204);
        confirm(bobToken, "decline").then().statusCode(204);

        assertProblem(confirm(adaToken, "decline"), 400, "used-token");
        JsonPath list = contacts(token);
        assertEquals(List.of("accepted", "declined"), list.getList("items.consent"));
        assertNotNull(list.getString("items[0].consent_answered_at"));
        List<ReceivedMail> answers = Mailbox.await(owner.email(), 3).stream()
                .filter(mail -> mail.subject().contains("answered"))
                .toList();
        assertEquals(2, answers.size(), "one notice per answer");
        assertTrue(answers.stream().anyMatch(mail -> mail.text().contains("Ada accepted")));
        assertTrue(answers.stream().anyMatch(mail -> mail.text().contains("Bob declined")));
    }

    @Test
    void aContactWithOnlyAPhoneIsAskedByTextMessage() {
        String token = accessToken(verified());
        String phone = "+49151" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));

        addContact(token, Map.of("name", "Cem", "phone", phone)).then().statusCode(201);

        Map<String, Object> row = Db.query(dataSource, "SELECT template, payload::text AS payload FROM outbox"
                + " WHERE recipient = ? AND kind = 'sms'", phone).get(0);
        assertEquals(ContactMessages.SMS_CONSENT, row.get("template"));
        assertTrue(row.get("payload").toString().contains("contact-consent"), "carries the answer link: " + row);
    }

    @Test
    void aResentRequestWaitsForTheCooldownAndReplacesTheOlderLink() {
        TestUser owner = verified();
        String token = accessToken(owner);
        String address = unique("dee");
        String id = addContact(token, Map.of("name", "Dee", "email", address)).then().statusCode(201)
                .extract().path("id");
        String first = Mailbox.awaitOne(address, "trusted contact").token("/contact-consent");

        Response tooSoon = resend(token, id);
        assertProblem(tooSoon, 429, "rate-limited");
        assertTrue(Long.parseLong(tooSoon.header("Retry-After")) > 0);
        clock.advance(Duration.ofMinutes(61));
        token = accessToken(owner);
        resend(token, id).then().statusCode(202);
        String second = Mailbox.await(address, 2).get(1).token("/contact-consent");

        assertProblem(confirm(first, "accept"), 400, "invalid-token");
        confirm(second, "accept").then().statusCode(204);
        clock.advance(Duration.ofMinutes(61));
        token = accessToken(owner);
        assertProblem(resend(token, id), 409, "invalid-state-transition");
        assertProblem(resend(accessToken(verified()), id), 404, "not-found");
    }

    @Test
    void theLinkOfARemovedContactNoLongerWorks() {
        String token = accessToken(verified());
        String address = unique("eve");
        String id = addContact(token, Map.of("name", "Eve", "email", address)).then().statusCode(201)
                .extract().path("id");
        String link = Mailbox.awaitOne(address, "trusted contact").token("/contact-consent");

        as(token).delete("/api/v1/me/trusted-contacts/" + id).then().statusCode(204);

        assertProblem(confirm(link, "accept"), 400, "invalid-token");
    }

    @Test
    void aContactWhoseLatestMessageWasGivenUpIsFlaggedUntilOneGoesThrough() {
        TestUser owner = verified();
        String token = accessToken(owner);
        String address = unique("fay");
        String id = addContact(token, Map.of("name", "Fay", "email", address)).then().statusCode(201)
                .extract().path("id");
        Mailbox.awaitOne(address, "trusted contact");

        // What the dispatcher does when the address keeps refusing mail: the message ends dead.
        Db.update(dataSource, "UPDATE outbox SET status = 'dead' WHERE recipient = ?", address);

        assertTrue(contacts(token).getBoolean("items[0].delivery_failed"));
        clock.advance(Duration.ofMinutes(61));
        token = accessToken(owner);
        resend(token, id).then().statusCode(202);
        assertFalse(contacts(token).getBoolean("items[0].delivery_failed"), "a newer message is on its way");
    }

    @Test
    void ofParallelAnswersWithOneLinkExactlyOneCounts() {
        for (int round = 0; round < 3; round++) {
            String token = accessToken(verified());
            String address = unique("gus");
            addContact(token, Map.of("name", "Gus", "email", address)).then().statusCode(201);
            String link = Mailbox.awaitOne(address, "trusted contact").token("/contact-consent");

            List<Response> answers = Race.of(6, i -> confirm(link, i % 2 == 0 ? "accept" : "decline"));

            assertEquals(1, Race.count(answers, 204, null), Race.statuses(answers).toString());
            assertEquals(5, Race.count(answers, 400, "used-token"), Race.statuses(answers).toString());
            String consent = contacts(token).getString("items[0].consent");
            assertTrue(List.of("accepted", "declined").contains(consent), consent);
        }
    }

    @Test
    void ofParallelResendsOnlyOneGoesOutPerCooldown() {
        for (int round = 0; round < 3; round++) {
            TestUser owner = verified();
            String address = unique("hal");
            String id = addContact(accessToken(owner), Map.of("name", "Hal", "email", address)).then().statusCode(201)
                    .extract().path("id");
            clock.advance(Duration.ofMinutes(61));
            String token = accessToken(owner);

            List<Response> resends = Race.of(6, i -> resend(token, id));

            assertEquals(1, Race.count(resends, 202, null), Race.statuses(resends).toString());
            assertEquals(5, Race.count(resends, 429, "rate-limited"), Race.statuses(resends).toString());
            assertEquals(2L, Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ?", address));
            clock.reset();
        }
    }

    private static String unique(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
    }

    static Response confirm(String token, String answer) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "answer", answer))
                .post("/api/v1/trusted-contacts/confirm");
    }

    private static Response resend(String accessToken, String id) {
        return as(accessToken).post("/api/v1/me/trusted-contacts/" + id + "/consent-request");
    }

    private static JsonPath contacts(String accessToken) {
        return as(accessToken).get("/api/v1/me/trusted-contacts").then().statusCode(200).extract().jsonPath();
    }
}
