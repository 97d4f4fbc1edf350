package io.snapdock.model;

import io.snapdock.SnapdockException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/** A snapshot's name: the UTC time it started, {@code YYYYMMDDTHHMMSSZ}. */
public final class Stamp {

    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z");
    private static final DateTimeFormatter FORMATTER = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private Stamp() {
    }

    public static String of(Instant instant) {
        return FORMATTER.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static Instant toInstant(String stamp) {
        return Instant.from(FORMATTER.parse(stamp));
    }

    /**
     * Checks a stamp that came from outside (CLI, API). Anything else — a path, {@code ..},
     * an impossible date — is refused before it can name a key in the repository.
     */
    public static String require(String stamp) {
        if (stamp == null || stamp.isBlank()) {
            throw SnapdockException.badInput("a snapshot stamp is required (format YYYYMMDDTHHMMSSZ)");
        }
        if (!FORMAT.matcher(stamp).matches()) {
            throw SnapdockException.badInput("malformed stamp '" + printable(stamp)
                    + "': expected UTC YYYYMMDDTHHMMSSZ, e.g. 20260407T060000Z");
        }
        try {
            toInstant(stamp);
        } catch (DateTimeParseException e) {
            throw SnapdockException.badInput("malformed stamp '" + stamp + "': not a real date and time");
        }
        return stamp;
    }

    public static boolean isValid(String stamp) {
        try {
            require(stamp);
            return true;
        } catch (SnapdockException e) {
            return false;
        }
    }

    static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
