import Testing

@testable import DbgEngine

/// Hand-built loaded values through the API and DbgFormat's printer, against output Delve
/// 1.20 printed for the Go fixture (`Fixtures/go/goroutines`, stopped in main.inspect): the
/// layout rules must be Delve's to the character.
@Suite struct LoadedValueTextTests {
    let multi = ValueText(layout: .multiLine)
    let single = ValueText(layout: .singleLine)

    // MARK: Builders
    //
    // Composites have addresses, as loaded ones do: below the top, a value without an
    // address and without text prints as nil (Delve's rule).

    private func int(_ value: Int, name: String = "", type: String = "int") -> LoadedValue {
        LoadedValue(name: name, type: type, realType: type, kind: .int, value: String(value))
    }

    private func float(_ text: String, name: String = "") -> LoadedValue {
        LoadedValue(name: name, type: "float64", realType: "float64", kind: .float64, value: text)
    }

    private func string(_ text: String, name: String = "") -> LoadedValue {
        LoadedValue(name: name, type: "string", realType: "string", kind: .string, value: text, length: Int64(text.utf8.count))
    }

    private func line(_ sku: String, _ qty: Int, _ price: String) -> LoadedValue {
        LoadedValue(
            address: 0xc000_05e2_a0, type: "main.Line", realType: "main.Line", kind: .struct, length: 3,
            children: [string(sku, name: "SKU"), int(qty, name: "Qty"), float(price, name: "Price")])
    }

    private func lines(_ elements: [LoadedValue], name: String = "") -> LoadedValue {
        LoadedValue(
            name: name, address: 0xc000_0b21_58, type: "[]main.Line", realType: "[]main.Line", kind: .slice, length: Int64(elements.count),
            capacity: Int64(elements.count), children: elements, base: 0xc000_0a41_80)
    }

    private func tags(_ entries: [(String, Int)], loaded: Bool = true, name: String = "") -> LoadedValue {
        LoadedValue(
            name: name, address: 0xc000_0b21_70, type: "map[string]int", realType: "map[string]int", kind: .map, length: Int64(entries.count),
            children: loaded ? entries.flatMap { [string($0.0), int($0.1)] } : [], base: 0xc000_0100_00)
    }

    private func status(_ text: String) -> LoadedValue {
        LoadedValue(name: "Status", type: "main.Status", realType: "int", kind: .int, value: text)
    }

    private func nilOrder(name: String) -> LoadedValue {
        LoadedValue(
            name: name, type: "*main.Order", realType: "*main.Order", kind: .pointer, length: 1,
            children: [LoadedValue(type: "main.Order", realType: "main.Order", kind: .struct, isNil: true)])
    }

    private func pointer(_ pointee: LoadedValue, name: String = "") -> LoadedValue {
        LoadedValue(name: name, address: 0xc000_0120_00, type: "*" + pointee.type, realType: "*" + pointee.type, kind: .pointer, length: 1, children: [pointee])
    }

    // MARK: Delve's output

    @Test func sliceOfStructs() {
        let value = lines([line("A-100", 2, "9.75"), line("A-101", 1, "120"), line("C-300", 10, "0.5")])
        #expect(multi.print(value) == """
            []main.Line len: 3, cap: 3, [
            \t{SKU: "A-100", Qty: 2, Price: 9.75},
            \t{SKU: "A-101", Qty: 1, Price: 120},
            \t{SKU: "C-300", Qty: 10, Price: 0.5},
            ]
            """)
        #expect(single.print(value)
            == #"[]main.Line len: 3, cap: 3, [{SKU: "A-100", Qty: 2, Price: 9.75},{SKU: "A-101", Qty: 1, Price: 120},{SKU: "C-300", Qty: 10, Price: 0.5}]"#)
    }

    @Test func maps() {
        #expect(multi.print(tags([("rush", 1), ("gift", 2)])) == "map[string]int [\n\t\"rush\": 1, \n\t\"gift\": 2, \n]")
        #expect(single.print(tags([("rush", 1), ("gift", 2)])) == #"map[string]int ["rush": 1, "gift": 2, ]"#)
        #expect(multi.print(tags([])) == "map[string]int []")
        var partial = tags([("a", 1)])
        partial.length = 5
        #expect(single.print(partial) == #"map[string]int ["a": 1, ,...+4 more]"#)
        var nilMap = tags([])
        nilMap.base = 0
        #expect(single.print(nilMap) == "map[string]int nil")
    }

    @Test func scalarsAndStrings() {
        #expect(multi.print(status("Paid (1)")) == "Paid (1)")
        #expect(multi.print(string("ACME Corp")) == #""ACME Corp""#)
        var cut = string("abc")
        cut.length = 10
        #expect(multi.print(cut) == #""abc...+7 more""#)
        var raw = string("")
        raw.stringBytes = [0, 0, 0xc0, 0x3f, 0x0a, 0x22, 0x07]
        raw.length = 7
        #expect(multi.print(raw) == #""\x00\x00\xc0?\n\"\a""#)
        let complex = LoadedValue(
            type: "complex128", kind: .complex128, length: 2,
            children: [float("1.5", name: "real"), float("-2", name: "imaginary")])
        #expect(multi.print(complex) == "(1.5 + -2i)")
        #expect(multi.print(LoadedValue(type: "func(main.Line) float64", kind: .func, value: "main.inspect.func1")) == "main.inspect.func1")
        #expect(multi.print(LoadedValue(type: "func()", kind: .func)) == "nil")
        #expect(multi.print(LoadedValue(kind: .int, unreadable: "optimized out")) == "(unreadable optimized out)")
    }

    @Test func arrays() {
        let sizes = LoadedValue(type: "[4]int", kind: .array, length: 4, children: [1, 2, 4, 8].map { int($0) })
        #expect(multi.print(sizes) == "[4]int [1,2,4,8]")
        let skus = LoadedValue(
            type: "[]string", kind: .slice, length: 3, capacity: 3, children: ["A-100", "A-101", "C-300"].map { string($0) },
            base: 0x1000)
        #expect(multi.print(skus) == #"[]string len: 3, cap: 3, ["A-100","A-101","C-300"]"#)
        var limited = sizes
        limited.length = 100
        #expect(single.print(limited) == "[4]int [1,2,4,8,...+96 more]")
        #expect(single.print(LoadedValue(type: "[]int", kind: .slice, length: 0, capacity: 0)) == "[]int len: 0, cap: 0, nil")
        #expect(single.print(LoadedValue(type: "[3]int", kind: .array, length: 3)) == "[3]int [...]")
    }

    @Test func pointers() {
        #expect(multi.print(nilOrder(name: "missing")) == "*main.Order nil")
        let addressOnly = LoadedValue(
            type: "*int", kind: .pointer, length: 1,
            children: [LoadedValue(address: 0xc0000640f0, onlyAddress: true, type: "int", kind: .int)])
        #expect(multi.print(addressOnly) == "(*int)(0xc0000640f0)")
        let unsafe = LoadedValue(
            type: "unsafe.Pointer", kind: .unsafePointer,
            children: [LoadedValue(address: 0xc0000b2140, onlyAddress: true, type: "void")])
        #expect(multi.print(unsafe) == "unsafe.Pointer(0xc0000b2140)")
        #expect(multi.print(LoadedValue(type: "unsafe.Pointer", kind: .unsafePointer)) == "unsafe.Pointer(nil)")
        let toInt = pointer(LoadedValue(address: 0x4030, type: "int", kind: .int, value: "7"))
        #expect(multi.print(toInt) == "*7")
        let packaged = LoadedValue(
            type: "*net/http.Client", kind: .pointer, length: 1,
            children: [LoadedValue(address: 0x10, onlyAddress: true, type: "net/http.Client", kind: .struct)])
        #expect(multi.print(packaged) == #"("*net/http.Client")(0x10)"#)
        let unreadable = pointer(LoadedValue(address: 0xdead, type: "int", kind: .int, unreadable: "cannot read memory at 0xdead"))
        #expect(multi.print(unreadable) == "*(unreadable cannot read memory at 0xdead)")
    }

    @Test func interfaces() {
        let shape = LoadedValue(
            type: "main.Shape", kind: .interface, length: 1,
            children: [LoadedValue(
                name: "data", address: 0xc000_0140_00, type: "main.Rect", kind: .struct, length: 2,
                children: [float("3", name: "W"), float("4", name: "H")])])
        #expect(multi.print(shape) == "main.Shape(main.Rect) {W: 3, H: 4}")
        let anything = LoadedValue(
            type: "interface {}", kind: .interface, length: 1, children: [line("A-100", 2, "9.75")])
        #expect(multi.print(anything) == #"interface {}(main.Line) {SKU: "A-100", Qty: 2, Price: 9.75}"#)
        let errorString = LoadedValue(
            address: 0xc000010250, type: "errors.errorString", kind: .struct, length: 1,
            children: [string("out of stock: B-200", name: "s")])
        let error = LoadedValue(
            type: "error", kind: .interface, length: 1,
            children: [LoadedValue(address: 0xc000_0102_40, type: "*errors.errorString", kind: .pointer, length: 1, children: [errorString])])
        #expect(multi.print(error) == "error(*errors.errorString) *{\n\ts: \"out of stock: B-200\",}")
        let empty = LoadedValue(type: "error", kind: .interface, length: 1, children: [LoadedValue(kind: .invalid)])
        #expect(multi.print(empty) == "error nil")
    }

    @Test func structLimits() {
        var point = LoadedValue(type: "struct point", kind: .struct, length: 2, children: [int(1, name: "x"), int(2, name: "y")])
        #expect(single.print(point) == "struct point {x: 1, y: 2}")
        #expect(multi.print(point) == "struct point {x: 1, y: 2}")
        point.length = 5
        #expect(single.print(point) == "struct point {x: 1, y: 2,...+3 more}")
        let empty = LoadedValue(type: "struct {}", kind: .struct)
        #expect(single.print(empty) == "struct {} {}")
        let mutex = LoadedValue(type: "sync.Mutex", kind: .struct, length: 2, children: [int(9, name: "state"), int(0, name: "sema")])
        #expect(multi.print(mutex) == "sync.Mutex {state: 9, sema: 0}")
    }
}
