import DbgFormat
import DbgService
import DbgTestSupport
import Testing

/// Expected texts are Delve 1.20's output on Fixtures/go/goroutines (main.inspect at
/// main.go:203), captured with `dlv exec --init`; the values are built as Delve's
/// service sends them.
@Suite struct VariableFormatterTests {
    typealias V = Values

    static let line1 = V.struct("", "main.Line", [V.string("SKU", "A-100"), V.int("Qty", "2"), V.float("Price", "9.75")], addr: 0xc00005e2a0)
    static let line2 = V.struct("", "main.Line", [V.string("SKU", "A-101"), V.int("Qty", "1"), V.float("Price", "120")], addr: 0xc00005e2c0)
    static let line3 = V.struct("", "main.Line", [V.string("SKU", "C-300"), V.int("Qty", "10"), V.float("Price", "0.5")], addr: 0xc00005e2e0)

    /// `o` as `print` loads it: lines not loaded below the recursion limit.
    static let order: API.Variable = {
        let second = V.struct("", "main.Order", [
            V.int("ID", "2"), V.string("Client", "Globex"),
            V.slice("Lines", "[]main.Line", [V.unloaded("", "main.Line", fields: 3, addr: 0xc000068000)]),
            V.map("Tags", "map[string]int", []),
            V.nilPointer("Next", "*main.Order"),
            V.int("Status", "Pending (0)", type: "main.Status"),
        ], addr: 0xc000062140)
        let first = V.struct("", "main.Order", [
            V.int("ID", "1"), V.string("Client", "ACME Corp"),
            V.slice("Lines", "[]main.Line", [
                V.unloaded("", "main.Line", fields: 3, addr: 0xc00005e2a0),
                V.unloaded("", "main.Line", fields: 3, addr: 0xc00005e2c0),
                V.unloaded("", "main.Line", fields: 3, addr: 0xc00005e2e0),
            ]),
            V.map("Tags", "map[string]int", [(V.key("rush"), V.int("", "1")), (V.key("gift"), V.int("", "2"))]),
            V.pointer("Next", "*main.Order", to: second),
            V.int("Status", "Paid (1)", type: "main.Status"),
        ], addr: 0xc0000620a0)
        return V.pointer("o", "*main.Order", to: first)
    }()

    @Test func pointerToStructOverSeveralLines() {
        #expect(VariableFormatter.multiLine(Self.order) == """
            *main.Order {
            \tID: 1,
            \tClient: "ACME Corp",
            \tLines: []main.Line len: 3, cap: 3, [
            \t\t(*main.Line)(0xc00005e2a0),
            \t\t(*main.Line)(0xc00005e2c0),
            \t\t(*main.Line)(0xc00005e2e0),
            \t],
            \tTags: map[string]int [
            \t\t"rush": 1, 
            \t\t"gift": 2, 
            \t],
            \tNext: *main.Order {
            \t\tID: 2,
            \t\tClient: "Globex",
            \t\tLines: []main.Line len: 1, cap: 1, [
            \t\t\t(*main.Line)(0xc000068000),
            \t\t],
            \t\tTags: map[string]int [],
            \t\tNext: *main.Order nil,
            \t\tStatus: Pending (0),},
            \tStatus: Paid (1),}
            """)
    }

    @Test func sliceOfStructsPutsOneElementPerLine() {
        let lines = V.slice("", "[]main.Line", [Self.line1, Self.line2, Self.line3])
        #expect(VariableFormatter.multiLine(lines) == """
            []main.Line len: 3, cap: 3, [
            \t{SKU: "A-100", Qty: 2, Price: 9.75},
            \t{SKU: "A-101", Qty: 1, Price: 120},
            \t{SKU: "C-300", Qty: 10, Price: 0.5},
            ]
            """)
    }

    @Test func interfacesShowTheirDynamicType() {
        let shape = V.make("s", "main.Shape", .interface, children: [V.struct("", "main.Rect", [V.int("W", "3", type: "float64"), V.int("H", "4", type: "float64")])])
        #expect(VariableFormatter.singleLine(shape) == "main.Shape(main.Rect) {W: 3, H: 4}")
        #expect(VariableFormatter.multiLine(shape) == "main.Shape(main.Rect) {W: 3, H: 4}")
        let anything = V.make("anything", "interface {}", .interface, children: [Self.line1])
        #expect(VariableFormatter.singleLine(anything) == #"interface {}(main.Line) {SKU: "A-100", Qty: 2, Price: 9.75}"#)
        let shapes = V.slice("shapes", "[]main.Shape", [
            V.make("", "main.Shape", .interface, children: [V.struct("", "main.Rect", [V.float("W", "3"), V.float("H", "4")])]),
            V.make("", "main.Shape", .interface, children: [V.struct("", "main.Circle", [V.float("R", "2")])]),
        ])
        #expect(VariableFormatter.multiLine(shapes) == """
            []main.Shape len: 2, cap: 2, [
            \tmain.Rect {W: 3, H: 4},
            \tmain.Circle {R: 2},
            ]
            """)
    }

    @Test func errorInterfaceHoldingAPointer() {
        let errorString = V.struct("", "errors.errorString", [V.string("s", "out of stock: B-200")], addr: 0xc0000499f0)
        let loaded = V.make("err", "error", .interface, children: [V.pointer("", "*errors.errorString", to: errorString)])
        #expect(VariableFormatter.multiLine(loaded) == "error(*errors.errorString) *{\n\ts: \"out of stock: B-200\",}")
        // The short form (locals): the pointer's target is not loaded.
        var short = V.pointer("", "*errors.errorString", to: V.make("", "errors.errorString", .struct, addr: 0xc0000499f0, len: 1, onlyAddr: true))
        short.addr = 0xc0000499f0
        #expect(VariableFormatter.singleLine(V.make("err", "error", .interface, children: [short])) == "error(*errors.errorString) 0xc0000499f0")
    }

    @Test func embeddedStructsAndUnloadedPointers() {
        let audit = V.struct("Audit", "main.Audit", [V.string("By", "alice"), V.int("Rev", "3")], addr: 0xc000049b48)
        let shortShip = V.struct("ship", "main.Shipment", [
            V.unloaded("Audit", "main.Audit", fields: 2, addr: 0xc000049b48),
            V.pointer("Order", "*main.Order", to: V.make("", "main.Order", .struct, addr: 0xc00008a0f0, len: 6, onlyAddr: true)),
            V.string("Carrier", "DHL"),
        ])
        #expect(VariableFormatter.singleLine(shortShip)
            == #"main.Shipment {Audit: (*main.Audit)(0xc000049b48), Order: (*main.Order)(0xc00008a0f0), Carrier: "DHL"}"#)
        let order = V.struct("", "main.Order", [
            V.int("ID", "1"), V.string("Client", "ACME Corp"),
            V.slice("Lines", "[]main.Line", [
                V.unloaded("", "main.Line", fields: 3, addr: 0xc0000882a0),
                V.unloaded("", "main.Line", fields: 3, addr: 0xc0000882c0),
                V.unloaded("", "main.Line", fields: 3, addr: 0xc0000882e0),
            ]),
            V.map("Tags", "map[string]int", [], len: 2),
            V.pointer("Next", "*main.Order", to: V.unloaded("", "main.Order", fields: 6, addr: 0xc00008a0a0)),
            V.int("Status", "Paid (1)", type: "main.Status"),
        ], addr: 0xc00008a0f0)
        let ship = V.struct("ship", "main.Shipment", [audit, V.pointer("Order", "*main.Order", to: order), V.string("Carrier", "DHL")])
        #expect(VariableFormatter.multiLine(ship) == """
            main.Shipment {
            \tAudit: main.Audit {By: "alice", Rev: 3},
            \tOrder: *main.Order {
            \t\tID: 1,
            \t\tClient: "ACME Corp",
            \t\tLines: []main.Line len: 3, cap: 3, [
            \t\t\t(*main.Line)(0xc0000882a0),
            \t\t\t(*main.Line)(0xc0000882c0),
            \t\t\t(*main.Line)(0xc0000882e0),
            \t\t],
            \t\tTags: map[string]int [...],
            \t\tNext: *(*main.Order)(0xc00008a0a0),
            \t\tStatus: Paid (1),},
            \tCarrier: "DHL",}
            """)
    }

    @Test func mapsOnePairPerLineWithDelvesTrailingSpace() {
        let keys = ["A-100": "12", "A-101": "3", "B-200": "0"]
        let stock = V.map("stock", "map[string]int", keys.keys.sorted().map { (V.key($0), V.int("", keys[$0]!)) })
        #expect(VariableFormatter.multiLine(stock) == "map[string]int [\n\t\"A-100\": 12, \n\t\"A-101\": 3, \n\t\"B-200\": 0, \n]")
        #expect(VariableFormatter.singleLine(V.map("stock", "map[string]int", [], len: 12)) == "map[string]int [...]")
        #expect(VariableFormatter.singleLine(V.map("tags", "map[string]int", [])) == "map[string]int []")
        var nilMap = V.map("m", "map[string]int", [])
        nilMap.base = 0
        #expect(VariableFormatter.singleLine(nilMap) == "map[string]int nil")
    }

    @Test func shortFormsOfLocals() {
        #expect(VariableFormatter.singleLine(V.make("buffered", "chan int", .chan, children: [V.int("qcount", "3", type: "uint"), V.int("dataqsiz", "10", type: "uint")])) == "chan int 3/10")
        #expect(VariableFormatter.singleLine(V.make("sizes", "[4]int", .array, len: 4)) == "[4]int [...]")
        #expect(VariableFormatter.multiLine(V.make("sizes", "[4]int", .array, children: ["1", "2", "4", "8"].map { V.int("", $0) }, len: 4)) == "[4]int [1,2,4,8]")
        #expect(VariableFormatter.singleLine(V.slice("skus", "[]string", [], len: 3)) == "[]string len: 3, cap: 3, [...]")
        #expect(VariableFormatter.multiLine(V.slice("skus", "[]string", ["A-100", "A-101", "C-300"].map { V.string("", $0) })) == #"[]string len: 3, cap: 3, ["A-100","A-101","C-300"]"#)
        #expect(VariableFormatter.singleLine(V.make("z", "complex128", .complex128, "(1.5 + -2i)", children: [V.float("real", "1.5"), V.float("imaginary", "-2")])) == "(1.5 + -2i)")
        #expect(VariableFormatter.singleLine(V.make("raw", "unsafe.Pointer", .unsafePointer, children: [V.make("", "", .invalid, addr: 0xc0000620a0)])) == "unsafe.Pointer(0xc0000620a0)")
        #expect(VariableFormatter.singleLine(V.nilPointer("missing", "*main.Order")) == "*main.Order nil")
        #expect(VariableFormatter.singleLine(V.make("lineTotal", "func(main.Line) float64", .func, "main.inspect.func1")) == "main.inspect.func1")
        #expect(VariableFormatter.singleLine(V.string("~r0", "")) == #""""#)
        var nilSlice = V.slice("s", "[]int", [])
        nilSlice.base = 0
        #expect(VariableFormatter.singleLine(nilSlice) == "[]int len: 0, cap: 0, nil")
    }

    @Test func longStringsSayHowMuchIsMissing() {
        let text = "order 1 (paid, map[gift:2 rush:1]) for ACME Corp: 3 lines, total"
        #expect(VariableFormatter.multiLine(V.string("~r0", text, len: 268), indent: "\t")
            == #""order 1 (paid, map[gift:2 rush:1]) for ACME Corp: 3 lines, total...+204 more""#)
        #expect(VariableFormatter.singleLine(V.string("s", "tab\there \"q\"\n")) == #""tab\there \"q\"\n""#)
    }

    @Test func unreadableAndUnknownValues() {
        var broken = V.int("fn", "")
        broken.unreadable = "empty OP stack"
        #expect(VariableFormatter.singleLine(broken) == "(unreadable empty OP stack)")
        #expect(VariableFormatter.singleLine(V.int("x", "")) == "(unknown int)")
    }

    @Test func printFormats() {
        #expect(VariableFormatter.singleLine(V.int("x", "255"), format: "%x") == "ff")
        #expect(VariableFormatter.singleLine(V.int("x", "255"), format: "%#x") == "0xff")
        #expect(VariableFormatter.singleLine(V.int("x", "-5"), format: "%05d") == "-0005")
        #expect(VariableFormatter.singleLine(V.int("x", "5"), format: "%b") == "101")
        #expect(VariableFormatter.singleLine(V.int("x", "8"), format: "%o") == "10")
        #expect(VariableFormatter.singleLine(V.int("Status", "Paid (1)", type: "main.Status"), format: "%d") == "1")
        #expect(VariableFormatter.singleLine(V.int("c", "65", type: "uint8"), format: "%c") == "A")
        #expect(VariableFormatter.singleLine(V.float("f", "9.75"), format: "%.1f") == "9.8")
        #expect(VariableFormatter.singleLine(V.float("f", "1234.5"), format: "%e") == "1.234500e+03")
        #expect(VariableFormatter.singleLine(V.string("s", "hi"), format: "%x") == "6869")
        #expect(VariableFormatter.singleLine(V.make("u", "uint64", .uint64, "18446744073709551615"), format: "%x") == "ffffffffffffffff")
    }
}
