import Synchronization

/// Request counters and latency histograms for the health page and `/metrics`.
///
/// Each event loop records into its own shard (an uncontended lock taken once per response); readers
/// merge the shards. Latency is kept per minute in a 60-slot ring of log-scale histograms, which gives
/// sliding 5- and 60-minute windows without storing samples.
final class HTTPMetrics: Sendable {
    /// Figures over a sliding window.
    struct Window: Sendable, Hashable {
        /// Requests in the window.
        var requests: Int
        /// Median latency in microseconds (upper bound of its histogram bucket).
        var p50Micros: Int
        /// 95th percentile latency in microseconds.
        var p95Micros: Int
        /// Share of 5xx responses, 0...1.
        var serverErrorRate: Double
    }

    /// A consistent copy of every figure.
    struct Snapshot: Sendable {
        /// Requests answered since start.
        var total: Int
        /// Requests by status class: index 1 for 1xx … 5 for 5xx.
        var byStatusClass: [Int]
        /// Requests by matched route pattern (`-` for unrouted).
        var byRoute: [String: Int]
        /// 403 responses since start.
        var forbidden: Int
        /// Connections open now.
        var openConnections: Int
        /// The last 5 minutes.
        var last5Minutes: Window
        /// The last 60 minutes.
        var last60Minutes: Window
    }

    fileprivate static let bucketCount = 112

    private struct Minute {
        var minute = -1
        var count = 0
        var serverErrors = 0
        var buckets = [UInt32](repeating: 0, count: HTTPMetrics.bucketCount)
    }

    private struct ShardState {
        var byStatusClass = [Int](repeating: 0, count: 6)
        var byRoute: [String: Int] = [:]
        var forbidden = 0
        var minutes = [Minute](repeating: Minute(), count: 60)
    }

    private final class Shard: Sendable {
        let state = Mutex(ShardState())
    }

    private let shards: [Shard]
    private let open = Atomic<Int>(0)

    /// Metrics with `shards` independent recording shards (one per event loop).
    init(shards: Int = 1) {
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    /// Counts a connection opened (+1) or closed (-1).
    func connectionDelta(_ delta: Int) {
        open.wrappingAdd(delta, ordering: .relaxed)
    }

    /// Records one response.
    func record(status: Int, route: String?, durationNanos: UInt64, shard: Int, nowNanos: UInt64 = Clock.monotonicNanos()) {
        let minute = Int(nowNanos / 60_000_000_000)
        let bucket = HTTPMetrics.bucket(micros: durationNanos / 1000)
        shards[shard % shards.count].state.withLock { state in
            state.byStatusClass[min(5, max(1, status / 100))] += 1
            state.byRoute[route ?? "-", default: 0] += 1
            if status == 403 { state.forbidden += 1 }
            let slot = minute % 60
            if state.minutes[slot].minute != minute { state.minutes[slot] = Minute(minute: minute) }
            state.minutes[slot].count += 1
            if status >= 500 { state.minutes[slot].serverErrors += 1 }
            state.minutes[slot].buckets[bucket] &+= 1
        }
    }

    /// Merges the shards.
    func snapshot(nowNanos: UInt64 = Clock.monotonicNanos()) -> Snapshot {
        let minute = Int(nowNanos / 60_000_000_000)
        var byClass = [Int](repeating: 0, count: 6)
        var byRoute: [String: Int] = [:]
        var forbidden = 0
        var windows = [(count: 0, errors: 0, buckets: [UInt64](repeating: 0, count: HTTPMetrics.bucketCount))]
        windows.append(windows[0])
        for shard in shards {
            shard.state.withLock { state in
                for index in 0..<6 { byClass[index] += state.byStatusClass[index] }
                byRoute.merge(state.byRoute, uniquingKeysWith: +)
                forbidden += state.forbidden
                for slot in state.minutes where slot.minute >= 0 && minute - slot.minute < 60 {
                    for (index, span) in [5, 60].enumerated() where minute - slot.minute < span {
                        windows[index].count += slot.count
                        windows[index].errors += slot.serverErrors
                        for bucket in 0..<HTTPMetrics.bucketCount {
                            windows[index].buckets[bucket] += UInt64(slot.buckets[bucket])
                        }
                    }
                }
            }
        }
        func window(_ data: (count: Int, errors: Int, buckets: [UInt64])) -> Window {
            Window(
                requests: data.count, p50Micros: HTTPMetrics.percentile(0.50, data.buckets, data.count),
                p95Micros: HTTPMetrics.percentile(0.95, data.buckets, data.count),
                serverErrorRate: data.count == 0 ? 0 : Double(data.errors) / Double(data.count))
        }
        return Snapshot(
            total: byClass.reduce(0, +), byStatusClass: byClass, byRoute: byRoute, forbidden: forbidden,
            openConnections: open.load(ordering: .relaxed), last5Minutes: window(windows[0]),
            last60Minutes: window(windows[1]))
    }

    /// Log-scale bucket: four buckets per power of two of microseconds.
    static func bucket(micros: UInt64) -> Int {
        guard micros >= 4 else { return Int(micros) }
        let power = 63 - micros.leadingZeroBitCount
        let quarter = Int((micros >> UInt64(power - 2)) & 3)
        return min(bucketCount - 1, power * 4 + quarter - 4)
    }

    /// The upper bound in microseconds of a bucket.
    static func upperBound(_ bucket: Int) -> Int {
        guard bucket >= 4 else { return bucket }
        let power = (bucket + 4) / 4
        let quarter = (bucket + 4) % 4
        return (1 << power) + (quarter + 1) * (1 << (power - 2)) - 1
    }

    private static func percentile(_ fraction: Double, _ buckets: [UInt64], _ count: Int) -> Int {
        guard count > 0 else { return 0 }
        let target = UInt64((Double(count) * fraction).rounded(.up))
        var seen: UInt64 = 0
        for (index, value) in buckets.enumerated() {
            seen += value
            if seen >= target { return upperBound(index) }
        }
        return upperBound(bucketCount - 1)
    }
}
