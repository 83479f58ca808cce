import DbgTestSupport
import Testing
@testable import DbgSymbols

/// Opening is cheap and lookups parse only the units they need.
@Suite struct LazyLoadingTests {
    @Test func breakpointsInAGoBinaryParseOnlyTheUnitsThatHoldThem() throws {
        let image = try BinaryImage.open(try Fixtures.binary("go/goroutines"))
        let debugInfo = try #require(image.debugInfo)
        #expect(debugInfo.units.count > 20, "a Go binary has a unit per package")
        #expect(debugInfo.parsedUnitCount == 0, "opening parsed units")
        let inspect = try #require(image.functions(named: "main.inspect").first)
        _ = image.breakpointAddress(for: inspect)
        _ = try image.resolveLine(file: "goroutines/main.go", line: 203)
        #expect(debugInfo.parsedUnitCount <= 2, "parsed \(debugInfo.parsedUnitCount) units for two breakpoints in one")
    }
}
