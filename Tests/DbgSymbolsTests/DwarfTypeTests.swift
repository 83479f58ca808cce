import CDwarf
import DbgTestSupport
import Foundation
import Testing

@testable import DbgSymbols

/// Types against gdb: every struct and union layout (`ptype /o`), every enum, typedef and
/// global variable type name, on the C fixture (as built, and rebuilt as DWARF 4 and DWARF 2
/// for the older bit-field and member-offset forms), on extra C declarations, and on Go.
@Suite struct DwarfTypeTests {
    /// C declarations the fixture lacks: negative and wide enums, a flexible array member,
    /// anonymous members, wide bit-fields, pointers to arrays and functions, qualifiers.
    static let extraSource = """
        enum sign { NEG = -1, ZERO = 0, BIG = 200, HUGE = 70000, VERY_NEG = -70000 };
        enum wide { W0 = 0, WMAX = 0xffffffffu };
        struct packet {
            unsigned short len;
            unsigned char flags : 3;
            unsigned char kind : 5;
            unsigned int crc : 31;
            unsigned long long stamp : 40;
            char payload[];
        };
        struct mixed {
            char c;
            union { int i; float f; } u;
            struct { short a, b; } pair;
            struct { int ax; int ay; };
            double (*fn)(int, ...);
            int (*matrix)[3];
            char *const name;
            const volatile int cv;
            int cube[2][3][4];
            struct mixed *self;
            enum sign s;
            long long ll : 33;
        };
        union wideu { long long x; char bytes[8]; struct packet *p; };
        typedef int (*compare_fn)(const void *, const void *);
        typedef struct mixed mixed_t;
        typedef int grid_t[4][4];

        enum sign sign_value = NEG;
        enum wide wide_value = WMAX;
        struct packet *packet_ptr;
        struct mixed mixed_value;
        union wideu wide_union;
        compare_fn comparator;
        mixed_t *mixed_ptr;
        grid_t grid;
        char *const *const_ptr_ptr;
        const char *names[2];
        int (*array_ptr)[5];
        void (*handler)(void);
        int (*fn_table[3])(int);
        unsigned char bytes_value[3];
        _Bool flag_value;
        long double extended;
        _Complex double complex_value;
        int main(void) { return 0; }
        """

    static let extraGlobals = [
        "sign_value", "wide_value", "packet_ptr", "mixed_value", "wide_union", "comparator", "mixed_ptr", "grid",
        "const_ptr_ptr", "names", "array_ptr", "handler", "fn_table", "bytes_value", "flag_value", "extended",
        "complex_value",
    ]

    static let structsGlobals = [
        "global_counter", "global_pi", "global_volatile", "global_greeting", "global_array", "global_origin",
        "global_origin_ptr", "file_static", "list_storage", "ops", "op_names",
    ]

    // MARK: C

    /// The C fixture as built (gcc 12: DWARF 5), and rebuilt as DWARF 4 (DW_AT_bit_offset)
    /// and DWARF 2 (member offsets as expressions).
    @Test(arguments: ["fixture", "dwarf4", "dwarf2"])
    func structsFixtureMatchesGDB(_ variant: String) throws {
        let fixture = try Fixtures.binary("c/structs")
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path: String
        switch variant {
        case "dwarf4":
            let source = try String(contentsOfFile: Fixtures.source("c/structs.c"), encoding: .utf8)
            path = try TypeTestFixture.compileC(source, name: "structs", flags: ["-g", "-gdwarf-4", "-O0"], in: directory)
        case "dwarf2":
            let source = try String(contentsOfFile: Fixtures.source("c/structs.c"), encoding: .utf8)
            path = try TypeTestFixture.compileC(
                source, name: "structs", flags: ["-g", "-gdwarf-2", "-gstrict-dwarf", "-O0"], in: directory)
        default:
            path = fixture
        }
        try checkTypesAgainstGDB(path, globals: Self.structsGlobals)
    }

    @Test func extraCDeclarationsMatchGDB() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, flags) in [("extra5", ["-g", "-O0"]), ("extra4", ["-g", "-gdwarf-4", "-O0"])] {
            let path = try TypeTestFixture.compileC(Self.extraSource, name: name, flags: flags, in: directory)
            try checkTypesAgainstGDB(path, globals: Self.extraGlobals)
        }
    }

    /// Every struct, union, enum and typedef gdb lists (from any file), and the type of each
    /// global, compared with gdb's `ptype /o`, `ptype enum` and `whatis`.
    private func checkTypesAgainstGDB(_ path: String, globals: [String]) throws {
        let debugInfo = try #require(try DebugInfo.open(path))
        let table = TypeTable(debugInfo: debugInfo)
        let listed = GDBTypes.parseInfoTypes(try Oracle.gdb(path, script: ["info types"]))
        #expect(listed.count >= 5, "gdb listed too few types in \(path)")

        // The same names, and no more: our listing holds every struct, union, enum, typedef.
        let ours = Set(table.allTypeNames().filter { name in
            name.hasPrefix("struct ") || name.hasPrefix("union ") || name.hasPrefix("enum ")
                || table.types(named: name).contains { if case .typedef = $0.kind { return true } else { return false } }
        })
        #expect(ours == listed, "type names differ: ours only \(ours.subtracting(listed)), gdb only \(listed.subtracting(ours))")

        let aggregates = listed.filter { $0.hasPrefix("struct ") || $0.hasPrefix("union ") }.sorted()
        let enums = listed.filter { $0.hasPrefix("enum ") }.sorted()
        let typedefs = listed.filter { !$0.contains(" ") }.sorted()
        var script: [String] = []
        for name in aggregates { script += ["echo @@@ \(name)\\n", "ptype /o \(name)"] }
        for name in enums { script += ["echo @@@ \(name)\\n", "ptype \(name)"] }
        for name in typedefs { script += ["echo @@@ \(name)\\n", "whatis \(name)"] }
        for name in globals { script += ["echo @@@ var \(name)\\n", "whatis \(name)"] }
        let answers = Self.splitAnswers(try Oracle.gdb(path, script: script))

        for name in aggregates {
            let expected = GDBTypes.parseLayout(try #require(answers[name], "gdb said nothing for \(name)"))
            let actual = OurTypes.layout(of: try OurTypes.type(named: name, table: table), table: table)
            #expect(expected.lines.count > 0, "no layout parsed from gdb for \(name)")
            #expect(actual.lines == expected.lines, "\(path): \(name) layout differs")
            for (key, total) in expected.totals {
                #expect(actual.totals[key] == total, "\(name): total size of '\(key)'")
            }
        }
        for name in enums {
            let expected = try #require(GDBTypes.parseEnum(answers[name] ?? ""), "no enum parsed for \(name)")
            let type = try OurTypes.type(named: name, table: table)
            guard case .enumeration(let enumeration) = type.kind else {
                Issue.record("\(name) is not an enumeration: \(type.kind)")
                continue
            }
            #expect(enumeration.enumerators.map(\.name) == expected.map(\.name), "\(name) enumerator names")
            #expect(enumeration.enumerators.map(\.value) == expected.map(\.value), "\(name) enumerator values")
            #expect(table.byteSize(of: type) == 4, "\(name) size")
        }
        for name in typedefs {
            let expected = try #require(GDBTypes.typeAnswer(answers[name] ?? ""), "no whatis for \(name)")
            let typedef = try #require(table.types(named: name).first, "no typedef \(name)")
            guard case .typedef(let target) = typedef.kind else {
                Issue.record("\(name) is not a typedef")
                continue
            }
            #expect(GDBTypes.normalizeBaseNames(table.name(of: target)) == expected, "typedef \(name)")
        }
        let variables = GlobalVariables(debugInfo: debugInfo)
        for name in globals {
            let expected = try #require(GDBTypes.typeAnswer(answers["var " + name] ?? ""), "no whatis for \(name)")
            let variable = try #require(variables.variable(named: name), "no global \(name)")
            #expect(GDBTypes.normalizeBaseNames(table.name(of: variable.type)) == expected, "type of \(name)")
        }
    }

    /// Splits a gdb transcript at the `@@@ KEY` markers the script echoed.
    static func splitAnswers(_ text: String) -> [String: String] {
        var answers: [String: String] = [:]
        var key: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@@ ") {
                key = String(line.dropFirst(4))
                answers[key ?? ""] = ""
            } else if let key {
                answers[key, default: ""] += line + "\n"
            }
        }
        return answers
    }

    @Test func recursiveStructIsFinite() throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let table = TypeTable(debugInfo: debugInfo)
        let node = try OurTypes.type(named: "struct node", table: table)
        let next = try #require(node.member(named: "next"))
        let pointer = table.resolve(next.type)
        #expect(table.name(of: pointer) == "struct node *")
        guard case .pointer(let pointee) = pointer.kind else {
            Issue.record("next is not a pointer")
            return
        }
        #expect(pointee == node.offset, "next points back at struct node")
        #expect(table.name(of: try #require(table.types(named: "node_t").first)) == "node_t")
        #expect(table.byteSize(of: node) == 24)
        #expect(table.findMember(named: "label", in: node)?.byteOffset == 8)
    }

    /// opaque_handle.c sees only `typedef struct Handle Handle;`; the struct is defined in
    /// opaque_handle_impl.c. The declaration is completed from that unit, as gdb does (its
    /// members and size, gdb's `ptype`/`sizeof` in main's unit), without parsing the others.
    @Test func declarationIsCompletedFromTheUnitThatDefinesIt() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("corpus/c/opaque_handle")
        let table = TypeTable(debugInfo: debugInfo)
        let mainUnit = try #require(debugInfo.units.first { $0.name.hasSuffix("opaque_handle.c") })
        let typedefEntry = try #require(table.unitNames(of: mainUnit).types["Handle"]?.first, "no Handle in main's unit")
        let typedef = try #require(table.type(at: typedefEntry.offset))
        guard case .typedef(let target) = typedef.kind else {
            Issue.record("Handle is not a typedef in main's unit")
            return
        }
        let declaration = table.resolve(target)
        #expect(declaration.isDeclaration && declaration.members.isEmpty)

        let gdb = try Oracle.gdb(path, script: ["list main", "ptype Handle", "print sizeof(Handle)"])
        let ptype = try #require(gdb.range(of: "type = struct Handle {").map { gdb[$0.upperBound...] })
        let gdbMembers = ptype.prefix { $0 != "}" }.split(separator: "\n").filter { $0.hasSuffix(";") }.compactMap { line in
            line.dropLast().split(whereSeparator: { " *[".contains($0) }).last { !$0.contains("]") }.map(String.init)
        }
        let gdbSize = gdb.firstMatch(of: /\$1 = (\d+)/).flatMap { UInt64($0.1) }
        let completed = table.underlying(typedef)
        #expect(!completed.isDeclaration)
        #expect(completed.members.map { $0.name ?? "" } == gdbMembers)
        #expect(gdbSize != nil && table.byteSize(of: typedef) == gdbSize)
        #expect(table.findMember(named: "sizes", in: typedef)?.byteOffset == 8)
        // Only the unit that defines it was parsed (main's typedef was read too).
        #expect(debugInfo.parsedUnitCount <= 2)
    }

    @Test func badReferencesGiveUnknownTypes() throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let table = TypeTable(debugInfo: debugInfo)
        // Beyond .debug_info, and inside an entry rather than at its start.
        #expect(table.type(at: DIEOffset(0x7fff_ffff)) == nil)
        #expect(table.resolve(DIEOffset(0x7fff_ffff)).isUnknown)
        #expect(table.type(at: DIEOffset(1)) == nil)
        #expect(table.resolve(nil) == DwarfType.void)
        #expect(table.name(of: nil) == "void")
        // An entry that is not a type (the unit itself) is an unknown type, not a crash.
        let unitType = try #require(table.type(at: debugInfo.units[0].offset))
        #expect(unitType.isUnknown)
        #expect(table.name(of: unitType) == "<unknown type>")
        #expect(table.byteSize(of: unitType) == nil)
    }

    /// Hand-written DWARF with a typedef cycle, a const cycle, a struct whose members refer to
    /// itself, a reference into the middle of an entry: resolving, sizing and naming all end.
    @Test func malformedDWARFNeverLoops() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/bad.s", object = directory + "/bad.o"
        try Self.malformedAssembly.write(toFile: source, atomically: true, encoding: .utf8)
        let build = try Oracle.run("gcc", ["-c", source, "-o", object])
        try #require(build.status == 0, "gcc: \(build.stderr)")
        let debugInfo = try #require(try DebugInfo.open(object))
        let table = TypeTable(debugInfo: debugInfo)

        let cycle = try #require(table.types(named: "cycle_a").first)
        #expect(table.underlying(cycle).isUnknown)
        #expect(table.byteSize(of: cycle) == nil)
        #expect(table.name(of: cycle) == "cycle_a")

        let selfish = try OurTypes.type(named: "struct selfish", table: table)
        #expect(selfish.members.map(\.name) == ["loop", "next", "bits", "dangling"])
        #expect(table.name(of: selfish.member(named: "next")?.type) == "struct selfish *")
        let dangling = table.resolve(selfish.member(named: "dangling")?.type)
        #expect(dangling.isUnknown)
        let absent = table.findMember(named: "absent", in: selfish)
        #expect(absent == nil)
        #expect(selfish.member(named: "bits")?.bitField?.bitSize == 3)

        // Every entry: resolving, sizing and naming terminate.
        for unit in debugInfo.units {
            for entry in try debugInfo.detail(of: unit).tree.entries {
                let type = table.resolve(entry.offset)
                _ = table.byteSize(of: type)
                _ = table.name(of: type)
                _ = table.underlying(type)
            }
        }
        #expect(ScopeReader(debugInfo: debugInfo).frames(at: Address(0)).isEmpty)
        #expect(GlobalVariables(debugInfo: debugInfo).variable(named: "cycle_a") == nil)
    }

    /// DWARF 4 by hand: typedef cycle_a -> cycle_b -> cycle_a, const -> const -> (the first),
    /// struct selfish { cycle_a loop; struct selfish *next; struct selfish bits : 3 (a
    /// nonsense bit-field); ? dangling (a reference two bytes into an entry) }, a pointer to
    /// the const cycle and an array of cycle_a.
    static let malformedAssembly = """
        \t.section .debug_abbrev,"",@progbits
        \t.uleb128 1, 0x11
        \t.byte 1
        \t.uleb128 0x03, 0x08, 0x13, 0x0b
        \t.byte 0, 0
        \t.uleb128 2, 0x16
        \t.byte 0
        \t.uleb128 0x03, 0x08, 0x49, 0x13
        \t.byte 0, 0
        \t.uleb128 3, 0x13
        \t.byte 1
        \t.uleb128 0x03, 0x08, 0x0b, 0x0b
        \t.byte 0, 0
        \t.uleb128 4, 0x0d
        \t.byte 0
        \t.uleb128 0x03, 0x08, 0x49, 0x13, 0x38, 0x0b
        \t.byte 0, 0
        \t.uleb128 5, 0x0f
        \t.byte 0
        \t.uleb128 0x0b, 0x0b, 0x49, 0x13
        \t.byte 0, 0
        \t.uleb128 6, 0x26
        \t.byte 0
        \t.uleb128 0x49, 0x13
        \t.byte 0, 0
        \t.uleb128 7, 0x0d
        \t.byte 0
        \t.uleb128 0x03, 0x08, 0x49, 0x13, 0x0b, 0x0b, 0x0d, 0x0b, 0x0c, 0x0b, 0x38, 0x0b
        \t.byte 0, 0
        \t.uleb128 8, 0x01
        \t.byte 1
        \t.uleb128 0x49, 0x13
        \t.byte 0, 0
        \t.uleb128 9, 0x21
        \t.byte 0
        \t.uleb128 0x37, 0x0b
        \t.byte 0, 0
        \t.byte 0

        \t.section .debug_info,"",@progbits
        .Lcu:
        \t.long .Lend - .Lstart
        .Lstart:
        \t.value 4
        \t.long 0
        \t.byte 8
        \t.uleb128 1
        \t.string "bad.c"
        \t.byte 0x0c
        .Ltd_a:
        \t.uleb128 2
        \t.string "cycle_a"
        \t.long .Ltd_b - .Lcu
        .Ltd_b:
        \t.uleb128 2
        \t.string "cycle_b"
        \t.long .Ltd_a - .Lcu
        .Lconst_a:
        \t.uleb128 6
        \t.long .Lconst_b - .Lcu
        .Lconst_b:
        \t.uleb128 6
        \t.long .Lconst_a - .Lcu
        .Lstruct:
        \t.uleb128 3
        \t.string "selfish"
        \t.byte 16
        \t.uleb128 4
        \t.string "loop"
        \t.long .Ltd_a - .Lcu
        \t.byte 0
        \t.uleb128 4
        \t.string "next"
        \t.long .Lptr - .Lcu
        \t.byte 8
        \t.uleb128 7
        \t.string "bits"
        \t.long .Lstruct - .Lcu
        \t.byte 99, 3, 200, 4
        \t.uleb128 4
        \t.string "dangling"
        \t.long .Lstruct - .Lcu + 2
        \t.byte 12
        \t.byte 0
        .Lptr:
        \t.uleb128 5
        \t.byte 8
        \t.long .Lstruct - .Lcu
        .Lptr_const:
        \t.uleb128 5
        \t.byte 8
        \t.long .Lconst_a - .Lcu
        .Larray:
        \t.uleb128 8
        \t.long .Ltd_a - .Lcu
        \t.uleb128 9
        \t.byte 4
        \t.byte 0
        \t.byte 0
        .Lend:

        """

    // MARK: C++

    static let cppSource = """
        namespace geo {
        struct Base { int b; virtual ~Base() {} };
        struct Mid : virtual Base { long m; };
        struct Derived : Mid {
            short d;
            int &ref;
            int &&rref;
            int Derived::*pm;
            static int count;
            enum class Color : unsigned char { Red = 1, Blue = 200 } color;
            Derived(int &r, int &&rr) : ref(r), rref(static_cast<int &&>(rr)) {}
        };
        int Derived::count = 4;
        }
        int x = 1;
        geo::Derived *derived_ptr;
        int geo::Derived::*member_ptr;
        int &global_ref = x;
        int main() { int y = 2; geo::Derived d(x, static_cast<int &&>(y)); derived_ptr = &d; return d.d; }
        """

    /// Inheritance (a virtual base's offset is an expression), references, a pointer to
    /// member, a scoped enum and namespaces, against gdb.
    @Test func cppClassesMatchGDB() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.cppSource.write(toFile: directory + "/t.cpp", atomically: true, encoding: .utf8)
        let path = directory + "/t"
        let build = try Oracle.run("g++", ["-g", "-O0", "-o", path, directory + "/t.cpp"])
        try #require(build.status == 0, "g++: \(build.stderr)")
        let debugInfo = try #require(try DebugInfo.open(path))
        let table = TypeTable(debugInfo: debugInfo)
        let classes = ["geo::Base", "geo::Mid", "geo::Derived"]
        let globals = ["member_ptr", "global_ref", "derived_ptr"]
        var script: [String] = []
        for name in classes { script += ["echo @@@ \(name)\\n", "ptype /o \(name)"] }
        for name in globals { script += ["echo @@@ var \(name)\\n", "whatis \(name)"] }
        let answers = Self.splitAnswers(try Oracle.gdb(path, script: script))
        for name in classes {
            let expected = GDBTypes.parseLayout(try #require(answers[name]))
            let type = try OurTypes.type(named: name, table: table)
            #expect(table.name(of: type) == name)
            let actual = OurTypes.layout(of: type, table: table)
            #expect(expected.lines.count >= 1)
            #expect(actual.lines == expected.lines, "\(name) layout")
            #expect(actual.totals[""] == expected.totals[""], "\(name) size")
        }
        let variables = GlobalVariables(debugInfo: debugInfo)
        for name in globals {
            let expected = try #require(GDBTypes.typeAnswer(answers["var " + name] ?? ""))
            #expect(table.name(of: variables.variable(named: name)?.type) == expected, "type of \(name)")
        }

        let derived = try OurTypes.type(named: "geo::Derived", table: table)
        guard case .aggregate(let aggregate) = derived.kind else {
            Issue.record("geo::Derived is not a struct")
            return
        }
        #expect(aggregate.bases.count == 1)
        #expect(aggregate.bases.first?.byteOffset == 0)
        #expect(aggregate.bases.first?.isVirtual == false)
        #expect(derived.member(named: "count") == nil, "a static member has no place in the object")
        let mid = table.resolve(aggregate.bases.first?.type)
        guard case .aggregate(let midAggregate) = mid.kind, let virtualBase = midAggregate.bases.first else {
            Issue.record("geo::Mid has no base")
            return
        }
        #expect(virtualBase.isVirtual)
        #expect(virtualBase.byteOffset == nil)
        #expect(virtualBase.offsetExpression?.isEmpty == false)

        let ref = table.resolve(derived.member(named: "ref")?.type)
        let rref = table.resolve(derived.member(named: "rref")?.type)
        #expect(ref.kind == .reference(to: ref.referencedType, isRValue: false))
        #expect(rref.kind == .reference(to: rref.referencedType, isRValue: true))
        let color = table.resolve(derived.member(named: "color")?.type)
        guard case .enumeration(let enumeration) = color.kind else {
            Issue.record("color is not an enum")
            return
        }
        #expect(enumeration.isScoped)
        #expect(!enumeration.isSigned)
        #expect(enumeration.enumerators.map(\.name) == ["Red", "Blue"])
        #expect(enumeration.enumerators.map(\.value) == [1, 200])
        #expect(table.byteSize(of: color) == 1)
        #expect(table.name(of: color) == "geo::Derived::Color")
    }

    // MARK: Go

    @Test func goRuntimeLayoutsMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("go/goroutines")
        let table = TypeTable(debugInfo: debugInfo)
        let names = ["runtime.g", "runtime.gobuf", "runtime.stack", "runtime.m", "main.Order", "main.Line",
                     "main.Shipment", "main.Audit"]
        var script = ["set language c"]
        for name in names { script += ["echo @@@ \(name)\\n", "ptype /o struct '\(name)'"] }
        let answers = Self.splitAnswers(try Oracle.gdb(path, script: script))
        for name in names {
            let expected = GDBTypes.parseLayout(try #require(answers[name], "gdb said nothing for \(name)"))
            #expect(expected.lines.count >= 2, "no layout parsed from gdb for \(name)")
            let type = try OurTypes.type(named: name, table: table)
            guard case .aggregate = type.kind else {
                Issue.record("\(name) resolved to \(type.kind), not a struct")
                continue
            }
            let actual = OurTypes.layout(of: type, table: table, gdbFunctionLength: true)
            #expect(actual.lines == expected.lines, "\(name) layout differs")
            #expect(actual.totals[""] == expected.totals[""], "\(name) size")
        }
    }

    @Test func goRuntimeFieldsTheEngineNeeds() throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo("go/goroutines")
        let table = TypeTable(debugInfo: debugInfo)
        let g = try OurTypes.type(named: "runtime.g", table: table)
        #expect(g.go?.kind == .struct)
        #expect(g.go?.runtimeType != nil)
        for field in ["goid", "atomicstatus", "sched", "stack", "m", "gopc", "startpc", "waitreason"] {
            #expect(g.member(named: field) != nil, "runtime.g.\(field)")
        }
        let sched = table.underlying(table.resolve(try #require(g.member(named: "sched")).type))
        #expect(sched.name == "runtime.gobuf")
        for field in ["sp", "pc", "bp", "g"] { #expect(sched.member(named: field) != nil, "runtime.gobuf.\(field)") }
        let stack = table.underlying(table.resolve(try #require(g.member(named: "stack")).type))
        #expect(stack.members.map { $0.name } == ["lo", "hi"])
        let m = table.resolve(try #require(g.member(named: "m")).type)
        #expect(table.name(of: m) == "*runtime.m")
        guard case .pointer(let mTarget) = m.kind else {
            Issue.record("g.m is not a pointer")
            return
        }
        #expect(table.underlying(table.resolve(mTarget)).member(named: "procid") != nil)
        #expect(table.name(of: table.resolve(try #require(g.member(named: "goid")).type)) == "int64")
    }

    @Test func goKindsOfMainOrder() throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo("go/goroutines")
        let table = TypeTable(debugInfo: debugInfo)
        let order = try OurTypes.type(named: "main.Order", table: table)
        func field(_ name: String) throws -> DwarfType { table.resolve(try #require(order.member(named: name)).type) }

        let client = try field("Client")
        #expect(table.name(of: client) == "string")
        #expect(table.underlying(client).go?.kind == .string)
        #expect(table.underlying(client).members.map(\.name) == ["str", "len"])

        let lines = try field("Lines")
        #expect(table.name(of: lines) == "[]main.Line")
        #expect(lines.go?.kind == .slice)
        #expect(table.name(of: lines.go?.element) == "main.Line")
        #expect(lines.members.map(\.name) == ["array", "len", "cap"])

        let tags = try field("Tags")
        #expect(table.name(of: tags) == "map[string]int")
        #expect(tags.go?.kind == .map)
        #expect(table.name(of: tags.go?.key) == "string")
        #expect(table.name(of: tags.go?.element) == "int")
        guard case .typedef(let hashPointer) = tags.kind, case .pointer(let hash) = table.resolve(hashPointer).kind else {
            Issue.record("a Go map is not a typedef of a pointer: \(tags.kind)")
            return
        }
        #expect(table.name(of: hash) == "hash<string,int>")

        #expect(table.name(of: try field("Next")) == "*main.Order")
        let status = try field("Status")
        #expect(table.name(of: status) == "main.Status")
        #expect(status.go?.kind == .int)

        let shipment = try OurTypes.type(named: "main.Shipment", table: table)
        #expect(shipment.member(named: "Audit")?.isEmbedded == true)
        #expect(shipment.member(named: "Carrier")?.isEmbedded == false)
        // A promoted field is found through the embedded struct.
        let by = try #require(table.findMember(named: "Rev", in: shipment))
        #expect(by.path.map(\.name) == ["Audit", "Rev"])
        #expect(by.byteOffset == 16)

        let shape = try #require(table.types(named: "main.Shape").first)
        #expect(shape.go?.kind == .interface)
        let channel = try #require(table.types(named: "chan int").first)
        #expect(channel.go?.kind == .chan)
        #expect(table.name(of: channel.go?.element) == "int")
        let array = try #require(table.types(named: "[4]int").first)
        #expect(table.byteSize(of: array) == 32)
        #expect(table.name(of: array) == "[4]int")
    }

    // MARK: Every type entry

    /// Every type entry of every unit resolves to a known type with a name, and every
    /// DW_AT_type reference in the binary leads to a type entry.
    @Test(arguments: ["c/structs", "c/optimized", "c/threads", "go/goroutines", "swift/values"])
    func everyTypeEntryResolves(_ relative: String) throws {
        let (_, debugInfo) = try TypeTestFixture.debugInfo(relative)
        let table = TypeTable(debugInfo: debugInfo)
        let typeTags: Set<Int32> = [
            DW_TAG_base_type, DW_TAG_pointer_type, DW_TAG_reference_type, DW_TAG_rvalue_reference_type,
            DW_TAG_const_type, DW_TAG_volatile_type, DW_TAG_restrict_type, DW_TAG_atomic_type, DW_TAG_typedef,
            DW_TAG_structure_type, DW_TAG_class_type, DW_TAG_union_type, DW_TAG_array_type,
            DW_TAG_enumeration_type, DW_TAG_subroutine_type, DW_TAG_unspecified_type,
        ]
        var resolved = 0
        for unit in debugInfo.units {
            let detail = try debugInfo.detail(of: unit)
            for entry in detail.tree.entries {
                if typeTags.contains(Int32(entry.tag)) {
                    let type = try #require(table.type(at: entry.offset))
                    #expect(!type.isUnknown, "\(relative): \(entry.offset) \(type.kind)")
                    #expect(!table.name(of: type).isEmpty)
                    if entry.unsigned(DW_AT_byte_size) != nil { #expect(table.byteSize(of: type) != nil) }
                    resolved += 1
                }
                if let reference = entry.reference(DW_AT_type) {
                    let type = table.resolve(reference)
                    #expect(!type.isUnknown, "\(relative): DW_AT_type of \(entry.offset) → \(reference): \(type.kind)")
                }
            }
        }
        #expect(resolved > 20, "\(relative): only \(resolved) type entries")
    }
}
