package io.evomerge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void readsSizesSharesAndCountsAsUsersWriteThem() {
        assertEquals(512L << 20, Sizes.parse("512m", "--x"), "k, m, g are binary, as java -Xmx");
        assertEquals(2L << 30, Sizes.parse("2GiB", "--x"));
        assertEquals(5_000_000_000L, Sizes.parse("5GB", "--x"));
        assertEquals(1_500_000L, Sizes.parse("1.5 MB", "--x"));
        assertEquals(1000, Sizes.parse("1000", "--x"));
        assertEquals(250, Sizes.parseOrShare("25%", "--x", 1000));
        assertEquals(1L << 20, Sizes.parseOrShare("1m", "--x", 1000));
        assertEquals(50_000_000L, Sizes.count("50M", "--x"));
        assertEquals(800_000L, Sizes.count("800k", "--x"));
    }
}
