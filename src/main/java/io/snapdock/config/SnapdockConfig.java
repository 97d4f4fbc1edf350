package io.snapdock.config;

import io.snapdock.SnapdockException;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Snapdock's settings: {@code application.properties} (packaged from {@code config/}), then
 * the file given with {@code --config}, then environment variables ({@code snapdock.s3.region}
 * is overridden by {@code SNAPDOCK_S3_REGION}). Typed getters name the property in their error.
 */
public final class SnapdockConfig {

    private final Properties props;
    private final Map<String, String> env;

    SnapdockConfig(Properties props, Map<String, String> env) {
        this.props = props;
        this.env = env;
    }

    /** Loads defaults, then {@code configFile} (may be null), then the process environment. */
    public static SnapdockConfig load(Path configFile) {
        return load(configFile, System.getenv());
    }

    public static SnapdockConfig load(Path configFile, Map<String, String> env) {
        Properties props = new Properties();
        try (InputStream in = SnapdockConfig.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                props.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the packaged application.properties", e);
        }
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw SnapdockException.badInput("config file not found: " + configFile);
            }
            try (Reader r = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                Properties file = new Properties();
                file.load(r);
                props.putAll(file);
            } catch (IOException | IllegalArgumentException e) {
                throw SnapdockException.badInput("cannot read config file " + configFile + ": " + e.getMessage());
            }
        }
        return new SnapdockConfig(props, env);
    }

    /** The environment variable that overrides {@code key}. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of {@code key}, the environment first; blank counts as unset. */
    public String get(String key) {
        String v = env.get(envName(key));
        if (v == null) {
            v = props.getProperty(key);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw SnapdockException.badInput("missing configuration: " + key);
        }
        return v;
    }

    /**
     * A whole number whose default is in {@code application.properties} (the one place defaults
     * are written): missing only when a configuration file or the environment blanked it.
     */
    public int integer(String key, int min, int max) {
        require(key);
        return getInt(key, 0, min, max);
    }

    /** A true/false setting whose default is in {@code application.properties}. */
    public boolean flag(String key) {
        require(key);
        return getBoolean(key, false);
    }

    /** A whole number of seconds whose default is in {@code application.properties}. */
    public java.time.Duration seconds(String key, int min, int max) {
        return java.time.Duration.ofSeconds(integer(key, min, max));
    }

    public int getInt(String key, int fallback, int min, int max) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw SnapdockException.badInput(
                        "invalid configuration " + key + "=" + v + ": must be between " + min + " and " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw SnapdockException.badInput("invalid configuration " + key + "=" + v + ": not a whole number");
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default ->
                throw SnapdockException.badInput("invalid configuration " + key + "=" + v + ": expected true or false");
        };
    }

    /** Names of the stores declared as {@code snapdock.stores.NAME.type}. */
    public SortedSet<String> declaredStores() {
        SortedSet<String> names = new TreeSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith("snapdock.stores.") && key.endsWith(".type")) {
                names.add(key.substring("snapdock.stores.".length(), key.length() - ".type".length()));
            }
        }
        return names;
    }

    /**
     * The properties under {@code prefix} (name after it → value), environment applied, including
     * those set only in the environment: {@code SNAPDOCK_AUTH_TOKENS_CI} adds
     * {@code snapdock.auth.tokens.ci}. Blank values count as unset.
     */
    public SortedMap<String, String> under(String prefix) {
        SortedMap<String, String> out = new TreeMap<>();
        java.util.Set<String> seenEnv = new java.util.HashSet<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                seenEnv.add(envName(key));
                String v = get(key);
                if (v != null) {
                    out.put(key.substring(prefix.length()), v);
                }
            }
        }
        String envPrefix = envName(prefix);
        env.forEach((name, value) -> {
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length() && !seenEnv.contains(name)
                    && value != null && !value.isBlank()) {
                out.put(name.substring(envPrefix.length()).toLowerCase(Locale.ROOT), value.trim());
            }
        });
        return out;
    }

    /** Every property, environment overrides applied, for Camel's placeholders. Values are not logged. */
    public Properties resolved() {
        Properties out = new Properties();
        Map<String, String> sorted = new TreeMap<>();
        for (String key : props.stringPropertyNames()) {
            String v = env.get(envName(key));
            sorted.put(key, v != null ? v : props.getProperty(key));
        }
        out.putAll(sorted);
        return out;
    }

    /** Returns a copy with {@code key} set (the CLI uses this to switch off the server and schedules). */
    public SnapdockConfig with(String key, String value) {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.setProperty(key, value);
        Map<String, String> envCopy = new java.util.HashMap<>(env);
        envCopy.remove(envName(key));
        return new SnapdockConfig(copy, envCopy);
    }
}
