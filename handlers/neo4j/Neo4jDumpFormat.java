package io.snapdock.handlers.neo4j;

import java.nio.charset.StandardCharsets;

/** What a neo4j-admin dump must start with. */
final class Neo4jDumpFormat {

    private Neo4jDumpFormat() {
    }

    /** What is wrong with a dump's first bytes, or null: Neo4j 5 dumps start with DZV1 (zstd) or DGV1 (gzip). */
    static String dumpProblem(byte[] head) {
        if (head.length < 4) {
            return "only " + head.length + " bytes: not a neo4j-admin dump";
        }
        String magic = new String(head, 0, 4, StandardCharsets.ISO_8859_1);
        if (magic.equals("DZV1") || magic.equals("DGV1")) {
            return null;
        }
        return "not a Neo4j 5 dump (starts with neither DZV1 nor DGV1)";
    }
}
