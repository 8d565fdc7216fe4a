package dev.vigil.devtools;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mail's plain text cut into runs of text and http(s) links, so that a template can make the links
 * clickable while it escapes everything, links included. Only http and https become links: nothing a
 * mail says can turn into a {@code javascript:} or {@code data:} link.
 */
public final class MailText {

    /** A run of the text; {@code link} when it is an http(s) URL. */
    public record Part(String text, boolean link) {
    }

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`\\p{Cntrl}]+", Pattern.CASE_INSENSITIVE);
    /** Closes a sentence or a bracket around a link rather than belonging to it. */
    private static final String TRAILING = ".,;:!?)]}";

    private MailText() {
    }

    static List<Part> parts(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<Part> parts = new ArrayList<>();
        Matcher url = URL.matcher(text);
        int done = 0;
        while (url.find()) {
            int end = url.end();
            while (end > url.start() && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            if (url.start() > done) {
                parts.add(new Part(text.substring(done, url.start()), false));
            }
            parts.add(new Part(text.substring(url.start(), end), true));
            done = end;
        }
        if (done < text.length()) {
            parts.add(new Part(text.substring(done), false));
        }
        return parts;
    }
}
