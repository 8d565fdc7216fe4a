package dev.vigil.checkin;

import static dev.vigil.checkin.CheckInSupport.addContact;
import static dev.vigil.checkin.CheckInSupport.enable;
import static dev.vigil.checkin.CheckInSupport.patchMe;
import static dev.vigil.checkin.CheckInSupport.state;
import static dev.vigil.support.Api.accessToken;
import static dev.vigil.support.Api.verified;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.vigil.support.Api.TestUser;
import dev.vigil.support.Mailbox;
import dev.vigil.support.MutableClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The check-in journey as the people in it see it, in headless Chromium: a contact accepts on the
 * consent page, the owner misses a check-in, the contact is asked "are they OK?" and vouches on the
 * vouch page, the release moves later, and the owner checks in from the link in the mail that tells
 * them; a second contact declines on the consent page and is never asked. The clock is moved between the steps; each page is pressed by src/test/e2e/press-button.mjs,
 * which leaves a screenshot of every page in {@code target/e2e-screenshots/check-in}.
 *
 * <p>Needs Node (the build needs it anyway, for the TypeScript client) and Chromium at
 * {@code /usr/bin/chromium} or {@code $CHROMIUM}; without Chromium the test says so and is skipped.
 */
@QuarkusTest
class CheckInBrowserTest {

    private static final Path E2E = Path.of("src/test/e2e");
    private static final Path SCREENSHOTS = Path.of("target/e2e-screenshots/check-in");
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

    @TestHTTPResource("/")
    URL base;

    @Inject
    MutableClock clock;

    @Inject
    CheckInScanner scanner;

    private static String chromium;

    @BeforeAll
    static void browserAndPlaywright() throws Exception {
        chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(Path.of(chromium)),
                "Chromium is not installed at " + chromium + " (apt-get install chromium, or set CHROMIUM):"
                        + " the browser test of the check-in pages cannot run here");
        if (!Files.isDirectory(E2E.resolve("node_modules/playwright-core"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), "installing Playwright");
        }
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void consentThenAMissedCheckInThenAVouchPostponesTheReleaseUntilTheOwnerChecksIn() throws Exception {
        TestUser owner = verified();
        patchMe(owner, "{\"display_name\": \"Robin\"}");
        String contact = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
        String declining = "ben." + UUID.randomUUID().toString().substring(0, 8) + "@example.net";
        addContact(accessToken(owner), Map.of("name", "Ada", "email", contact, "message", "Thank you for everything"))
                .then().statusCode(201);
        addContact(accessToken(owner), Map.of("name", "Ben", "email", declining)).then().statusCode(201);

        press(link(Mailbox.awaitOne(contact, "trusted contact").token("/contact-consent"), "/contact-consent"),
                "Yes, I accept", "Robin would like you to be one of their trusted contacts",
                "Thank you for accepting", "1-consent");
        press(link(Mailbox.awaitOne(declining, "trusted contact").token("/contact-consent"), "/contact-consent"),
                "No, thank you", "Robin would like you to be one of their trusted contacts",
                "You will not be contacted about this again", "1-decline");

        Instant firstRelease = Instant.parse(enable(owner, "P1D").getString("release_at"));
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        scan();
        assertEquals("grace", state(owner).getString("status"));
        assertTrue(Mailbox.to(declining).stream().noneMatch(mail -> mail.subject().contains("check on")),
                "a contact who declined is not asked");
        press(link(Mailbox.awaitOne(contact, "check on").token("/vouch"), "/vouch"), "Yes, I have heard from them",
                "Robin missed a check-in", "Nothing will be passed on before", "2-vouch");

        Instant postponed = Instant.parse(state(owner).getString("release_at"));
        assertEquals(firstRelease.plus(Duration.ofDays(3)), postponed);
        clock.advance(Duration.between(clock.instant(), firstRelease).plusHours(1));
        scan();
        assertEquals("grace", state(owner).getString("status"), "not released at the first release time");

        press(link(Mailbox.awaitOne(owner.email(), "checked on you").token("/check-in"), "/check-in"), "Check in",
                "Press the button to confirm that you are fine", "Your next check-in is due", "3-check-in");
        assertEquals("ok", state(owner).getString("status"));
        assertTrue(Files.size(SCREENSHOTS.resolve("3-check-in-2-result.png")) > 0);
    }

    /** The link as this test's server serves it (mails carry vigil.public-url, which tests do not listen on). */
    private String link(String token, String path) {
        return base.toString().replaceAll("/$", "") + path + "?token=" + token;
    }

    private static void press(String url, String button, String before, String after, String step) throws Exception {
        run(List.of("node", "press-button.mjs", url, button, before, after,
                SCREENSHOTS.toAbsolutePath().resolve(step).toString()), "pressing '" + button + "'");
    }

    private static void run(List<String> command, String what) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(E2E.toFile()).redirectErrorStream(true);
        builder.environment().put("CHROMIUM", chromium);
        Process process = builder.start();
        boolean done = process.waitFor(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            process.destroyForcibly();
        }
        System.out.print(output);
        assertTrue(done && process.exitValue() == 0, what + " failed:\n" + output);
    }

    private void scan() {
        CheckInSupport.scan(scanner);
    }
}
