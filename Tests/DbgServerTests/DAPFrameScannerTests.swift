import Testing
@testable import DbgServer

/// Cutting a DAP stream into message bodies by their Content-Length, however the bytes
/// arrive, and refusing what cannot be a frame.
@Suite struct DAPFrameScannerTests {
    static func bodies(_ chunks: [String], limit: Int = 1 << 20) throws(DAPFrameScanner.Failure) -> [String] {
        var scanner = DAPFrameScanner(bodyLimit: limit)
        var found: [String] = []
        for chunk in chunks {
            scanner.append(Array(chunk.utf8))
            while let body = try scanner.next() { found.append(String(decoding: body, as: UTF8.self)) }
        }
        return found
    }

    static func frame(_ body: String) -> String { "Content-Length: \(body.utf8.count)\r\n\r\n\(body)" }

    @Test func framesBackToBackAndSplitAnywhere() throws {
        let first = #"{"seq":1,"type":"request","command":"initialize"}"#
        let second = #"{"seq":2,"type":"request","command":"threads","arguments":{"x":"é"}}"#
        let stream = Self.frame(first) + Self.frame(second)
        let bytes = Array(stream.utf8)
        for cut in 1..<bytes.count {
            var scanner = DAPFrameScanner(bodyLimit: 1 << 20)
            var found: [String] = []
            for part in [bytes[..<cut], bytes[cut...]] {
                scanner.append(part)
                while let body = try scanner.next() { found.append(String(decoding: body, as: UTF8.self)) }
            }
            #expect(found == [first, second], "cut at \(cut)")
        }
    }

    @Test func otherHeadersAreIgnoredAndTheNameIsCaseInsensitive() throws {
        let found = try Self.bodies(["Content-Type: application/json\r\ncontent-length: 2\r\n\r\n{}"])
        #expect(found == ["{}"])
    }

    @Test(arguments: [
        "Content-Length: abc\r\n\r\n", "Content-Length: -5\r\n\r\n", "Content-Length: 1 2\r\n\r\n",
        "Content-Length: 99999999999999999999\r\n\r\n", "Content-Type: x\r\n\r\n{}", "garbage\r\n\r\n",
    ])
    func badHeadersAreRefused(header: String) {
        #expect(throws: DAPFrameScanner.Failure.self) { try Self.bodies([header]) }
    }

    @Test func aBodyOverTheLimitIsRefusedBeforeItArrives() {
        #expect(throws: DAPFrameScanner.Failure.tooLarge(1_099_511_627_776)) {
            try Self.bodies(["Content-Length: 1099511627776\r\n\r\n"], limit: 4 << 20)
        }
    }

    @Test func aHeaderThatNeverEndsIsRefused() {
        let endless = String(repeating: "X-Padding: aaaaaaaa\r\n", count: 100)
        #expect(throws: DAPFrameScanner.Failure.self) { try Self.bodies([endless]) }
    }

    @Test func aTruncatedBodyWaitsForTheRest() throws {
        #expect(try Self.bodies(["Content-Length: 10\r\n\r\n{\"a\":"]).isEmpty)
    }
}
