import Testing
@testable import DbgCLI

@Suite struct HumanizeTests {
    @Test func countsAndSizes() {
        #expect(Humanize.count(0) == "0")
        #expect(Humanize.count(999) == "999")
        #expect(Humanize.count(1000) == "1,000")
        #expect(Humanize.count(-1234567) == "-1,234,567")
        #expect(Humanize.count(1, "goroutine") == "1 goroutine")
        #expect(Humanize.count(10000, "goroutine") == "10,000 goroutines")
        #expect(Humanize.bytes(512) == "512 B")
        #expect(Humanize.bytes(1536) == "1.5 KiB")
        #expect(Humanize.bytes(6 * 1024 * 1024) == "6.0 MiB")
    }
}
