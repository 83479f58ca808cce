import DbgService

/// The flags of Delve's `goroutines` command:
/// `[-u|-r|-g|-s] [-t [DEPTH]] [-with|-without KIND [ARG]]... [-group KIND [KEY]] [-chan EXPR]`.
struct GoroutinesOptions {
    var which = ThreadText.GoroutineLocation.user
    var stackDepth: Int?
    /// `-l`: each goroutine's pprof labels under it.
    var showsLabels = false
    /// `-exec CMD`: a command run in each goroutine listed (the rest of the line).
    var command: String?
    var filters: [API.GoroutineFilter] = []
    var grouping = API.GoroutineGrouping()

    /// Members shown per group, as Delve's terminal asks.
    static let membersPerGroup = 5

    init(_ arguments: String) throws {
        let words = Arguments.words(arguments)
        var index = 0
        func next() -> String? {
            guard index + 1 < words.count else { return nil }
            index += 1
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            switch word {
            case "-u": which = .user
            case "-r": which = .runtime
            case "-g": which = .goStatement
            case "-s": which = .start
            case "-t":
                stackDepth = 10
                if index + 1 < words.count, let depth = Int(words[index + 1]) {
                    stackDepth = depth
                    index += 1
                }
            case "-with", "-w", "-without", "-wo":
                guard let kindWord = next(), let kind = API.GoroutineFilter.field(kindWord) else {
                    throw REPLError("\(word) needs one of: curloc, userloc, goloc, startloc, label, running, user")
                }
                var filter = API.GoroutineFilter(kind: kind, negated: word == "-without" || word == "-wo")
                if API.GoroutineFilter.takesArgument(kind) {
                    guard let argument = next() else { throw REPLError("\(word) \(kindWord) needs an argument") }
                    filter.arg = argument
                }
                filters.append(filter)
            case "-group":
                guard let kindWord = next(), let kind = API.GoroutineFilter.field(kindWord) else {
                    throw REPLError("-group needs one of: curloc, userloc, goloc, startloc, label, running, user")
                }
                grouping = API.GoroutineGrouping(groupBy: kind, maxGroupMembers: Self.membersPerGroup, maxGroups: 50)
                if kind == .label {
                    guard let key = next() else { throw REPLError("-group label needs a key") }
                    grouping.groupByKey = key
                }
            case "-l": showsLabels = true
            case "-exec":
                let rest = words[(index + 1)...].joined(separator: " ")
                guard !rest.isEmpty else { throw REPLError("-exec needs a command") }
                command = rest
                index = words.count
                continue
            case "-chan":
                // Only the goroutines waiting on that channel (the expression has no spaces).
                guard let expression = next() else { throw REPLError("not enough arguments after -chan") }
                filters.append(API.GoroutineFilter(kind: .waitingOnChannel, arg: expression))
            default:
                throw REPLError.WrongArguments()
            }
            index += 1
        }
    }
}
