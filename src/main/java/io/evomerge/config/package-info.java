/**
 * Strict reading of YAML configs, the lowest layer of evomerge beside the root package: {@link
 * io.evomerge.config.YamlNode} reads a file refusing duplicate keys and non-finite numbers, and gives typed access to
 * its values, each check naming the file and the key path as written there. Every config reader (experiments, merge
 * configs, strategy options) goes through it, so they all refuse the same mistakes with the same messages.
 */
package io.evomerge.config;
