import Testing

@testable import PortalServer

@Suite struct HTTPMetricsTests {
    @Test func countsByClassRouteAndForbidden() {
        let metrics = HTTPMetrics(shards: 2)
        let now: UInt64 = 600_000_000_000_000
        metrics.record(status: 200, route: "/a", durationNanos: 100_000, shard: 0, nowNanos: now)
        metrics.record(status: 403, route: "/a", durationNanos: 100_000, shard: 1, nowNanos: now)
        metrics.record(status: 503, route: nil, durationNanos: 100_000, shard: 1, nowNanos: now)
        metrics.connectionDelta(3)
        metrics.connectionDelta(-1)
        let snapshot = metrics.snapshot(nowNanos: now)
        #expect(snapshot.total == 3)
        #expect(snapshot.byStatusClass == [0, 0, 1, 0, 1, 1])
        #expect(snapshot.byRoute == ["/a": 2, "-": 1])
        #expect(snapshot.forbidden == 1)
        #expect(snapshot.openConnections == 2)
        #expect(abs(snapshot.last5Minutes.serverErrorRate - 1.0 / 3) < 1e-9)
    }

    @Test func slidingWindowsForgetOldMinutes() {
        let metrics = HTTPMetrics()
        let minute: UInt64 = 60_000_000_000
        let start = 1000 * minute
        for _ in 0..<90 { metrics.record(status: 200, route: "/", durationNanos: 1_000_000, shard: 0, nowNanos: start) }
        for _ in 0..<10 {
            metrics.record(status: 200, route: "/", durationNanos: 100_000_000, shard: 0, nowNanos: start + 10 * minute)
        }
        let later = metrics.snapshot(nowNanos: start + 10 * minute)
        #expect(later.last5Minutes.requests == 10)
        #expect(later.last60Minutes.requests == 100)
        #expect(later.last60Minutes.p50Micros >= 1000 && later.last60Minutes.p50Micros < 1300)
        #expect(later.last60Minutes.p95Micros >= 100_000 && later.last60Minutes.p95Micros < 130_000)
        #expect(metrics.snapshot(nowNanos: start + 69 * minute).last60Minutes.requests == 10)
        #expect(metrics.snapshot(nowNanos: start + 80 * minute).last60Minutes.requests == 0)
    }

    @Test func bucketsAreMonotonicAndBoundTheirValues() {
        var previous = -1
        for micros in [0, 1, 3, 4, 5, 7, 8, 100, 1000, 65_535, 1_000_000, 60_000_000] as [UInt64] {
            let bucket = HTTPMetrics.bucket(micros: micros)
            #expect(bucket >= previous)
            #expect(HTTPMetrics.upperBound(bucket) >= Int(micros))
            previous = bucket
        }
    }
}
