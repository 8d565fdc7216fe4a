package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vigil.notify.MailRenderer.RenderedMail;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MailRendererTest {

    private static final String LINK = "https://vigil.example/verify-email?token=Ab3_x-9Z";
    private static final Map<String, Object> FACTS = Map.of(
            "email", "grace@example.org",
            "new_email", "hopper@example.net",
            "changed", List.of("display_name", "timezone"),
            "username", "grace");

    @Inject
    MailRenderer renderer;

    @Test
    void everyMailHasASubjectAnAccessibleHtmlPartAndAPlainTextTwin() {
        for (MailTemplate template : MailTemplate.values()) {
            RenderedMail mail = renderer.render(template, FACTS, LINK);

            assertEquals(template.subject(), mail.subject(), template.name());
            assertFalse(mail.subject().isBlank(), template.name());
            assertTrue(mail.html().startsWith("<!DOCTYPE html>"), template + " html starts with " + mail.html());
            assertTrue(mail.html().contains("<html lang=\"en\">"), template.name());
            assertTrue(mail.html().contains("<title>" + mail.subject() + "</title>"), template.name());
            assertTrue(mail.html().contains("<h1"), template.name());
            assertFalse(mail.html().contains("<img"), template + " carries no images or tracking pixels");
            assertFalse(mail.text().isBlank(), template.name());
            assertFalse(mail.text().contains("<"), template + " text part has no markup: " + mail.text());
            assertFalse(mail.text().contains("\n\n\n"), template + " text part has tidy paragraphs:\n" + mail.text());
        }
    }

    @Test
    void theLinkAppearsInBothPartsAsAClickableAndAVisibleUrl() {
        // The account-deleted and user-banned mails, the final message to a trusted contact, the notice of a
        // contact's answer and the test release carry no link.
        for (MailTemplate template : EnumSet.complementOf(EnumSet.of(MailTemplate.ACCOUNT_DELETED,
                MailTemplate.TRUSTED_CONTACT_RELEASE, MailTemplate.USER_BANNED, MailTemplate.CONTACT_ANSWERED,
                MailTemplate.TEST_RELEASE))) {
            RenderedMail mail = renderer.render(template, FACTS, LINK);

            assertTrue(mail.text().contains("\n" + LINK + "\n"), template + " text:\n" + mail.text());
            assertTrue(mail.html().contains("href=\"" + LINK + "\""), template.name());
            assertTrue(mail.html().contains(">" + LINK + "</a>"), template + " shows the URL itself too");
        }
    }

    @Test
    void aLinkWithSeveralParametersIsEscapedInHtmlAndVerbatimInText() {
        String link = "https://vigil.example/reset-password?token=abc&lang=en";

        RenderedMail mail = renderer.render(MailTemplate.PASSWORD_RESET, Map.of(), link);

        assertTrue(mail.html().contains("href=\"https://vigil.example/reset-password?token=abc&amp;lang=en\""));
        assertTrue(mail.text().contains(link));
    }

    @Test
    void everyMailRendersWithoutFactsOrLink() {
        for (MailTemplate template : MailTemplate.values()) {
            RenderedMail withNothing = renderer.render(template, null, null);
            RenderedMail withEmptyFacts = renderer.render(template, Map.of(), null);

            assertEquals(withNothing, withEmptyFacts, template.name());
            assertFalse(withNothing.html().contains("null"), template + ":\n" + withNothing.html());
            assertFalse(withNothing.text().contains("null"), template + ":\n" + withNothing.text());
            assertFalse(withNothing.html().contains("href"), template + " has no link to show");
        }
    }

    @Test
    void htmlSpecialCharactersInFactsAreEscapedInHtmlAndKeptInText() {
        String hostile = "<script>alert('x')</script>\"&";
        Map<String, Object> facts = Map.of(
                "email", hostile + "@example.org",
                "new_email", hostile + "@example.org",
                "changed", List.of(hostile),
                "username", hostile);

        for (MailTemplate template : MailTemplate.values()) {
            RenderedMail mail = renderer.render(template, facts, LINK);

            assertFalse(mail.html().contains("<script>"), template + ":\n" + mail.html());
            assertFalse(mail.html().contains("'x')</script>\"&"), template.name());
        }
        RenderedMail verify = renderer.render(MailTemplate.VERIFY_EMAIL, facts, LINK);
        assertTrue(verify.html().contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;@example.org"),
                verify.html());
        assertTrue(verify.text().contains(hostile + "@example.org"), "plain text is not HTML: shown as typed");
        RenderedMail reminder = renderer.render(MailTemplate.USERNAME_REMINDER, facts, null);
        assertTrue(reminder.html().contains("&lt;script&gt;"), reminder.html());
    }

    @Test
    void emailChangeNoticeShowsTheNewAddressMaskedToTheOldOne() {
        RenderedMail mail = renderer.render(MailTemplate.EMAIL_CHANGE_REQUESTED,
                Map.of("new_email", "hopper@example.net"), null);

        assertTrue(mail.html().contains("h\u2022\u2022\u2022@example.net"), mail.html());
        assertTrue(mail.text().contains("h\u2022\u2022\u2022@example.net"), mail.text());
        assertFalse(mail.html().contains("hopper"));
        assertFalse(mail.text().contains("hopper"));
        assertTrue(mail.text().contains("Was it not you?"), "tells the reader what to do if it was not them");
    }

    @Test
    void profileChangeNoticeListsTheChangedFieldsInWords() {
        RenderedMail mail = renderer.render(MailTemplate.PROFILE_CHANGED,
                Map.of("changed", List.of("display_name", "preferred_contact_method", "timezone", "account")), null);

        assertTrue(mail.html().contains("<li>display name</li>"), mail.html());
        assertTrue(mail.html().contains("<li>preferred contact method</li>"));
        assertTrue(mail.html().contains("<li>time zone</li>"));
        assertTrue(mail.html().contains("<li>account settings</li>"));
        assertTrue(mail.text().contains("- display name\n- preferred contact method\n- time zone\n- account settings\n"),
                mail.text());
        assertFalse(mail.text().contains("_"), "no field names leak through: " + mail.text());
    }

    @Test
    void factsThatWentThroughJsonStillRender() {
        Map<String, Object> fromJson = new HashMap<>();
        fromJson.put("email", "grace@example.org");
        fromJson.put("pending", "true");
        fromJson.put("changed", "phone");
        fromJson.put("valid_minutes", 45);

        RenderedMail verify = renderer.render(MailTemplate.VERIFY_EMAIL, fromJson, LINK);
        RenderedMail profile = renderer.render(MailTemplate.PROFILE_CHANGED, fromJson, null);
        RenderedMail reset = renderer.render(MailTemplate.PASSWORD_RESET, fromJson, LINK);

        assertTrue(verify.text().contains("keeps its current address"), verify.text());
        assertTrue(profile.text().contains("- phone number"), profile.text());
        assertTrue(reset.text().contains("45 minutes"), reset.text());
    }

    @Test
    void verificationOfAChangedAddressSaysTheOldOneStaysUntilConfirmed() {
        RenderedMail fresh = renderer.render(MailTemplate.VERIFY_EMAIL, Map.of("email", "grace@example.org"), LINK);
        RenderedMail pending = renderer.render(MailTemplate.VERIFY_EMAIL,
                Map.of("email", "grace@example.org", "pending", true), LINK);

        assertTrue(fresh.html().contains("Welcome to Vigil"));
        assertTrue(fresh.text().contains("24 hours"), fresh.text());
        assertFalse(fresh.text().contains("keeps its current address"));
        assertTrue(pending.text().contains("keeps its current address"), pending.text());
        assertTrue(pending.html().contains("<strong>grace@example.org</strong>"));
    }

    @Test
    void passwordResetLinkSaysItWorksForThirtyMinutes() {
        RenderedMail mail = renderer.render(MailTemplate.PASSWORD_RESET, Map.of(), LINK);

        assertTrue(mail.html().contains("for 30 minutes"), mail.html());
        assertTrue(mail.text().contains("for 30 minutes"), mail.text());
    }

    @Test
    void passwordResetNamesTheAccountWhenTheFactsDo() {
        RenderedMail mail = renderer.render(MailTemplate.PASSWORD_RESET, Map.of("username", "grace.h"), LINK);

        assertTrue(mail.html().contains("your Vigil account <strong>grace.h</strong>."), mail.html());
        assertTrue(mail.text().contains("your Vigil account grace.h."), mail.text());
    }

    @Test
    void registrationAttemptPointsToThePasswordResetWithOrWithoutALink() {
        String resetPage = "https://vigil.example/reset-password";

        RenderedMail withLink = renderer.render(MailTemplate.REGISTRATION_ATTEMPT, Map.of(), resetPage);
        RenderedMail withoutLink = renderer.render(MailTemplate.REGISTRATION_ATTEMPT, Map.of(), null);

        assertTrue(withLink.text().contains(resetPage));
        assertTrue(withLink.html().contains("<a href=\"" + resetPage + "\">" + resetPage + "</a>"));
        assertFalse(withLink.text().contains("verify"), "a notice, never a verification link");
        assertTrue(withoutLink.text().contains("\"Forgot password\""), withoutLink.text());
        assertTrue(withoutLink.html().contains("\"Forgot password\""), withoutLink.html());
    }

    @Test
    void usernameReminderAndDeletionNoticeNameTheUsername() {
        RenderedMail reminder = renderer.render(MailTemplate.USERNAME_REMINDER, Map.of("username", "grace.h"), null);
        RenderedMail deleted = renderer.render(MailTemplate.ACCOUNT_DELETED, Map.of("username", "grace.h"), LINK);

        assertTrue(reminder.html().contains("<strong>grace.h</strong>"));
        assertTrue(reminder.text().contains("grace.h"));
        assertTrue(deleted.html().contains("<strong>grace.h</strong>"));
        assertFalse(deleted.text().contains(LINK), "nothing to click for a deleted account");
    }
}
