package dev.vigil.notify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

class DeliveryFailuresTest {

    @Test
    void theReasonIsTheFailuresOwnWords() {
        assertEquals("Connection refused: localhost/127.0.0.1:25",
                DeliveryFailures.reason(new ConnectException("Connection refused: localhost/127.0.0.1:25")));
        assertEquals("Connection refused", DeliveryFailures.reason(
                new CompletionException(new ConnectException("Connection refused"))));
        assertEquals("IllegalStateException", DeliveryFailures.reason(new IllegalStateException()));
    }

    @Test
    void addressesPhoneNumbersAndTokensAreHidden() {
        String reason = DeliveryFailures.reason(new RuntimeException(
                "550 5.1.1 <bob.smith@example.org>: Recipient address rejected\r\n for +14155550123,"
                        + " link https://vigil.example/check-in?token=s3cr3t&x=1"));
        assertThat(reason, not(containsString("bob.smith@example.org")));
        assertThat(reason, containsString("b•••@example.org"));
        assertThat(reason, not(containsString("4155550123")));
        assertThat(reason, containsString("+•••23"));
        assertThat(reason, not(containsString("s3cr3t")));
        assertThat(reason, containsString("token=•••&x=1"));
        assertThat(reason, not(containsString("\n")));
    }

    @Test
    void aLongReasonIsCut() {
        String reason = DeliveryFailures.reason(new RuntimeException("x".repeat(1000)));
        assertTrue(reason.length() <= DeliveryFailures.MAX_REASON_LENGTH + 1, reason);
    }

    @Test
    void recipientsAreNamedOnlyInPart() {
        assertEquals("b•••@example.org", DeliveryFailures.recipient(NotificationService.KIND_MAIL, "bob@example.org"));
        assertEquals("+•••23", DeliveryFailures.recipient(NotificationService.KIND_SMS, "+14155550123"));
        assertEquals("hooks.example.org",
                DeliveryFailures.recipient(NotificationService.KIND_WEBHOOK, "https://hooks.example.org/services/T0/B0/secret"));
        assertEquals("•••", DeliveryFailures.recipient(NotificationService.KIND_WEBHOOK, "not a url"));
    }
}
