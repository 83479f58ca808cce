import DbgTestSupport
import Testing
@testable import DbgCLI

@Suite struct REPLConfigTests {
    @Test func yamlRoundTrip() throws {
        var config = REPLConfig()
        config.aliases = ["print": ["pp", "ppp"], "next": ["nn"]]
        config.substitutePath = [SubstitutePathRule(from: "/build dir/src", to: "/home/me/src"), SubstitutePathRule(from: "", to: "/x: y #z")]
        config.maxStringLen = 200
        config.maxArrayValues = 10
        config.maxVariableRecurse = 2
        config.sourceListLineCount = 8
        config.disassembleFlavor = "gnu"
        let text = config.yaml()
        #expect(try REPLConfig(yaml: text) == config)
        #expect(text.contains("  next: [nn]\n"))
        #expect(text.contains("  - {from: \"\", to: \"/x: y #z\"}\n"))
        #expect(try REPLConfig(yaml: REPLConfig().yaml()) == REPLConfig())
    }

    @Test func handWrittenYAML() throws {
        let text = """
            # my settings
            aliases:
              print:
                - pp
              stack: bt2   # a single alias
            substitute-path:
            - from: /a
              to: '/b c'
            - {from: "/d", to: /e}
            max-string-len: 120
            unknown-key: [1, 2]
            disassemble-flavor: go
            """
        let config = try REPLConfig(yaml: text)
        #expect(config.aliases == ["print": ["pp"], "stack": ["bt2"]])
        #expect(config.substitutePath == [SubstitutePathRule(from: "/a", to: "/b c"), SubstitutePathRule(from: "/d", to: "/e")])
        #expect(config.maxStringLen == 120)
        #expect(config.disassembleFlavor == "go")
        #expect(try REPLConfig(yaml: "") == REPLConfig())
    }

    /// A config.yml shared with Delve: the keys dbg does not use are listed as ignored and
    /// written back by `config -save` as they were (`true` stays a boolean for Delve).
    @Test func delvesOtherKeysAreKeptAsWritten() throws {
        let text = """
            # Delve's file
            aliases:
              print: [pp]
            show-location-expr: true
            debug-info-directories:
            - /usr/lib/debug/.build-id  # the default
            max-string-len: 64
            tab: ">>"
            """
        var config = try REPLConfig(yaml: text)
        #expect(config.ignored.map(\.key) == ["show-location-expr", "debug-info-directories", "tab"])
        #expect(config.ignoredListing() == """
            show-location-expr     true (ignored by dbg)
            debug-info-directories [/usr/lib/debug/.build-id] (ignored by dbg)
            tab                    >> (ignored by dbg)

            """)
        config.maxStringLen = 80
        let saved = config.yaml()
        #expect(saved.contains("show-location-expr: true\n"), "\(saved)")
        #expect(saved.contains("debug-info-directories:\n- /usr/lib/debug/.build-id  # the default\n"), "\(saved)")
        #expect(saved.contains("tab: \">>\"\n"), "\(saved)")
        let reread = try REPLConfig(yaml: saved)
        #expect(reread.maxStringLen == 80 && reread.aliases == ["print": ["pp"]])
        #expect(reread.ignored.map(\.value) == config.ignored.map(\.value))
    }

    @Test func badFilesAreReportedWithTheirLine() {
        #expect(throws: REPLConfig.Failure.self) { try REPLConfig(yaml: "max-string-len: lots") }
        #expect(throws: REPLConfig.Failure("config.yml: line 2: expected \"key: value\"")) { try REPLConfig(yaml: "aliases: {}\njust words\n") }
        #expect(throws: REPLConfig.Failure.self) { try REPLConfig(yaml: "substitute-path: [{from: x}]") }
        #expect(throws: REPLConfig.Failure.self) { try REPLConfig(yaml: "aliases: [unterminated") }
    }

    @Test func settingValues() throws {
        var config = REPLConfig()
        try config.set("max-string-len", "300")
        #expect(config.loadConfig.maxStringLen == 300)
        try config.set("source-list-line-count", "3")
        #expect(config.listLineCount == 3)
        #expect(throws: REPLConfig.Failure("argument to \"max-array-values\" must be a number")) { try config.set("max-array-values", "x") }
        #expect(throws: REPLConfig.Failure("\"colour\" is not a configuration parameter")) { try config.set("colour", "on") }
        #expect(throws: REPLConfig.Failure.self) { try config.set("disassemble-flavor", "att") }
        try config.substitutePath(["/a", "/b"])
        try config.substitutePath(["/a", "/c"])
        #expect(config.substitutePath == [SubstitutePathRule(from: "/a", to: "/c")])
        try config.substitutePath(["/a"])
        #expect(config.substitutePath.isEmpty)
        try config.alias(["print", "pp"], lookup: CommandLookup())
        #expect(config.aliases == ["print": ["pp"]])
        #expect(throws: REPLConfig.Failure.self) { try config.alias(["print", "next"], lookup: CommandLookup()) }
        try config.alias(["pp"], lookup: CommandLookup())
        #expect(config.aliases.isEmpty)
    }

    @Test func listingAsDelve() {
        var config = REPLConfig()
        config.maxStringLen = 100
        config.substitutePath = [SubstitutePathRule(from: "/a", to: "/b")]
        #expect(config.listing() == """
            aliases                map[]
            substitute-path        [{/a /b}]
            max-string-len         100
            max-array-values       <not defined>
            max-variable-recurse   <not defined>
            source-list-line-count <not defined>
            disassemble-flavor     <not defined>

            """)
    }

    @Test func xdgPaths() {
        let xdg = ConfigFiles(environment: ["HOME": "/home/me", "XDG_CONFIG_HOME": "/cfg", "XDG_STATE_HOME": "/state"])
        #expect(xdg.configPath == "/cfg/dbg/config.yml")
        #expect(xdg.historyPath == "/state/dbg/history")
        let home = ConfigFiles(environment: ["HOME": "/home/me"])
        #expect(home.configPath == "/home/me/.config/dbg/config.yml")
        #expect(home.historyPath == "/home/me/.dbg_history")
    }

    @Test func configCommandSavesAndTheNextSessionReadsIt() async throws {
        let path = "/tmp/dbg-config-test-\(UInt32.random(in: 0...UInt32.max))/dbg/config.yml"
        let first = await Session.run(["config max-string-len 99", "config alias print pp", "config substitute-path /x /y", "config -save"], configPath: path)
        #expect(first.errors.isEmpty)
        let client = RecordingClient()
        client.values = ["v": Values.int("v", "1")]
        let second = await Session.run(["config -list", "pp v"], client: client, configPath: path)
        #expect(second.output.contains("max-string-len         99\n"))
        #expect(second.output.contains("aliases                map[print:[pp]]\n"))
        #expect(second.calls.contains("eval(g-1 f0 v)"))
    }
}
