package io.snapdock.auth;

import io.snapdock.SnapdockException;
import io.snapdock.config.SnapdockConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing snapdock.auth.tokens.NAME=ROLE:SHA256 and matching presented tokens. */
class TokensTest {

    static final String TOKEN = "3b1f0c2e9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c";
    static final String HASH = HexFormat.of().formatHex(Tokens.sha256(TOKEN));

    @Test
    void aConfiguredTokenMatchesWithItsRole() {
        Tokens tokens = Tokens.parse(
                Map.of("ops", "operator:" + HASH, "ci", "viewer:" + HexFormat.of().formatHex(Tokens.sha256("other"))));
        assertThat(tokens.size()).isEqualTo(2);
        Tokens.Entry e = tokens.match(TOKEN);
        assertThat(e.name()).isEqualTo("ops");
        assertThat(e.role()).isEqualTo(Role.OPERATOR);
        assertThat(tokens.match("other").role()).isEqualTo(Role.VIEWER);
        assertThat(tokens.match(TOKEN + "x")).isNull();
        assertThat(tokens.match("")).isNull();
        assertThat(tokens.match(null)).isNull();
        assertThat(tokens.match(HASH)).as("the hash itself is not a token").isNull();
    }

    @Test
    void upperCaseHexAndSpacesAreAccepted() {
        assertThat(Tokens.parse(Map.of("a", " ADMIN : ".toLowerCase() + HASH.toUpperCase())).match(TOKEN).role())
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void anUnknownRoleIsRefusedNamingThePropertyNotTheValue() {
        assertThatThrownBy(() -> Tokens.parse(Map.of("ops", "superuser:" + HASH)))
                .isInstanceOf(SnapdockException.class)
                .hasMessageContaining("snapdock.auth.tokens.ops")
                .hasMessageNotContaining(HASH).hasMessageNotContaining("superuser");
        assertThatThrownBy(() -> Tokens.parse(Map.of("ops", HASH))).hasMessageContaining("snapdock.auth.tokens.ops")
                .hasMessageNotContaining(HASH);
    }

    @Test
    void aMalformedHashIsRefusedNamingThePropertyNotTheValue() {
        for (String bad : new String[]{"admin:" + TOKEN.substring(1), "admin:" + HASH + "00",
                "admin:" + HASH.replace('a', 'g'),
                "admin:", "admin:" + TOKEN.substring(0, 10)}) {
            assertThatThrownBy(() -> Tokens.parse(Map.of("ops", bad))).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("snapdock.auth.tokens.ops").hasMessageContaining("64 hex digits")
                    .hasMessageNotContaining(bad.substring(6).isEmpty() ? "\u0000" : bad.substring(6));
        }
    }

    @Test
    void aBadNameOrTheSameTokenTwiceIsRefused() {
        assertThatThrownBy(() -> Tokens.parse(Map.of("bad name", "admin:" + HASH)))
                .hasMessageContaining("snapdock.auth.tokens.bad name");
        Map<String, String> twice = new TreeMap<>(Map.of("a", "admin:" + HASH, "b", "viewer:" + HASH));
        assertThatThrownBy(() -> Tokens.parse(twice)).hasMessageContaining("snapdock.auth.tokens.b")
                .hasMessageContaining("snapdock.auth.tokens.a");
    }

    @Test
    void tokensComeFromFilesAndTheEnvironmentWhichWins(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.properties");
        String other = HexFormat.of().formatHex(Tokens.sha256("from-file"));
        Files.writeString(file, "snapdock.auth.tokens.ops=viewer:" + other + "\nsnapdock.auth.tokens.ci-bot=viewer:"
                + other.replace('0', '1') + "\n");
        SnapdockConfig config = SnapdockConfig.load(file, Map.of(
                "SNAPDOCK_AUTH_TOKENS_OPS", "admin:" + HASH,
                "SNAPDOCK_AUTH_TOKENS_DEPLOY", "operator:" + HexFormat.of().formatHex(Tokens.sha256("deploy"))));
        Tokens tokens = Tokens.from(config);
        assertThat(tokens.size()).isEqualTo(3);
        assertThat(tokens.match(TOKEN).name()).isEqualTo("ops");
        assertThat(tokens.match(TOKEN).role()).isEqualTo(Role.ADMIN);
        assertThat(tokens.match("from-file")).as("overridden by the environment").isNull();
        assertThat(tokens.match("deploy").name()).isEqualTo("deploy");
        assertThat(config.under(Tokens.PREFIX)).containsKeys("ops", "ci-bot", "deploy");
    }

    @Test
    void noTokensByDefault() {
        assertThat(Tokens.from(SnapdockConfig.load(null, Map.of())).isEmpty()).isTrue();
    }

    @Test
    void generatedTokensAreLongAndDifferent() {
        String a = Tokens.generate();
        assertThat(a).matches("[0-9a-f]{64}");
        assertThat(Tokens.generate()).isNotEqualTo(a);
    }

    @Test
    void bindingBeyondLoopbackNeedsTokens() {
        Tokens none = Tokens.parse(Map.of());
        HttpGuard.checkBinding("127.0.0.1", none);
        HttpGuard.checkBinding("localhost", none);
        HttpGuard.checkBinding("::1", none);
        for (String host : new String[]{"0.0.0.0", "::", "192.0.2.10", "no-such-host.invalid"}) {
            assertThatThrownBy(() -> HttpGuard.checkBinding(host, none)).isInstanceOf(SnapdockException.class)
                    .hasMessageContaining("refusing to listen on " + host).hasMessageContaining("snapdock.auth.tokens");
        }
        HttpGuard.checkBinding("0.0.0.0", Tokens.parse(Map.of("ops", "admin:" + HASH)));
    }

    @Test
    void theBearerSchemeIsRead() {
        assertThat(HttpGuard.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(HttpGuard.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(HttpGuard.bearer("Basic abc")).isNull();
        assertThat(HttpGuard.bearer("Bearer ")).isNull();
        assertThat(HttpGuard.bearer(null)).isNull();
    }
}
