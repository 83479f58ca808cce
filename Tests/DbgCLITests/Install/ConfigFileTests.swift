import DbgTestSupport
import Foundation
import Testing

/// config.yml read by the dbg binary at start, where Delve keeps it ($XDG_CONFIG_HOME/dbg):
/// its settings change what the session does, and the keys dbg does not use are named.
@Suite struct ConfigFileTests {
    @Test func anAliasAndMaxStringLenFromConfigYMLWorkInASession() async throws {
        let home = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.createDirectory(atPath: home + "/xdg/dbg", withIntermediateDirectories: true)
        try """
            aliases:
              print: [pp]
            max-string-len: 3
            show-location-expr: true

            """.write(toFile: home + "/xdg/dbg/config.yml", atomically: true, encoding: .utf8)
        let commands = home + "/commands"
        try "break greet\ncontinue\npp name\nexit\n".write(toFile: commands, atomically: true, encoding: .utf8)
        let environment = ["PATH": "/usr/bin:/bin", "HOME": home, "XDG_CONFIG_HOME": home + "/xdg", "TERM": "dumb"]
        let session = try await ShellScript.run(
            "\(ShellScript.quoted(try BuiltBinaries.dbg)) exec \(ShellScript.quoted(try Fixtures.binary("c/hello")))",
            environment: environment, stdin: commands)
        // "world" cut to 3 bytes, as Delve cuts strings.
        #expect(session.text.contains("(dbg) pp name\n\"wor...+2 more\"\n"), "\(session.text)")
        #expect(session.text.contains("dbg ignores show-location-expr"), "\(session.text)")

        // Without the file the alias is unknown and the string whole.
        try FileManager.default.removeItem(atPath: home + "/xdg/dbg/config.yml")
        let plain = try await ShellScript.run(
            "\(ShellScript.quoted(try BuiltBinaries.dbg)) exec \(ShellScript.quoted(try Fixtures.binary("c/hello")))",
            environment: environment, stdin: commands)
        #expect(!plain.text.contains("\"wor...+2 more\""), "\(plain.text)")
        #expect(!plain.text.contains("ignores"), "\(plain.text)")
    }
}
