package io.kshealth.api;

/**
 * A collector type's parsed, immutable options. Parsing happens once at config load (so {@code
 * check-config} sees every error); {@link #create} runs when the agent starts.
 */
public interface CollectorSettings {

  Collector create(CollectorContext context);
}
