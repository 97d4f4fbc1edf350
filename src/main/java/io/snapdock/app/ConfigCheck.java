package io.snapdock.app;

import io.snapdock.SnapdockException;
import io.snapdock.auth.Tokens;
import io.snapdock.config.ReplicaConfig;
import io.snapdock.config.Settings;
import io.snapdock.config.SnapdockConfig;
import io.snapdock.handlers.HandlerRegistry;
import io.snapdock.maintenance.MaintenanceSettings;
import io.snapdock.model.Names;
import io.snapdock.notify.WebhookNotifier;
import io.snapdock.repo.backend.Repositories;
import io.snapdock.repo.backend.S3Settings;
import io.snapdock.repo.snapshot.RepositoryLock;
import io.snapdock.retention.RetentionSettings;

/**
 * Checks the whole configuration before anything runs, so a broken value is reported once, by
 * name, and nothing is touched: Snapdock's own typed settings, then every module's settings
 * (each read by its own record, the way the module will read it), then the declared stores.
 * Nothing here connects anywhere.
 */
public final class ConfigCheck {

    private ConfigCheck() {
    }

    public static SnapdockConfig check(SnapdockConfig config, HandlerRegistry handlers) {
        settings(config, handlers);
        return config;
    }

    /** The typed settings, once every module's settings were checked too. */
    static Settings settings(SnapdockConfig config, HandlerRegistry handlers) {
        Settings settings = Settings.read(config);
        Repositories.check(settings.repository().location(), config);
        ReplicaConfig.check(config);
        if (ReplicaConfig.location(config) != null) {
            try {
                Repositories.check(ReplicaConfig.location(config), ReplicaConfig.view(config));
            } catch (SnapdockException e) {
                throw SnapdockException.badInput("invalid configuration snapdock.replica (or snapdock.replica.s3.*): "
                        + e.getMessage());
            }
        }
        Tokens.from(config);
        S3Settings.validate(config);
        MaintenanceSettings.from(config);
        RetentionSettings.from(config);
        RepositoryLock.Settings.from(config);
        WebhookNotifier.check(config);
        for (String store : config.declaredStores()) {
            Names.requireStoreName(store);
            String type = config.get("snapdock.stores." + store + ".type");
            if (!handlers.supports(type)) {
                throw SnapdockException.badInput("invalid configuration snapdock.stores." + store + ".type=" + type
                        + ": supported types are " + String.join(", ", handlers.types()));
            }
            if (config.get("snapdock.stores." + store + ".port") != null) {
                config.getInt("snapdock.stores." + store + ".port", 0, 1, 65535);
            }
            String mode = config.get("snapdock.stores." + store + ".mode");
            if (mode != null && !mode.equals("online") && !mode.equals("stop")) {
                throw SnapdockException.badInput("invalid configuration snapdock.stores." + store + ".mode=" + mode
                        + ": expected online or stop");
            }
        }
        return settings;
    }
}
