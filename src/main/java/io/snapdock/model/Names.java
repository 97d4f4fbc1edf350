package io.snapdock.model;

import io.snapdock.SnapdockException;

import java.util.regex.Pattern;

/** Rules for names that become parts of repository keys (store names). */
public final class Names {

    private static final Pattern STORE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private Names() {
    }

    /** A store name: letters, digits, '.', '_' and '-', starting with a letter or digit; never '..'. */
    public static String requireStoreName(String name) {
        if (name == null || !STORE.matcher(name).matches() || name.contains("..")) {
            throw SnapdockException.badInput("invalid store name '" + Stamp.printable(String.valueOf(name))
                    + "': use letters, digits, '.', '_' or '-' (at most 63, no '..' or '/')");
        }
        return name;
    }

    public static boolean isStoreName(String name) {
        return name != null && STORE.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Turns any text (a database name, say) into a file name that is safe in every repository:
     * letters, digits, '.', '_', '-' are kept, every other byte becomes %XX.
     */
    public static String fileSafe(String text) {
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (c == '.' && sb.length() > 0)) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }
}
