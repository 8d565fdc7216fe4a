package dev.vigil.devtools;

import static dev.vigil.support.Api.newUser;
import static dev.vigil.support.Api.register;
import static dev.vigil.support.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.vigil.notify.sms.SmsSender;
import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.mailer.SentMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

@QuarkusTest
@TestProfile(DevToolsProfile.class)
class DevMailPageTest {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";

    @Inject
    Event<SentMail> sent;

    @Inject
    MutableClock clock;

    @Inject
    SmsSender sms;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRegistrationsVerificationMailIsListedWithItsLinkClickable() {
        TestUser user = newUser();
        register(user);
        String link = Mailbox.awaitOne(user.email(), "Confirm").link("/verify-email");

        eventually("the mail is on /dev/mail", () -> mailPage().asString().contains(user.email()));

        mailPage().then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", equalTo(CSP))
                .header("Cache-Control", equalTo("no-store"))
                .body(startsWith("<!DOCTYPE html>"))
                .body(not(containsString("<script")))
                .body(containsString("<a href=\"" + link + "\">" + link + "</a>"))
                .body(containsString("Confirm your email address"));
    }

    @Test
    void newestMailComesFirstWithTheTimeItWasSent() {
        clock.advance(Duration.ofDays(3));
        Instant before = clock.instant();
        String older = newUser().email();
        String newer = newUser().email();
        send(older, "Older mail", "first");
        send(newer, "Newer mail", "second");
        Instant after = clock.instant();

        String page = mailPage().asString();

        assertTrue(page.indexOf(newer) > 0 && page.indexOf(older) > page.indexOf(newer), "newest first");
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        assertTrue(page.contains(minute.format(before)) || page.contains(minute.format(after)),
                "the page shows when the mail was sent, by the application's clock (" + minute.format(before) + " UTC)");
    }

    /**
     * Mail text carries what users typed (display names, a trusted contact's message). The page shows
     * it as text: markup is escaped, and only http(s) URLs become links, cut where a quote would end
     * the attribute.
     */
    @Test
    void htmlInAMailIsShownAsTextAndOnlyHttpLinksAreClickable() {
        String displayName = "<img src=x onerror=alert(1)> \"Eve\" & co";
        send("eve@example.org", "Hello <b>" + displayName + "</b>",
                "Hi " + displayName + ",\n"
                        + "open https://vigil.example/check-in?token=abc&x=1\"onmouseover=\"alert(2) now.\n"
                        + "Not this: javascript:alert(3) or <a href=\"javascript:alert(4)\">here</a>\n");

        mailPage().then()
                .statusCode(200)
                .body(not(containsString("<img")))
                .body(not(containsString("<b>")))
                .body(not(containsString("<a href=\"javascript")))
                .body(not(containsString("onmouseover=\"")))
                .body(containsString("Hello &lt;b&gt;&lt;img src=x onerror=alert(1)&gt; &quot;Eve&quot; &amp; co&lt;/b&gt;"))
                .body(containsString("Hi &lt;img src=x onerror=alert(1)&gt; &quot;Eve&quot; &amp; co,"))
                .body(containsString("<a href=\"https://vigil.example/check-in?token=abc&amp;x=1\">"
                        + "https://vigil.example/check-in?token=abc&amp;x=1</a>&quot;onmouseover=&quot;alert(2) now."))
                .body(containsString("javascript:alert(3) or &lt;a href=&quot;javascript:alert(4)&quot;&gt;here&lt;/a&gt;"));
    }

    /** The log SMS provider (the default) keeps texts out of the log; dev mode shows them here. */
    @Test
    void smsOfTheLogProviderAreListedToo() {
        String number = "+14155550188";
        sms.send(number, "Are you OK? Check in: https://vigil.example/check-in?token=sms-token", "dev-sms-1")
                .await().atMost(Duration.ofSeconds(5));

        mailPage().then()
                .statusCode(200)
                .body(containsString("<h2>SMS</h2>"))
                .body(containsString("to " + number))
                .body(containsString("Are you OK? Check in: <a href=\"https://vigil.example/check-in?token=sms-token\">"));
    }

    private void send(String to, String subject, String text) {
        sent.fire(new SentMail("vigil@vigil.test", List.of(to), List.of(), List.of(), null, null, subject, text, null,
                Map.of(), List.of()));
    }

    private static Response mailPage() {
        return given().get("/dev/mail");
    }
}
