package io.vigil.server.config;

/** How {@link ConfigLoader} hands a group of settings the value of each (environment, else YAML, else default), checked. */
@FunctionalInterface
interface SettingValues {
    <T> T of(Setting<T> setting);
}
