import ArgumentParser

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print dbg's version, the commit it was built from and the day of the build.",
        discussion: """
            EXAMPLES:
              dbg version
            """)

    func run() {
        print(BuildInfo.description)
    }
}
