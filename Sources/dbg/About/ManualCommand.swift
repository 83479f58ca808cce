import ArgumentParser
import DbgCLI

/// `dbg generate-manual`: writes dbg(1) to standard output (hidden: `make install` runs it).
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-manual",
        abstract: "Write dbg's manual page (roff) to standard output.",
        shouldDisplay: false)

    func run() throws {
        let page = ManualPage(
            root: try CommandDescription(json: DbgCommand._dumpHelp()), replCommands: REPLCommandReference.groups,
            version: BuildInfo.version, date: BuildInfo.day)
        print(page.text, terminator: "")
    }
}
