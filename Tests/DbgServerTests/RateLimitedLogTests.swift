import Synchronization
import Testing
@testable import DbgServer

/// The log of refused peers: a burst is written, the rest counted, and the count written when
/// the log is flushed (the server's close), so every refusal is accounted for.
@Suite struct RateLimitedLogTests {
    @Test func aBurstThenACount() {
        let lines = Mutex<[String]>([])
        let log = RateLimitedLog(burst: 3, window: 3600) { line in lines.withLock { $0.append(line) } }
        for index in 0..<10 { log.log("refused \(index)") }
        #expect(lines.withLock { $0 } == ["refused 0", "refused 1", "refused 2"])
        log.flush()
        #expect(lines.withLock { $0.last } == "(7 more like it not logged)")
        log.flush()
        #expect(lines.withLock { $0.count } == 4, "nothing more to tell")
    }

    @Test func aNewWindowWritesAgain() {
        let lines = Mutex<[String]>([])
        let log = RateLimitedLog(burst: 1, window: 0) { line in lines.withLock { $0.append(line) } }
        for index in 0..<3 { log.log("refused \(index)") }
        #expect(lines.withLock { $0 } == ["refused 0", "refused 1", "refused 2"])
    }
}
