import CDwarf
import DbgTestSupport
import Foundation
import Testing

@testable import DbgSymbols

/// Globals against gdb's `info address NAME` (the static address, without running), and
/// against the ELF symbol table where gdb does not know the language (Swift).
@Suite struct GlobalVariableTests {
    static func gdbAddresses(_ path: String, names: [String]) throws -> [String: String] {
        var script: [String] = []
        for name in names { script += ["echo @@@ \(name)\\n", "info address \(name)"] }
        return DwarfTypeTests.splitAnswers(try Oracle.gdb(path, script: script))
    }

    @Test func structsGlobalsMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let globals = GlobalVariables(debugInfo: debugInfo)
        let names = DwarfTypeTests.structsGlobals
        let answers = try Self.gdbAddresses(path, names: names)
        for name in names {
            let expected = try #require(GDBScope.parseAddress(answers[name] ?? ""), "gdb: \(answers[name] ?? "")")
            let variable = try #require(globals.variable(named: name), "no global \(name)")
            #expect(variable.staticAddress?.value == expected, "\(name)")
            #expect(variable.scope.kind == .unit)
            #expect(variable.declFile?.hasSuffix("structs.c") == true, "\(name) declared in \(variable.declFile ?? "?")")
        }
        #expect(globals.variable(named: "file_static")?.isExternal == false)
        #expect(globals.variable(named: "global_counter")?.isExternal == true)
        #expect(globals.variable(named: "no_such_variable") == nil)
        #expect(globals.variable(named: "next_id") == nil, "a function is not a variable")
        #expect(Set(globals.allVariableNames()).isSuperset(of: names))
    }

    /// Static locals, found as `function::name`, at the address gdb's `info scope` gives.
    @Test func functionStaticsMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/structs")
        let globals = GlobalVariables(debugInfo: debugInfo)
        let scopes = DwarfTypeTests.splitAnswers(try Oracle.gdb(path, script: [
            "echo @@@ next_id\\n", "info scope next_id", "echo @@@ build_list\\n", "info scope build_list",
        ]))
        for (function, name) in [("next_id", "counter"), ("build_list", "labels")] {
            let symbol = try #require(GDBScope.parse(scopes[function] ?? "").first { $0.name == name })
            guard case .staticAddress(let expected) = symbol.location else {
                Issue.record("gdb: \(name) is \(symbol.location)")
                continue
            }
            let variable = try #require(globals.variable(named: "\(function)::\(name)"), "\(function)::\(name)")
            #expect(variable.staticAddress?.value == expected)
            #expect(variable.scope.kind == .function)
        }
        #expect(globals.variable(named: "next_id::nothing") == nil)
        #expect(globals.variable(named: "::counter") == nil)
    }

    @Test func optimizedGlobal() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("c/optimized")
        let expected = try #require(GDBScope.parseAddress(try Self.gdbAddresses(path, names: ["clamped"])["clamped"] ?? ""))
        let variable = try #require(GlobalVariables(debugInfo: debugInfo).variable(named: "clamped"))
        #expect(variable.staticAddress?.value == expected)
        #expect(TypeTable(debugInfo: debugInfo).name(of: variable.type) == "unsigned int")
    }

    /// Two units: file statics of one name in each, an `extern` declared in one and defined
    /// in the other, and a thread-local variable.
    @Test func severalUnitsAndThreadLocals() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let a = """
            __thread int tls_counter = 3;
            static int shared_name = 1;
            extern int defined_in_b;
            int use_a(void) { return shared_name + defined_in_b + tls_counter; }
            int main(void) { return use_a(); }
            """
        let b = """
            static int shared_name = 2;
            int defined_in_b = 5;
            int use_b(void) { return shared_name; }
            """
        try a.write(toFile: directory + "/a.c", atomically: true, encoding: .utf8)
        try b.write(toFile: directory + "/b.c", atomically: true, encoding: .utf8)
        let path = directory + "/ab"
        let build = try Oracle.run("gcc", ["-g", "-O0", "-o", path, directory + "/a.c", directory + "/b.c"])
        try #require(build.status == 0, "gcc: \(build.stderr)")
        let debugInfo = try #require(try DebugInfo.open(path))
        let globals = GlobalVariables(debugInfo: debugInfo)
        let answers = try Self.gdbAddresses(path, names: ["shared_name", "defined_in_b", "tls_counter"])

        // The definition, not a.c's declaration; gdb's choice of the two statics (the first unit's).
        for name in ["shared_name", "defined_in_b"] {
            let expected = try #require(GDBScope.parseAddress(answers[name] ?? ""))
            #expect(globals.variable(named: name)?.staticAddress?.value == expected, "\(name)")
        }
        #expect(globals.variable(named: "defined_in_b")?.declFile?.hasSuffix("b.c") == true)
        // From b.c's point of view, its own static wins.
        let unitB = try #require(debugInfo.units.first { $0.name.hasSuffix("b.c") })
        let fromB = try #require(globals.variable(named: "shared_name", preferring: unitB))
        #expect(fromB.declFile?.hasSuffix("b.c") == true)
        #expect(Set(globals.variables(named: "shared_name").compactMap(\.staticAddress)).count == 2)

        // Thread-local: the location stays as DWARF has it, for the engine to evaluate.
        let tls = try #require(globals.variable(named: "tls_counter"))
        #expect(tls.isThreadLocal)
        #expect(tls.staticAddress == nil)
        #expect(answers["tls_counter"]?.contains("thread-local variable at offset 0x0") == true)
        guard case .expression(let operations)? = tls.location else {
            Issue.record("tls_counter has no single expression")
            return
        }
        #expect(operations.first?.operand1 == 0)
    }

    @Test func goPackageVariablesMatchGDB() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("go/goroutines")
        let globals = GlobalVariables(debugInfo: debugInfo)
        let table = TypeTable(debugInfo: debugInfo)
        let names = ["runtime.allgs", "runtime.allglen", "runtime.waitReasonStrings", "main.unbuffered", "main.quit",
                     "main.mu", "main.gate"]
        let answers = try Self.gdbAddresses(path, names: names)
        for name in names {
            let expected = try #require(GDBScope.parseAddress(answers[name] ?? ""), "gdb: \(answers[name] ?? "")")
            let variable = try #require(globals.variable(named: name), "no \(name)")
            #expect(variable.staticAddress?.value == expected, "\(name)")
        }
        #expect(table.name(of: globals.variable(named: "runtime.allgs")?.type) == "[]*runtime.g")
        #expect(table.name(of: globals.variable(named: "runtime.allglen")?.type) == "uintptr")
        let reasons = table.resolve(globals.variable(named: "runtime.waitReasonStrings")?.type)
        #expect(table.name(of: reasons).hasSuffix("]string"))
        // Go package constants have a value and no storage.
        let paid = try #require(globals.variable(named: "main.Paid"))
        #expect(paid.location == nil)
        #expect(paid.constantValue?.signedValue == 1)
        #expect(GlobalVariables.goPackage(of: "net/http.DefaultClient") == "net/http")
    }

    /// gdb does not read Swift: the ELF symbol of the variable's mangled name is the oracle.
    @Test func swiftGlobalsMatchSymbols() throws {
        let (path, debugInfo) = try TypeTestFixture.debugInfo("swift/values")
        let elf = try ELFFile.open(path)
        let globals = GlobalVariables(debugInfo: debugInfo)
        for name in ["dog", "ages", "result", "values.dog"] {
            let variable = try #require(globals.variable(named: name), "no Swift global \(name)")
            let linkageName = try #require(variable.linkageName)
            let symbol = try #require(elf.symbols.first { $0.name == linkageName }, "no symbol \(linkageName)")
            #expect(variable.staticAddress == symbol.address, "\(name)")
        }
    }
}
