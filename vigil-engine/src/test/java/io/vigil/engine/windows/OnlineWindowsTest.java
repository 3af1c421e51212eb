package io.vigil.engine.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.engine.features.InvalidRecordException;
import io.vigil.engine.table.ColumnKind;
import io.vigil.engine.table.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The online state's bounds (entities, events per entity), late events, records and restores. */
class OnlineWindowsTest {
    // mean over 5 minutes, count over an hour, lag 1
    static final WindowSpec SPEC = WindowSpec.of(List.of("host"), "ts", List.of(WindowFeature.over(WindowKind.MEAN, "bytes", "5m"),
            WindowFeature.over(WindowKind.COUNT, null, "1h"), WindowFeature.lag("bytes", 1)));

    static Table events(String... rows) {
        List<String[]> cells = new ArrayList<>();
        for (String row : rows) cells.add(row.split(",", -1));
        return Table.fromRows(cells.iterator(), List.of("host", "ts", "bytes"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.NUMERIC, ColumnKind.NUMERIC));
    }

    static WindowEvent event(String host, double ts, double bytes) {
        return new WindowEvent(host, ts, new double[] {bytes});
    }

    @Test
    void theLeastRecentlySeenEntityIsForgottenPastTheBound() {
        OnlineWindows online = WindowFeatures.fit(SPEC, events("a,0,1")).online(2);
        online.update(event("a", 0, 1));
        online.update(event("b", 10, 1));
        online.update(event("a", 20, 1)); // a is now more recent than b
        online.update(event("c", 30, 1)); // b goes
        assertThat(online.entities()).isEqualTo(2);
        assertThat(online.forgottenEntities()).isEqualTo(1);
        assertThat(online.update(event("a", 40, 1))[1]).isEqualTo(3); // a kept its history
        assertThat(online.update(event("b", 50, 1))[1]).isEqualTo(1); // b starts afresh (c goes)
    }

    @Test
    void aLateEventSeesOnlyItsPastAndTakesItsPlaceForTheEventsAfterIt() {
        WindowFeatures windows = WindowFeatures.fit(SPEC, events("a,0,1"));
        OnlineWindows online = windows.online(10);
        online.update(event("a", 100, 10));
        online.update(event("a", 200, 20));
        online.update(event("a", 300, 30));
        double[] late = online.update(event("a", 150, 40)); // older than a's latest
        assertThat(late).containsExactly(25, 2, 10); // (10 + 40) / 2 over (-150, 150]; 100 and itself; lag: the event at 100
        assertThat(online.lateEvents()).isEqualTo(1);
        double[] next = online.update(event("a", 400, 50));
        // as the offline transform answers the sorted events 100, 150, 200, 300, 400
        Table offline = windows.transform(events("a,100,10", "a,200,20", "a,300,30", "a,150,40", "a,400,50"));
        assertThat(next).containsExactly(offline.numeric("bytes_mean_5m").get(4), offline.numeric("count_1h").get(4),
                offline.numeric("bytes_lag_1").get(4));
        assertThat(next).containsExactly((40 + 20 + 30 + 50) / 4.0, 5, 30); // (100, 400] holds the late 150 too
    }

    @Test
    void anEventOlderThanAFullHistoryIsAnsweredAloneAndNotKept() {
        WindowSpec capped = SPEC.withMaxEventsPerEntity(2);
        OnlineWindows online = WindowFeatures.fit(capped, events("a,0,1")).online(10);
        online.update(event("a", 100, 10));
        online.update(event("a", 200, 20));
        assertThat(online.update(event("a", 50, 99))).containsExactly(99, 1, Double.NaN);
        assertThat(online.update(event("a", 300, 30))).containsExactly(25, 2, 20); // 200 and 300: 50 was not kept, 100 fell out
    }

    @Test
    void aTimeWindowHoldsAtMostMaxEventsPerEntityOfflineAndOnline() {
        WindowSpec capped = SPEC.withMaxEventsPerEntity(3);
        Table burst = events("a,1,1", "a,2,2", "a,3,3", "a,4,4", "a,5,5");
        WindowFeatures windows = WindowFeatures.fit(capped, burst);
        Table offline = windows.transform(burst);
        assertThat(offline.numeric("count_1h").values()).containsExactly(1, 2, 3, 3, 3);
        assertThat(offline.numeric("bytes_mean_5m").values()).containsExactly(1, 1.5, 2, 3, 4);
        OnlineWindows online = windows.online(10);
        for (int i = 1; i <= 5; i++) {
            assertThat(online.update(event("a", i, i))).containsExactly(offline.numeric("bytes_mean_5m").get(i - 1),
                    offline.numeric("count_1h").get(i - 1), offline.numeric("bytes_lag_1").get(i - 1));
        }
    }

    @Test
    void replayingEventsRestoresTheSameState() {
        WindowFeatures windows = WindowFeatures.fit(PointInTimeTest.spec(), PointInTimeTest.events(5, 1));
        Table table = PointInTimeTest.events(6, 1);
        int[] order = EventOrder.byTime(table.numeric("ts").values());
        OnlineWindows live = windows.online(1_000);
        OnlineWindows restored = windows.online(1_000);
        for (int i = 0; i < order.length; i++) {
            WindowEvent e = live.event(PointInTimeTest.record(table, order[i]));
            if (i < order.length / 2) {
                live.update(e);
                restored.absorb(e); // a restart replays the recorded events
            } else {
                assertThat(restored.update(e)).containsExactly(live.update(e));
            }
        }
    }

    @Test
    void recordsAreReadAsATableReadsThem() {
        OnlineWindows online = WindowFeatures.fit(SPEC, events("17,0,1")).online(10);
        Map<String, Object> first = new HashMap<>();
        first.put("host", 17);
        first.put("ts", "2024-03-01T10:00:00Z");
        first.put("bytes", "100");
        online.update(first);
        // the same entity however its key is written; the same time as epoch seconds
        assertThat(online.update(Map.of("host", "17.0", "ts", 1_709_287_260L, "bytes", 300))).containsExactly(200, 2, 100);
        assertThat(online.update(Map.of("host", 17.0, "ts", 1_709_287_320.0, "bytes", true))).containsExactly(401 / 3.0, 3, 300);
        assertThat(online.entities()).isEqualTo(1);
        Map<String, Object> noKey = new HashMap<>();
        noKey.put("host", null);
        noKey.put("ts", 1_709_287_400L);
        noKey.put("bytes", 5);
        assertThat(online.update(noKey)).containsExactly(Double.NaN, Double.NaN, Double.NaN);
        assertThatThrownBy(() -> online.update(Map.of("host", "17", "ts", 1, "bytes", "lots")))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field 'bytes' must be a number, got 'lots'");
        assertThatThrownBy(() -> online.update(Map.of("host", "17", "ts", "yesterday", "bytes", 1)))
                .isInstanceOf(InvalidRecordException.class).hasMessage("field 'ts' must be a number, got 'yesterday'");
    }

    @Test
    void keysThatReadAsNumbersAreWrittenAsNumbers() {
        assertThat(EntityKeys.canonical("17.0")).isEqualTo("17");
        assertThat(EntityKeys.canonical("+1e3")).isEqualTo("1000");
        assertThat(EntityKeys.canonical("-.5")).isEqualTo("-0.5");
        for (String text : new String[] {"10.0.0.5", "00:1b:44:11:3a:b7", "1e", "1d", "0x1F", "NaN", "Infinity", "-", ".", "alice", "12 "}) {
            assertThat(EntityKeys.canonical(text)).as(text).isEqualTo(text);
        }
    }

    @Test
    void severalKeyColumnsMakeOneEntity() {
        WindowSpec spec = WindowSpec.of(List.of("src", "dst"), "ts", List.of(WindowFeature.over(WindowKind.COUNT, null, "1h")));
        Table t = Table.fromRows(List.of(new String[] {"a", "b", "1"}, new String[] {"a", "c", "2"}, new String[] {"a", "b", "3"},
                new String[] {"a", "", "4"}).iterator(), List.of("src", "dst", "ts"),
                List.of(ColumnKind.CATEGORICAL, ColumnKind.CATEGORICAL, ColumnKind.NUMERIC));
        Table out = WindowFeatures.fit(spec, t).transform(t);
        assertThat(out.numeric("count_1h").values()).containsExactly(1, 1, 2, Double.NaN);
        OnlineWindows online = WindowFeatures.fit(spec, t).online(10);
        assertThat(online.update(Map.of("src", "a", "dst", "b", "ts", 1))[0]).isEqualTo(1);
        assertThat(online.update(Map.of("src", "a", "dst", "b", "ts", 3))[0]).isEqualTo(2);
        assertThat(online.update(Map.of("src", "ab", "dst", "", "ts", 3))[0]).isNaN(); // "ab" + missing is not "a" + "b"
    }

    @Test
    void aStateHasAtLeastOneEntity() {
        assertThatThrownBy(() -> WindowFeatures.fit(SPEC, events("a,0,1")).online(0)).hasMessage("maxEntities must be at least 1, got 0");
    }
}
