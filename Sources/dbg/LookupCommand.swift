import ArgumentParser
import DbgCLI
import DbgService
import Glibc

/// `dbg lookup BINARY LOCATION...`: where locations resolve, without running the program —
/// what `break` would do, as gdb's `info line` does.
struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Resolve locations in a binary without running it.",
        discussion: """
            LOCATION is a function (main, main.inspect, 'pkg.(*T).Method'), FILE:LINE,
            *ADDRESS or /REGEX/. Prints each address a breakpoint there would use.

            EXAMPLES:
              dbg lookup ./prog main hello.c:12 '/^greet/'
            """)

    @Argument(help: "The ELF binary to read.")
    var binary: String

    @Argument(help: "Locations to resolve.")
    var locations: [String]

    func run() throws {
        let inspector: BinaryInspector
        do {
            inspector = try BinaryInspector(path: binary)
        } catch {
            Terminal.error(error.message)
            throw ExitCode.failure
        }
        if !inspector.hasDebugInfo {
            Terminal.warning("\(binary): no debug info; build with -g (functions resolve by symbol name only)")
        }
        var failed = false
        for text in locations {
            do {
                for location in try inspector.findLocations(text) {
                    print(Self.describe(location))
                }
            } catch {
                Terminal.error("\(text): \(error.message)")
                failed = true
            }
        }
        // A one-shot command: leave without tearing down the symbol tables (freeing a big
        // binary's index costs more than the whole lookup).
        fflush(nil)
        Glibc.exit(failed ? 1 : 0)
    }

    static func describe(_ location: API.Location) -> String {
        let address = "0x" + String(location.pc, radix: 16)
        let name = location.function?.name ?? "?"
        guard !location.file.isEmpty else { return "\(name) (\(address))" }
        return "\(name) at \(PathDisplay.relative(location.file)):\(location.line) (\(address))"
    }
}
