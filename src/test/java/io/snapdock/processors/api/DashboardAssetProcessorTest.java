package io.snapdock.processors.api;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files: only the three of them, with headers that keep the page from being framed. */
class DashboardAssetProcessorTest {

    static Exchange serve(String asset) throws Exception {
        Exchange e = new DefaultExchange(new DefaultCamelContext());
        e.getMessage().setHeader("asset", asset);
        e.getMessage().setHeader("Authorization", "Bearer must-not-be-echoed");
        new DashboardAssetProcessor().process(e);
        return e;
    }

    @Test
    void thePageItsScriptAndItsStyleAreServed() throws Exception {
        Exchange page = serve("index.html");
        assertThat(page.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(200);
        assertThat(page.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class)).startsWith("text/html");
        assertThat(new String(page.getMessage().getBody(byte[].class), StandardCharsets.UTF_8))
                .contains("<title>Snapdock</title>", "/dashboard/dashboard.js", "id=\"restore-dialog\"");
        assertThat(page.getMessage().getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getMessage().getHeader("Content-Security-Policy", String.class)).contains("default-src 'self'");
        assertThat(page.getMessage().getHeader("Authorization")).isNull();
        assertThat(serve("dashboard.js").getMessage().getHeader(Exchange.CONTENT_TYPE, String.class))
                .startsWith("text/javascript");
        assertThat(serve("dashboard.css").getMessage().getHeader(Exchange.CONTENT_TYPE, String.class))
                .startsWith("text/css");
    }

    @Test
    void nothingElseIsLookedUp() throws Exception {
        for (String asset : new String[]{"application.properties", "../application.properties", "log4j2.xml", "",
                null}) {
            Exchange e = serve(asset);
            assertThat(e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(asset).isEqualTo(404);
            assertThat(e.getMessage().getBody(String.class)).contains("\"error\"", "not_found");
        }
    }
}
