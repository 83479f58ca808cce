import DbgProcess
import Foundation
import Testing

/// All-stop with eight threads hammering one breakpoint.
@Suite struct ThreadsTests {
    @Test func everyHitOfEightThreadsIsReportedExactlyOnce() async throws {
        let debuggee = try await Debuggee.launch("c/threads")
        defer { debuggee.cleanUp() }
        let process = debuggee.process
        let hit = try await debuggee.breakpointAddress("hit")
        try await process.insertBreakpoint(at: hit)

        var hitsPerGoroutine: [ThreadID: Int] = [:]
        var maximumThreads = 0
        let clock = ContinuousClock()
        let start = clock.now
        var stop = try await process.cont()
        while case .breakpoint(let thread, let address) = stop {
            #expect(address == hit)
            hitsPerGoroutine[thread, default: 0] += 1
            maximumThreads = max(maximumThreads, await process.threadIDs.count)
            stop = try await process.cont()
        }
        let elapsed = clock.now - start
        #expect(stop == .exited(code: 0))
        let total = hitsPerGoroutine.values.reduce(0, +)
        #expect(total == 8000)
        #expect(hitsPerGoroutine.count == 8)
        #expect(hitsPerGoroutine.values.allSatisfy { $0 == 1000 })
        #expect(maximumThreads >= 2)
        // 8 threads × sum over i < 1000 of (t * 1000 + i % 7).
        #expect(debuggee.output == "hits=8000 total=28023976\n")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("threads: \(total) breakpoint hits in \(String(format: "%.2f", seconds)) s, \(Int(Double(total) / seconds)) hits/s")
    }
}
