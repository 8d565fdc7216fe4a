package dev.vigil.common.validation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Only a plain mailbox is an email address: nothing a mailer could read as another recipient. */
class MailboxesTest {

    @Test
    void plainAddressesAreAccepted() {
        for (String address : List.of("ada@example.org", "Ada.Lovelace@Example.ORG", "a+tag@mail.example.co.uk",
                "o'brien@example.ie", "x_y-z@sub-domain.example.com", "1@2.example", "a".repeat(64) + "@example.org")) {
            assertTrue(Mailboxes.isValid(address), address);
        }
    }

    @Test
    void anythingAMailerCouldReadAsAnotherRecipientIsRefused() {
        for (String address : List.of("victim<attacker@evil.test>", "Victim <victim@example.org>", "<victim@example.org>",
                "\"victim\"@example.org", "victim@example.org (comment)", "victim(comment)@example.org",
                "victim@example.org, attacker@evil.test", "victim@example.org\r\nBcc: attacker@evil.test",
                "victim @example.org", "victim@exa mple.org", "victim\u0000@example.org", "victim@[127.0.0.1]",
                "a@b@example.org", ".ada@example.org", "ada.@example.org", "a..da@example.org", "ada@-example.org",
                "ada@example-.org", "ada@example..org", "ada@localhost", "x@y", "ada", "@example.org", "ada@",
                "ädä@example.org", "ada@exämple.org", "a".repeat(65) + "@example.org",
                "ada@" + "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".org", "")) {
            assertFalse(Mailboxes.isValid(address), address);
        }
        assertFalse(Mailboxes.isValid(null));
    }
}
