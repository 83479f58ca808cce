import DbgFormat
import DbgService
import Testing

/// Trace records as `dlv trace` prints them (C names its arguments, Go does not), and as JSON.
@Suite struct TraceLineFormatterTests {
    static func int(_ name: String, _ value: String) -> API.Variable {
        API.Variable(name: name, type: "int", value: value, kind: 2)
    }

    static let cCall = TraceRecord(
        kind: .call, function: "checksum", thread: 4242, goroutine: nil, time: 1_000_000,
        values: [int("i", "3"), int("seed", "-1")], showsNames: true)

    @Test func cNamesItsArgumentsAndGoDoesNot() {
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        #expect(formatter.line(Self.cCall) == "> thread(4242): checksum(i=3, seed=-1)")
        let goCall = TraceRecord(
            kind: .call, function: "main.hot", thread: 7, goroutine: 25, time: 0,
            values: [Self.int("n", "0"), API.Variable(name: "s", type: "string", value: "a\"b", kind: 24)], showsNames: false)
        #expect(formatter.line(goCall) == #"> goroutine(25): main.hot(0, "a\"b")"#)
        let goReturn = TraceRecord(
            kind: .return, function: "main.hot", thread: 7, goroutine: 25, time: 0, values: [Self.int("", "1")],
            showsNames: false)
        #expect(formatter.line(goReturn) == ">> goroutine(25): => (1)")
    }

    @Test func aCallsStackFollowsItOnTabbedLines() {
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        var call = Self.cCall
        call.stack = ["checksum at tracee.c:10", "worker at tracee.c:20"]
        #expect(formatter.line(call) == "> thread(4242): checksum(i=3, seed=-1)\n\tchecksum at tracee.c:10\n\tworker at tracee.c:20")
    }

    @Test func timestampsCountFromTheFirstEvent() {
        var formatter = TraceLineFormatter(json: false, timestamps: true)
        var later = Self.cCall
        later.time += 1_234_567_000
        #expect(formatter.line(Self.cCall).hasPrefix("[0.000000] > thread(4242)"))
        #expect(formatter.line(later).hasPrefix("[1.234567] > thread(4242)"))
    }

    @Test func jsonNamesArgumentsNotResults() {
        var formatter = TraceLineFormatter(json: true, timestamps: false)
        #expect(formatter.line(Self.cCall) == #"{"event":"call","function":"checksum","thread":4242,"time_ns":1000000,"args":[{"name":"i","value":"3"},{"name":"seed","value":"-1"}]}"#)
        let result = TraceRecord(
            kind: .return, function: "checksum", thread: 4242, goroutine: nil, time: 2, values: [Self.int("", "96")],
            showsNames: true)
        #expect(formatter.line(result) == #"{"event":"return","function":"checksum","thread":4242,"time_ns":2,"results":[{"value":"96"}]}"#)
    }

    @Test func linesAreAppendedEachWithItsNewline() {
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        var buffer: [UInt8] = []
        formatter.append([Self.cCall, Self.cCall][...], to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "> thread(4242): checksum(i=3, seed=-1)\n> thread(4242): checksum(i=3, seed=-1)\n")
    }

    /// Values kept as numbers print as the loader's values would: signed ones as Int64,
    /// unsigned ones as UInt64, in the line, in the byte-appending path and in JSON.
    @Test func numbersPrintAsTheirValuesWould() {
        let numbers = TraceRecord.Numbers(
            names: ["a", "b", "c"], isSigned: [true, false, true],
            words: (UInt64(bitPattern: -5), UInt64.max, 7, 0, 0, 0, 0, 0, 0))
        let record = TraceRecord(
            kind: .call, function: "f", thread: 9, goroutine: nil, time: 0, values: [], numbers: numbers, showsNames: true)
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        let expected = "> thread(9): f(a=-5, b=18446744073709551615, c=7)"
        #expect(formatter.line(record) == expected)
        var buffer: [UInt8] = []
        formatter.append([record][...], to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == expected + "\n")
        var unnamed = record
        unnamed.showsNames = false
        unnamed.goroutine = Int64.min
        buffer = []
        formatter.append([unnamed][...], to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "> goroutine(-9223372036854775808): f(-5, 18446744073709551615, 7)\n")
        var json = TraceLineFormatter(json: true, timestamps: false)
        #expect(json.line(record) == #"{"event":"call","function":"f","thread":9,"time_ns":0,"args":[{"name":"a","value":"-5"},{"name":"b","value":"18446744073709551615"},{"name":"c","value":"7"}]}"#)
    }
}
