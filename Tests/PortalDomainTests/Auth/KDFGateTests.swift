import Dispatch
import Foundation
import Synchronization
import Testing

@testable import PortalDomain

@Suite struct KDFGateTests {
    @Test func refusesBeyondConcurrencyPlusQueueWithoutRunning() {
        let gate = KDFGate(concurrency: 2, queue: 1, maxWait: 5)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        let ran = Atomic<Int>(0)
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                _ = gate.run {
                    ran.add(1, ordering: .relaxed)
                    started.signal()
                    release.wait()
                }
            }
        }
        started.wait()
        started.wait()
        // The queue slot: it waits, then runs once a slot frees.
        DispatchQueue.global().async(group: group) {
            _ = gate.run { ran.add(1, ordering: .relaxed) }
        }
        while gate.inUse < 3 { Thread.sleep(forTimeInterval: 0.001) }
        #expect(gate.run { ran.add(1, ordering: .relaxed) } == nil)
        release.signal()
        release.signal()
        group.wait()
        #expect(ran.load(ordering: .relaxed) == 3)
        #expect(gate.inUse == 0)
        #expect(gate.run { 42 } == 42)
    }

    @Test func givesUpAfterMaxWait() {
        let gate = KDFGate(concurrency: 1, queue: 1, maxWait: 0.05)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = gate.run {
                started.signal()
                release.wait()
            }
        }
        started.wait()
        #expect(gate.run { true } == nil)
        release.signal()
    }
}
