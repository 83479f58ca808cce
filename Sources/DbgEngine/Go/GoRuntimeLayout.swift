import DbgSymbols

/// Where the Go runtime keeps what the debugger reads about goroutines, learned from the
/// program's own DWARF (field names, never fixed offsets) and symbol table, so other Go
/// versions keep working as long as the fields keep their names.
struct GoRuntimeLayout: Sendable {
    /// `runtime.g`: size and the offsets of the fields read.
    var gSize: Int
    var goid: Int
    var status: Int
    var waitReason: Int
    var waitSince: Int
    var goStatementPC: Int
    var startPC: Int
    var m: Int
    var schedSP: Int
    var schedPC: Int
    var schedBP: Int
    var stackLo: Int
    var stackHi: Int
    /// `labels`: pprof labels (a pointer to a map[string]string), when the runtime has them.
    var labels: Int?
    /// `runtime.m`: the thread id and the g it runs for.
    var mProcID: Int
    var mCurrentG: Int
    var mG0: Int
    /// Static addresses of `runtime.allgs` (a slice of *g), `runtime.allglen` and
    /// `runtime.waitReasonStrings` (an array of strings; nil when the program lacks it).
    var allgs: UInt64
    var allglen: UInt64
    var waitReasonStrings: (address: UInt64, count: Int)?

    /// The layout of `image`'s runtime, or nil for a program that is not Go (or whose
    /// runtime lacks a field we need).
    init?(image: BinaryImage) {
        guard let allgs = image.symbols.symbols(named: "runtime.allgs").first,
              let allglen = image.symbols.symbols(named: "runtime.allglen").first,
              let types = image.typeTable,
              let g = types.types(named: "runtime.g").first,
              let m = types.types(named: "runtime.m").first,
              let gSize = types.byteSize(of: g)
        else { return nil }
        func offset(_ path: String, in type: DwarfType) -> Int? {
            var current = type
            var total: UInt64 = 0
            for name in path.split(separator: ".") {
                guard let (members, offset) = types.findMember(named: String(name), in: current), let offset,
                      let member = members.last
                else { return nil }
                total += offset
                current = types.resolve(member.type)
            }
            return Int(total)
        }
        guard let goid = offset("goid", in: g), let status = offset("atomicstatus", in: g),
              let waitReason = offset("waitreason", in: g), let waitSince = offset("waitsince", in: g),
              let gopc = offset("gopc", in: g), let startpc = offset("startpc", in: g), let mField = offset("m", in: g),
              let schedSP = offset("sched.sp", in: g), let schedPC = offset("sched.pc", in: g),
              let schedBP = offset("sched.bp", in: g), let stackLo = offset("stack.lo", in: g),
              let stackHi = offset("stack.hi", in: g), let procid = offset("procid", in: m),
              let curg = offset("curg", in: m), let g0 = offset("g0", in: m)
        else { return nil }
        self.gSize = Int(gSize)
        self.goid = goid
        self.status = status
        self.waitReason = waitReason
        self.waitSince = waitSince
        self.goStatementPC = gopc
        self.startPC = startpc
        self.m = mField
        self.schedSP = schedSP
        self.schedPC = schedPC
        self.schedBP = schedBP
        self.stackLo = stackLo
        self.stackHi = stackHi
        self.labels = offset("labels", in: g)
        self.mProcID = procid
        self.mCurrentG = curg
        self.mG0 = g0
        self.allgs = allgs.address.value
        self.allglen = allglen.address.value
        if let strings = image.symbols.symbols(named: "runtime.waitReasonStrings").first, strings.size >= 16 {
            waitReasonStrings = (strings.address.value, Int(strings.size / 16))
        }
    }
}
