import Testing

@testable import PortalServer

#if canImport(Glibc)
    import Glibc
#endif

/// Event loops ask the kernel for a short scheduler slice (EEVDF custom slices, Linux 6.12+). What the kernel
/// did is read back from `/proc/self/task/ID/sched`, independently of the call under test.
@Suite struct ThreadSchedulingTests {
    /// True when this kernel takes per-thread slices (6.12 or later).
    static var kernelHasCustomSlices: Bool {
        var name = utsname()
        guard uname(&name) == 0 else { return false }
        let release = withUnsafeBytes(of: &name.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let parts = release.split(separator: ".").prefix(2).map { Int($0.prefix { $0.isNumber }) ?? 0 }
        guard parts.count == 2 else { return false }
        return parts[0] > 6 || (parts[0] == 6 && parts[1] >= 12)
    }

    /// `se.slice` of a thread of this process as the scheduler reports it (nil without CONFIG_SCHED_DEBUG).
    static func reportedSlice(thread: Int32) -> UInt64? {
        guard let file = fopen("/proc/self/task/\(thread)/sched", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 512)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("se.slice") else { continue }
            return text.split(separator: ":").last.flatMap { UInt64(String($0.filter(\.isNumber))) }
        }
        return nil
    }

    /// Runs `body` on a new thread and waits for it (the slice stays with that thread, not the test runner's).
    static func onFreshThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = ConditionLock()
        PosixThread.spawn {
            let value = body()
            done.withLock {
                box.value = value
                done.signal()
            }
        }
        return done.withLock {
            while box.value == nil { done.wait() }
            return box.value!
        }
    }

    final class ResultBox<T>: @unchecked Sendable { var value: T? }

    /// What the kernel made of a request for `requested` ns: applied exactly (and so reported by /proc) where it has
    /// custom slices; unsupported on an older kernel; refused only by a sandbox that forbids the call (a seccomp
    /// filter or gVisor: EPERM or ENOSYS), never for another reason.
    static func expectHonoured(_ result: ThreadScheduling.SliceResult?, requested: UInt64, thread: Int32) {
        switch result {
        case .applied(let nanoseconds):
            #expect(kernelHasCustomSlices)
            #expect(nanoseconds == requested)
            if let reported = reportedSlice(thread: thread) { #expect(reported == requested) }
        case .unsupported:
            #expect(!kernelHasCustomSlices)
        case .failed(let code):
            #expect(code == EPERM || code == ENOSYS, "sched_setattr failed with errno \(code)")
        case .realTime, nil:
            Issue.record("unexpected result \(String(describing: result)) for a normal thread")
        }
    }

    @Test func aThreadGetsTheSliceItAsksForWhereTheKernelHasThem() {
        let (result, thread) = Self.onFreshThread { () -> (ThreadScheduling.SliceResult, Int32) in
            (ThreadScheduling.requestSlice(nanoseconds: 250_000), ThreadScheduling.currentThreadID)
        }
        // The thread has exited; its /proc entry is gone, so only the result is checked here.
        Self.expectHonoured(result, requested: 250_000, thread: thread)
    }

    @Test func theKernelClampsASliceBelowItsMinimum() {
        let result = Self.onFreshThread { ThreadScheduling.requestSlice(nanoseconds: 1_000) }
        guard case .applied(let nanoseconds) = result else { return }
        #expect(nanoseconds == ThreadScheduling.sliceRange.lowerBound)
    }

    @Test func eventLoopThreadsRunWithTheConfiguredSlice() throws {
        let router = Router()
        let withSlice = try TestServer(router: router) { $0.eventLoopSlice = 300_000 }
        defer { withSlice.stop() }
        let withoutSlice = try TestServer(router: router) { $0.eventLoopSlice = nil }
        defer { withoutSlice.stop() }
        let sliced = try Self.loopThreads(withSlice.server)
        let plain = try Self.loopThreads(withoutSlice.server)
        #expect(sliced.count == 2 && plain.count == 2)
        for loop in sliced { Self.expectHonoured(loop.slice, requested: 300_000, thread: loop.threadID) }
        for loop in plain {
            #expect(loop.slice == nil)
            if let reported = Self.reportedSlice(thread: loop.threadID) { #expect(reported != 300_000) }
        }
    }

    /// Each loop's thread id and slice result, once every loop thread has started (at most 5 s).
    static func loopThreads(_ server: HTTPServer) throws -> [(threadID: Int32, slice: ThreadScheduling.SliceResult?)] {
        for _ in 0..<500 {
            let infos = server.eventLoops.compactMap { $0.threadInfo.withLock { $0 } }
            if infos.count == server.eventLoops.count { return infos }
            usleep(10_000)
        }
        throw HTTPError(.internalServerError, "event loop threads did not start")
    }

    @Test func loopSliceIsAServeOption() throws {
        func configuration(_ arguments: [String]) throws -> ServerConfiguration {
            try ServerConfiguration(
                CommandLineOptions(
                    arguments, valueOptions: ServerConfiguration.valueOptions, flagOptions: ServerConfiguration.flagOptions,
                    environment: [:]))
        }
        #expect(try configuration([]).http.eventLoopSlice == 100_000)
        #expect(try configuration(["--loop-slice-us", "250"]).http.eventLoopSlice == 250_000)
        #expect(try configuration(["--loop-slice-us", "0"]).http.eventLoopSlice == nil)
        #expect(throws: UsageError.self) { _ = try configuration(["--loop-slice-us", "50"]) }
        #expect(throws: UsageError.self) { _ = try configuration(["--loop-slice-us", "200000"]) }
        #expect(ServeCommand.help.contains("PORTAL_LOOP_SLICE_US"))
    }
}
