package dev.vigil.support;

import static dev.vigil.support.Management.management;

import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Prometheus samples from {@code /q/metrics} on the management interface, as a scraper would. */
public final class Metrics {

    private Metrics() {
    }

    /** The current value of the sample {@code name{tag="value"}}, 0 when it is not exposed. */
    public static double value(String name, String tag, String tagValue) {
        return sample(name, tag, tagValue).orElse(0);
    }

    /** The sample {@code name{tag="value",...}}, if {@code /q/metrics} exposes it. */
    public static OptionalDouble sample(String name, String tag, String tagValue) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)").matcher(scrape());
        while (matcher.find()) {
            if (matcher.group(1).contains(tag + "=\"" + tagValue + "\"")) {
                return OptionalDouble.of(Double.parseDouble(matcher.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    /** Whether {@code /q/metrics} exposes any sample of this name. */
    public static boolean exposes(String name) {
        return Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]").matcher(scrape()).find();
    }

    private static String scrape() {
        return management().accept("text/plain").get("/q/metrics").then().statusCode(200).extract().asString();
    }
}
