import Testing
@testable import DbgServer

/// Cutting a JSON-RPC stream into messages, however the bytes arrive.
@Suite struct JSONStreamScannerTests {
    static func messages(_ chunks: [String], limit: Int = 1 << 20) throws -> [String] {
        var scanner = JSONStreamScanner(limit: limit)
        var found: [String] = []
        for chunk in chunks {
            scanner.append(Array(chunk.utf8))
            while let message = try scanner.next() { found.append(String(decoding: message, as: UTF8.self)) }
        }
        return found
    }

    @Test func objectsBackToBackAndSpacedOut() throws {
        let found = try Self.messages([#"{"id":1}{"id":2}"#, "\n  {\"id\":3}\r\n"])
        #expect(found == [#"{"id":1}"#, #"{"id":2}"#, #"{"id":3}"#])
    }

    @Test func aMessageSplitAnywhere() throws {
        let message = #"{"method":"RPCServer.Eval","params":[{"Expr":"a[\"}\"]","Cfg":{"x":[1,{"y":2}]}}],"id":7}"#
        for cut in 1..<message.count {
            let head = String(message.prefix(cut)), tail = String(message.dropFirst(cut))
            #expect(try Self.messages([head, tail]) == [message], "cut at \(cut)")
        }
    }

    @Test func bracesInsideStringsAndEscapedQuotes() throws {
        let message = #"{"a":"}{\"\\","b":"]"}"#
        #expect(try Self.messages([message + message]) == [message, message])
    }

    @Test func somethingThatIsNotAnObjectIsRefused() {
        #expect(throws: JSONStreamScanner.Failure.notAnObject(UInt8(ascii: "["))) { try Self.messages(["[1,2]"]) }
        #expect(throws: JSONStreamScanner.Failure.notAnObject(UInt8(ascii: "h"))) { try Self.messages(["hello"]) }
    }

    @Test func mismatchedClosersAreRefused() {
        #expect(throws: JSONStreamScanner.Failure.unbalanced) { try Self.messages([#"{"a":[1}"#]) }
    }

    @Test func aMessageOverTheLimitIsRefusedBeforeItEnds() {
        #expect(throws: JSONStreamScanner.Failure.tooLarge) {
            try Self.messages(["{\"a\":\"" + String(repeating: "x", count: 200)], limit: 100)
        }
    }

    @Test func anIncompleteMessageWaits() throws {
        var scanner = JSONStreamScanner(limit: 1000)
        scanner.append(Array(#"{"id":1,"#.utf8))
        #expect(try scanner.next() == nil)
        scanner.append(Array(#""x":2}"#.utf8))
        #expect(try scanner.next().map { String(decoding: $0, as: UTF8.self) } == #"{"id":1,"x":2}"#)
    }
}
