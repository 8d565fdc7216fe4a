package dev.vigil.support;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/** Reads what really arrived at the test SMTP server. */
public final class Mailbox {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    private Mailbox() {
    }

    /** One received mail, with both of its parts. */
    public record ReceivedMail(String to, String subject, String text, String html, String messageId) {

        /** The first link to {@code path} in the plain-text part. */
        public String link(String path) {
            Matcher m = Pattern.compile("https?://[^\\s\"<>]+" + Pattern.quote(path) + "[^\\s\"<>]*").matcher(text);
            if (!m.find()) {
                throw new AssertionError("No " + path + " link in: " + text);
            }
            return m.group();
        }

        /** The token of the first link to {@code path}. */
        public String token(String path) {
            Matcher m = TOKEN.matcher(link(path));
            if (!m.find()) {
                throw new AssertionError("No token in the " + path + " link");
            }
            return m.group(1);
        }
    }

    /** Mails received so far by {@code address} (case-insensitive). */
    public static List<ReceivedMail> to(String address) {
        List<ReceivedMail> mails = new ArrayList<>();
        for (MimeMessage message : GreenMailResource.server().getReceivedMessages()) {
            if (isTo(message, address)) {
                mails.add(read(message, address));
            }
        }
        return mails;
    }

    /** Waits (boundedly) until {@code address} has received {@code count} mails, and returns them. */
    public static List<ReceivedMail> await(String address, int count) {
        Instant deadline = Instant.now().plus(WAIT);
        List<ReceivedMail> mails = to(address);
        while (mails.size() < count && Instant.now().isBefore(deadline)) {
            sleep();
            mails = to(address);
        }
        if (mails.size() < count) {
            throw new AssertionError("Expected " + count + " mail(s) to " + address + ", got " + mails.size());
        }
        return mails;
    }

    /** The newest mail to {@code address} whose subject contains {@code subjectPart}, waiting for it. */
    public static ReceivedMail awaitOne(String address, String subjectPart) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            List<ReceivedMail> matching = to(address).stream()
                    .filter(mail -> mail.subject().toLowerCase(Locale.ROOT).contains(subjectPart.toLowerCase(Locale.ROOT)))
                    .toList();
            if (!matching.isEmpty()) {
                return matching.get(matching.size() - 1);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No mail to " + address + " about '" + subjectPart + "'; got "
                        + to(address).stream().map(ReceivedMail::subject).toList());
            }
            sleep();
        }
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            Address[] recipients = message.getRecipients(Message.RecipientType.TO);
            if (recipients == null) {
                return false;
            }
            for (Address recipient : recipients) {
                if (recipient.toString().equalsIgnoreCase(address)) {
                    return true;
                }
            }
            return false;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ReceivedMail read(MimeMessage message, String address) {
        try {
            String[] parts = new String[2];
            collect(message.getContent(), message.getContentType(), parts);
            return new ReceivedMail(address, message.getSubject(), parts[0], parts[1], message.getMessageID());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collect(Object content, String type, String[] parts) throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                collect(part.getContent(), part.getContentType(), parts);
            }
        } else if (content instanceof String text) {
            String lower = type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("text/plain")) {
                parts[0] = text;
            } else if (lower.startsWith("text/html")) {
                parts[1] = text;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
