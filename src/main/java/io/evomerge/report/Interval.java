package io.evomerge.report;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A statistic (metric units, not points) with its 95 % interval. */
public record Interval(@JsonProperty(required = true) double value, @JsonProperty(required = true) double low,
                      @JsonProperty(required = true) double high) {
    public Interval {
        if (!(low <= high)) throw new IllegalArgumentException("interval low " + low + " above high " + high);
    }

    /** Whether the interval holds 0: for a difference, no detectable difference. */
    boolean holdsZero() {
        return low <= 0 && high >= 0;
    }
}
