/**
 * The app's health verdict: per area and overall, from the rule engine's alerts and the collectors'
 * latest samples ({@code GET /api/v1/health}, {@code kshealth_health_status}), and the probes the
 * app's container points at ({@code /probe/app/ready}, {@code /probe/app/live}). docs/probes.md has
 * the rules in words.
 */
@NullMarked
package io.kshealth.core.health;

import org.jspecify.annotations.NullMarked;
