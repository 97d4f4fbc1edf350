package io.snapdock.app;

import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.handlers.clickhouse.ClickhouseHandler;
import io.snapdock.handlers.mariadb.MariadbHandler;
import io.snapdock.handlers.milvus.MilvusHandler;
import io.snapdock.handlers.nats.NatsHandler;
import io.snapdock.handlers.neo4j.Neo4jHandler;
import io.snapdock.handlers.postgres.PostgresHandler;
import io.snapdock.handlers.redis.RedisHandler;
import io.snapdock.handlers.sqlite.SqliteHandler;
import io.snapdock.handlers.volume.VolumeHandler;

import java.util.List;

/**
 * The store types Snapdock knows. A new store type is one folder under {@code handlers/} with its
 * handler, and one line here; the routes never change.
 */
public final class StoreTypes {

    private StoreTypes() {
    }

    public static HandlerRegistry registry() {
        return new HandlerRegistry(List.of(
                new PostgresHandler(),
                new MariadbHandler(),
                new RedisHandler(),
                new NatsHandler(),
                new VolumeHandler(),
                new SqliteHandler(),
                new Neo4jHandler(),
                new ClickhouseHandler(),
                new MilvusHandler()));
    }
}
