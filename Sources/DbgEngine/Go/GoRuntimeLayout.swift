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
    /// `m.tls`, where a thread's thread pointer points (8 bytes in: Go's code reads g at
    /// -8(FS)); nil when the runtime lacks it.
    var mTLS: Int?
    /// Static addresses of `runtime.allgs` (a slice of *g), `runtime.allglen` and
    /// `runtime.waitReasonStrings` (an array of strings; nil when the program lacks it).
    var allgs: UInt64
    var allglen: UInt64
    var waitReasonStrings: (address: UInt64, count: Int)?
    /// `g._defer` (the newest of the goroutine's pending deferred calls) and the layout of
    /// the `runtime._defer` records chained from it; nil when the runtime lacks them.
    var deferChain: (gField: Int, record: DeferRecordLayout)?

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
        self.mTLS = offset("tls", in: m)
        self.allgs = allgs.address.value
        self.allglen = allglen.address.value
        if let field = offset("_defer", in: g), let record = types.types(named: "runtime._defer").first,
           let size = types.byteSize(of: record), let sp = offset("sp", in: record), let pc = offset("pc", in: record),
           let fn = offset("fn", in: record), let link = offset("link", in: record) {
            deferChain = (field, DeferRecordLayout(size: Int(size), sp: sp, pc: pc, fn: fn, link: link))
        }
        if let strings = image.symbols.symbols(named: "runtime.waitReasonStrings").first, strings.size >= 16 {
            waitReasonStrings = (strings.address.value, Int(strings.size / 16))
        }
    }
}

extension GoRuntimeLayout {
    /// Where the kernel's thread id is, from a Go thread's thread pointer (fs base): the
    /// thread's `m` starts at fs - 8 - offsetof(m, tls), its `procid` is the thread id.
    var threadIDFromThreadPointer: Int64? {
        mTLS.map { Int64(mProcID) - Int64($0) - 8 }
    }
}

/// `runtime._defer`: one deferred call not yet run. `fn` points to a closure (a funcval, whose
/// first word is the code address; since Go 1.18 a deferred call's arguments live in it), `pc`
/// is where the `defer` statement returned to, `sp` the deferring frame's stack pointer.
struct DeferRecordLayout: Sendable {
    var size: Int
    var sp: Int
    var pc: Int
    var fn: Int
    var link: Int
}
