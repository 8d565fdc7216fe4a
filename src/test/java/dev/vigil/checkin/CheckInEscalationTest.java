package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.patchMe;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import dev.vigil.support.Outbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * Reminders escalate as the deadline nears: the last one before it and every one in grace go to both
 * the address and the phone, and those in grace say when the contacts will be told.
 */
@QuarkusTest
class CheckInEscalationTest {

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

    @Test
    void theLastReminderBeforeTheDeadlineAndThoseInGraceGoToBothChannels() {
        TestUser user = verified();
        String phone = "+49152" + (10_000_000 + Math.abs(UUID.randomUUID().hashCode() % 89_999_999));
        patchMe(user, "{\"phone\": \"" + phone + "\"}");
        addContact(accessToken(user), Map.of("name", "Pat", "email", "pat." + UUID.randomUUID() + "@example.net"))
                .then().statusCode(201);
        JsonPath planned = enable(user, "P10D");
        Instant due = Instant.parse(planned.getString("next_due_at"));
        Instant release = Instant.parse(planned.getString("release_at"));

        // P7D, P1D and PT0S before the deadline, and P1D before the release (grace is P3D).
        assertEquals(List.of(List.of("email"), List.of("email", "sms"), List.of("email", "sms"), List.of("email", "sms")),
                planned.getList("reminders.channels"));
        assertEquals(release.minus(Duration.ofDays(1)), Instant.parse(planned.getString("reminders[3].at")));

        moveTo(due.minus(Duration.ofDays(7)).plusSeconds(60));
        scan();
        assertEquals(0L, texts(phone), "an early reminder goes by the preferred channel only");
        ReceivedMail early = Mailbox.awaitOne(user.email(), "check in");
        assertTrue(early.text().contains("1 of your trusted contacts has not answered"), early.text());

        moveTo(due.minus(Duration.ofDays(1)).plusSeconds(60));
        scan();
        assertEquals(1L, texts(phone), "the last reminder before the deadline escalates");

        moveTo(due.plusSeconds(60));
        scan();
        moveTo(release.minus(Duration.ofDays(1)).plusSeconds(60));
        scan();
        assertEquals(3L, texts(phone));
        assertEquals(4, Outbox.count(dataSource, user.username(), "check-in-reminder"));
        List<ReceivedMail> reminders = Mailbox.await(user.email(), 6).stream()
                .filter(mail -> mail.subject().equals("Please check in"))
                .toList();
        assertEquals(4, reminders.size());
        ReceivedMail last = reminders.get(3);
        assertTrue(last.text().contains("will be told on"), last.text());
        assertTrue(last.text().contains(release.atZone(ZoneOffset.UTC).getDayOfMonth() + " "), last.text());
        String lastText = (String) Db.single(dataSource, "SELECT payload->>'text' FROM outbox WHERE recipient = ?"
                + " ORDER BY created_at DESC LIMIT 1", phone);
        assertTrue(lastText.contains("will be told on"), lastText);
        assertEquals(List.of(true, true, true, true), state(user).getList("reminders.sent_at").stream()
                .map(sent -> sent != null).toList());
    }

    @Test
    void aUserWithoutAPhoneGetsEveryReminderByMailAlone() {
        TestUser user = verified();
        JsonPath planned = enable(user, "P10D");

        for (Object channels : planned.getList("reminders.channels")) {
            assertEquals(List.of("email"), channels);
        }
        assertFalse(planned.getList("reminders").isEmpty());
    }

    private long texts(String phone) {
        return (Long) Db.single(dataSource, "SELECT count(*) FROM outbox WHERE recipient = ? AND kind = 'sms'", phone);
    }

    private void moveTo(Instant instant) {
        clock.advance(Duration.between(clock.instant(), instant));
    }

    private void scan() {
        CheckInSupport.scan(scanner);
    }
}
