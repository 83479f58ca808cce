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

    /// The lines of a batch, each with its newline.
    static func text(_ records: TraceRecords, _ formatter: inout TraceLineFormatter) -> String {
        var buffer = TraceLineBuffer(capacity: 16)
        formatter.append(records, to: &buffer)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    @Test func linesAreAppendedEachWithItsNewline() {
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        #expect(Self.text(TraceRecords([Self.cCall, Self.cCall]), &formatter)
            == "> thread(4242): checksum(i=3, seed=-1)\n> thread(4242): checksum(i=3, seed=-1)\n")
    }

    /// A batch of events of numbers (probe 1: a C call; probe 2: a Go return), and a whole record between them.
    static let numbers = TraceRecords(
        probes: [nil, TraceRecords.Probe(kind: .call, function: "f", showsNames: true, names: ["a", "b", "c"], forms: [.signed, .unsigned, .signed]),
                 TraceRecords.Probe(kind: .return, function: "main.g", showsNames: false, names: ["", ""], forms: [.signed, .signed])],
        probe: [1, 0, 2, 1], thread: [9, 4242, 12, 9], goroutine: [nil, nil, 7, nil], time: [0, 1_000_000, 2_500_000, 1_002_003_000],
        valueIndex: [0, -1, 3, 5],
        words: [UInt64(bitPattern: -5), UInt64.max, 7, 0, UInt64(bitPattern: Int64.min), 10, 99, 100],
        records: [cCall])

    /// Values kept as numbers print as the loader's values would: signed ones as Int64,
    /// unsigned ones as UInt64, in text and in JSON, among whole records.
    @Test func numbersPrintAsTheirValuesWould() {
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        #expect(Self.text(Self.numbers, &formatter) == """
            > thread(9): f(a=-5, b=18446744073709551615, c=7)
            > thread(4242): checksum(i=3, seed=-1)
            >> goroutine(7): => (0, -9223372036854775808)
            > thread(9): f(a=10, b=99, c=100)

            """)
        var json = TraceLineFormatter(json: true, timestamps: false)
        let lines = Self.text(Self.numbers, &json).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.first == #"{"event":"call","function":"f","thread":9,"time_ns":0,"args":[{"name":"a","value":"-5"},{"name":"b","value":"18446744073709551615"},{"name":"c","value":"7"}]}"#)
        #expect(lines.dropFirst(2).first == #"{"event":"return","function":"main.g","thread":12,"goroutine":7,"time_ns":2500000,"results":[{"value":"0"},{"value":"-9223372036854775808"}]}"#)
    }

    /// An event of numbers and the whole record of the same call make the same line, in text and in JSON.
    @Test(arguments: [false, true]) func numbersAndWholeRecordsMakeTheSameLines(json: Bool) {
        let probe = TraceRecords.Probe(kind: .call, function: "checksum", showsNames: true, names: ["i", "seed"], forms: [.signed, .signed])
        let numbers = TraceRecords(
            probes: [probe], probe: [0], thread: [4242], goroutine: [nil], time: [1_000_000], valueIndex: [0],
            words: [3, UInt64(bitPattern: -1)], records: [])
        var formatter = TraceLineFormatter(json: json, timestamps: false)
        var other = TraceLineFormatter(json: json, timestamps: false)
        #expect(Self.text(numbers, &formatter) == Self.text(TraceRecords([Self.cCall]), &other))
    }

    /// A pointer shown by its address prints as the printer prints the loader's value for it:
    /// `(*lua_State)(0x5555555962a8)`, and its nil as the nil value says (`*CallInfo nil`).
    @Test(arguments: [false, true]) func pointersPrintAsTheirValuesWould(json: Bool) {
        let sampleAddress: UInt64 = 0xdbdb_dbdb_dbdb_dbd0
        func pointer(_ type: String, to pointee: String, address: UInt64) -> API.Variable {
            var child = API.Variable(name: "", type: pointee, value: "", kind: 25)
            child.addr = address
            child.onlyAddr = address != 0
            var variable = API.Variable(name: "L", type: type, value: "", kind: 22)
            variable.children = [child]
            return variable
        }
        let probe = TraceRecords.Probe(
            kind: .call, function: "luaH_get", showsNames: true, names: ["L", "ci"],
            forms: [.pointer(nilValue: pointer("*lua_State", to: "lua_State", address: 0),
                             sample: pointer("*lua_State", to: "lua_State", address: sampleAddress), sampleAddress: sampleAddress),
                    .pointer(nilValue: pointer("*CallInfo", to: "CallInfo", address: 0),
                             sample: pointer("*CallInfo", to: "CallInfo", address: sampleAddress), sampleAddress: sampleAddress)])
        let numbers = TraceRecords(
            probes: [probe], probe: [0, 0], thread: [7, 7], goroutine: [nil, nil], time: [0, 0], valueIndex: [0, 2],
            words: [0x5555_5559_62a8, 0, 1, 0xffff_ffff_ffff_ffff], records: [])
        // The same calls as whole records: the printer's text of each value.
        let whole = TraceRecords([
            TraceRecord(kind: .call, function: "luaH_get", thread: 7, goroutine: nil, time: 0, values: [
                pointer("*lua_State", to: "lua_State", address: 0x5555_5559_62a8), pointer("*CallInfo", to: "CallInfo", address: 0),
            ].enumerated().map { var value = $1; value.name = ["L", "ci"][$0]; return value }, showsNames: true),
            TraceRecord(kind: .call, function: "luaH_get", thread: 7, goroutine: nil, time: 0, values: [
                pointer("*lua_State", to: "lua_State", address: 1), pointer("*CallInfo", to: "CallInfo", address: 0xffff_ffff_ffff_ffff),
            ].enumerated().map { var value = $1; value.name = ["L", "ci"][$0]; return value }, showsNames: true),
        ])
        var formatter = TraceLineFormatter(json: json, timestamps: false)
        var other = TraceLineFormatter(json: json, timestamps: false)
        let text = Self.text(numbers, &formatter)
        #expect(text == Self.text(whole, &other))
        if !json {
            #expect(text == "> thread(7): luaH_get(L=(*lua_State)(0x5555555962a8), ci=*CallInfo nil)\n"
                + "> thread(7): luaH_get(L=(*lua_State)(0x1), ci=(*CallInfo)(0xffffffffffffffff))\n")
        }
    }

    /// Lines of numbers and whole records count time from the batch's first event alike.
    @Test func numbersLinesHaveTimestampsToo() {
        var formatter = TraceLineFormatter(json: false, timestamps: true)
        let lines = Self.text(Self.numbers, &formatter).split(separator: "\n")
        #expect(lines.map { $0.prefix(11) } == ["[0.000000] ", "[0.001000] ", "[0.002500] ", "[1.002003] "])
    }

    /// Every number of digits, both signs, the largest words: as Swift's own decimal text.
    @Test func decimalsOfEveryLength() {
        var words: [UInt64] = [0, UInt64.max, UInt64(bitPattern: Int64.min), UInt64(Int64.max)]
        var power: UInt64 = 1
        for _ in 0..<19 {
            words += [power - 1, power, power + 1, UInt64(bitPattern: -Int64(power))]
            power *= 10
        }
        let probes = [false, true].map { signed in
            TraceRecords.Probe(kind: .return, function: "f", showsNames: false, names: [""], forms: [signed ? .signed : .unsigned])
        }
        let count = words.count * 2
        let records = TraceRecords(
            probes: probes, probe: (0..<count).map { Int32($0 % 2) }, thread: Array(repeating: 1, count: count),
            goroutine: Array(repeating: nil, count: count), time: Array(repeating: 0, count: count),
            valueIndex: (0..<count).map { Int32($0 / 2) }, words: words, records: [])
        var formatter = TraceLineFormatter(json: false, timestamps: false)
        let expected = (0..<count).map { index in
            let word = words[index / 2]
            return ">> thread(1): => (\(index % 2 == 1 ? String(Int64(bitPattern: word)) : String(word)))\n"
        }.joined()
        #expect(Self.text(records, &formatter) == expected)
    }
}
