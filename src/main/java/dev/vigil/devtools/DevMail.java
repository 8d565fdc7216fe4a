package dev.vigil.devtools;

import java.time.Instant;
import java.util.List;

/**
 * A sent message as the dev mail page shows it: when it went out, to whom, its subject (null for an
 * SMS) and its plain text.
 */
public record DevMail(Instant sentAt, boolean sms, List<String> to, String subject, String text) {
}
